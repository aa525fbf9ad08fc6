using System.Text.Json.Serialization;

namespace CommandCenter.Core.Communications;

/// <summary>Who a status update is written for. Serialized kebab-case, e.g. <c>customers</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UpdateAudience>))]
public enum UpdateAudience
{
    [JsonStringEnumMemberName("internal")] Internal = 1,
    [JsonStringEnumMemberName("leadership")] Leadership = 2,
    [JsonStringEnumMemberName("customers")] Customers = 3,
    [JsonStringEnumMemberName("regulators")] Regulators = 4,
}

public static class UpdateAudiences
{
    public static readonly IReadOnlyList<UpdateAudience> All = Enum.GetValues<UpdateAudience>();

    public static string Allowed { get; } = string.Join(", ", All.Select(a => a.Code()));

    public static string Code(this UpdateAudience audience) => audience.ToString().ToLowerInvariant();

    public static string Label(this UpdateAudience audience) => audience.ToString();

    /// <summary>Text that leaves the company: the Legal/Compliance Liaison approves it before it is marked sent.</summary>
    public static bool IsExternal(this UpdateAudience audience) => audience is UpdateAudience.Customers or UpdateAudience.Regulators;

    /// <summary>Accepts the code or the label in any case. Not Enum.TryParse: it also takes numbers.</summary>
    public static UpdateAudience? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var normalized = new string(value.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        return All.Cast<UpdateAudience?>().FirstOrDefault(a => a!.Value.Code() == normalized);
    }
}
