using System.Text.Json.Serialization;

namespace CommandCenter.Core.Incidents;

[JsonConverter(typeof(JsonStringEnumConverter<TimelineEntryKind>))]
public enum TimelineEntryKind
{
    [JsonStringEnumMemberName("note")] Note = 1,
    [JsonStringEnumMemberName("decision")] Decision = 2,
    [JsonStringEnumMemberName("action")] Action = 3,
    [JsonStringEnumMemberName("status-change")] StatusChange = 4,
    [JsonStringEnumMemberName("role-change")] RoleChange = 5,
    [JsonStringEnumMemberName("severity-change")] SeverityChange = 6,
    [JsonStringEnumMemberName("signal")] Signal = 7,
    [JsonStringEnumMemberName("communication")] Communication = 8,
}

public static class TimelineEntryKinds
{
    /// <summary>Kinds a person writes; the others are written by the system when state changes.</summary>
    public static readonly IReadOnlyList<TimelineEntryKind> Written =
        [TimelineEntryKind.Note, TimelineEntryKind.Decision, TimelineEntryKind.Action, TimelineEntryKind.Communication, TimelineEntryKind.Signal];

    public static string Allowed { get; } = string.Join(", ", Written.Select(k => k.Code()));

    public static bool IsWrittenByPeople(this TimelineEntryKind kind) => Written.Contains(kind);

    public static string Code(this TimelineEntryKind kind) => kind switch
    {
        TimelineEntryKind.StatusChange => "status-change",
        TimelineEntryKind.RoleChange => "role-change",
        TimelineEntryKind.SeverityChange => "severity-change",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static string Label(this TimelineEntryKind kind) => kind switch
    {
        TimelineEntryKind.StatusChange => "Status",
        TimelineEntryKind.RoleChange => "Roles",
        TimelineEntryKind.SeverityChange => "Severity",
        _ => kind.ToString(),
    };

    public static TimelineEntryKind? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        // Separators go, digits stay: "note2" is a typo, not a Note.
        var normalized = new string(value.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        return Enum.GetValues<TimelineEntryKind>().Cast<TimelineEntryKind?>()
            .FirstOrDefault(k => k!.Value.ToString().ToLowerInvariant() == normalized);
    }
}
