using System.Text.Json.Serialization;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Regulatory;

namespace CommandCenter.Core.Playbooks;

/// <summary>
/// One version of a playbook. Immutable, and stored whole as one JSON column per version, so an incident that ran
/// version 3 still reads version 3 after the playbook is improved.
/// </summary>
public sealed record PlaybookContent(
    string Title,
    string Summary,
    IReadOnlyList<string> DetectionSignals,
    IReadOnlyList<PlaybookStep> Steps,
    IReadOnlyList<CommunicationTemplate> Templates);

/// <summary>
/// One thing to do, owned by one incident role. <paramref name="Id"/> is a kebab slug that stays the same across
/// versions, so progress recorded against it survives rewording.
/// </summary>
public sealed record PlaybookStep(string Id, PlaybookPhase Phase, string Text, IncidentRole Owner, PlaybookGate? Gate = null)
{
    [JsonIgnore]
    public bool IsGate => Gate is not null;
}

/// <summary>A yes/no decision; a yes may start a regulatory clock.</summary>
public sealed record PlaybookGate(string Question, string IfYes, RegulatoryTrigger? StartsClock = null);

/// <summary>A ready-to-edit message for one audience (see <see cref="CommunicationAudiences"/>).</summary>
public sealed record CommunicationTemplate(string Audience, string Title, string Body);

[JsonConverter(typeof(JsonStringEnumConverter<PlaybookPhase>))]
public enum PlaybookPhase
{
    [JsonStringEnumMemberName("immediate")] Immediate = 1,
    [JsonStringEnumMemberName("investigate")] Investigate = 2,
    [JsonStringEnumMemberName("decide")] Decide = 3,
    [JsonStringEnumMemberName("communicate")] Communicate = 4,
    [JsonStringEnumMemberName("recover")] Recover = 5,
}

public static class CommunicationAudiences
{
    public const string Internal = "internal";
    public const string Leadership = "leadership";
    public const string Customers = "customers";
    public const string Regulators = "regulators";

    public static readonly IReadOnlyList<string> All = [Internal, Leadership, Customers, Regulators];

    public static string Allowed { get; } = string.Join(", ", All);

    /// <summary>The canonical audience for <paramref name="value"/> in any case, or null when it is not one.</summary>
    public static string? Parse(string? value) =>
        All.FirstOrDefault(a => string.Equals(a, value?.Trim(), StringComparison.OrdinalIgnoreCase));
}
