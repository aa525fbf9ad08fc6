using System.Text.Json.Serialization;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Exercises;

/// <summary>
/// One version of a tabletop scenario. Immutable and stored whole as one JSON column, like a playbook version, so an
/// exercise that ran version 2 still reads version 2 after the scenario is improved.
/// </summary>
/// <param name="System">The affected AI system from the inventory, by slug or name.</param>
/// <param name="Participants">The incident roles the scenario exercises (who should join).</param>
public sealed record ScenarioContent(
    string Title,
    Archetype Archetype,
    Severity Severity,
    string Briefing,
    string System,
    IReadOnlyList<IncidentRole> Participants,
    IReadOnlyList<ScenarioExpectation> Expectations,
    IReadOnlyList<ScenarioInject> Injects)
{
    public ScenarioInject? Inject(string id) => Injects.FirstOrDefault(i => string.Equals(i.Id, id, StringComparison.Ordinal));
}

/// <summary>What the facilitator expects of a role, e.g. "the IC decides on containment within 10 minutes".</summary>
/// <param name="WithinMinutes">Exercise minutes from an inject's release by which the role's decisions should be made.</param>
public sealed record ScenarioExpectation(IncidentRole Role, string Text, int WithinMinutes);

/// <summary>
/// New information revealed during the exercise: at <paramref name="AtMinute"/> of exercise time, or when the facilitator
/// releases it (null). <paramref name="Audience"/> null means everyone; otherwise only that role sees the text.
/// </summary>
public sealed record ScenarioInject(
    string Id,
    int? AtMinute,
    IncidentRole? Audience,
    string Text,
    IReadOnlyList<InjectSignal>? Signals = null,
    DecisionQuestion? Decision = null)
{
    [JsonIgnore]
    public bool IsTimed => AtMinute is not null;

    [JsonIgnore]
    public string When => AtMinute is { } minute ? $"T+{minute} min" : "released by the facilitator";

    [JsonIgnore]
    public string AudienceLabel => Audience is { } role ? role.Title() : "Everyone";
}

/// <summary>A signal an inject pushes through the real ingestion path, as the items of POST /api/signals carry it.</summary>
public sealed record InjectSignal(string Kind, double? Value, double? Threshold, IReadOnlyDictionary<string, string>? Labels = null,
    string? Summary = null);

/// <summary>A question one role must answer (with reasoning) within a time limit of exercise minutes.</summary>
public sealed record DecisionQuestion(IncidentRole Role, string Question, int TimeLimitMinutes, IReadOnlyList<string>? Choices = null);
