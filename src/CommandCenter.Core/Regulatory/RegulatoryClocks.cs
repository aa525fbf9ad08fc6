using System.Text.Json.Serialization;
using CommandCenter.Core.Systems;

namespace CommandCenter.Core.Regulatory;

/// <summary>What the responders have established that starts a legal clock.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RegulatoryTrigger>))]
public enum RegulatoryTrigger
{
    /// <summary>Personal data was exposed (GDPR Art. 33).</summary>
    [JsonStringEnumMemberName("personal-data-breach")] PersonalDataBreach = 1,

    /// <summary>A serious incident involving a high-risk AI system (EU AI Act Art. 73).</summary>
    [JsonStringEnumMemberName("serious-incident")] SeriousIncident = 2,

    /// <summary>A serious incident that is a widespread infringement or hits critical infrastructure (Art. 73(3)).</summary>
    [JsonStringEnumMemberName("serious-incident-widespread")] SeriousIncidentWidespread = 3,

    /// <summary>A serious incident in which a person died (Art. 73(4)).</summary>
    [JsonStringEnumMemberName("serious-incident-death")] SeriousIncidentDeath = 4,

    /// <summary>A significant incident of an essential or important entity (NIS2 Art. 23).</summary>
    [JsonStringEnumMemberName("nis2-significant")] Nis2Significant = 5,
}

/// <summary>One legal deadline, kept as configuration ("Regulatory:Clocks") so counsel can adjust it without a release.</summary>
public sealed class ClockDefinition
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public RegulatoryTrigger Trigger { get; set; }
    public TimeSpan Deadline { get; set; }

    /// <summary>What must be done before the deadline, in a line.</summary>
    public string Obligation { get; set; } = "";

    /// <summary>Only for systems of high or critical risk tier (the EU AI Act's high-risk systems).</summary>
    public bool HighRiskSystemsOnly { get; set; }
}

/// <summary>Configuration section "Regulatory".</summary>
public sealed class RegulatoryOptions
{
    public const string Section = "Regulatory";

    public List<ClockDefinition> Clocks { get; set; } =
    [
        new()
        {
            Code = "gdpr-art33", Name = "GDPR Art. 33", Trigger = RegulatoryTrigger.PersonalDataBreach, Deadline = TimeSpan.FromHours(72),
            Obligation = "Notify the supervisory authority of the personal data breach",
        },
        new()
        {
            Code = "ai-act-art73", Name = "EU AI Act Art. 73", Trigger = RegulatoryTrigger.SeriousIncident, Deadline = TimeSpan.FromDays(15),
            Obligation = "Report the serious incident to the market surveillance authority", HighRiskSystemsOnly = true,
        },
        new()
        {
            Code = "ai-act-art73-widespread", Name = "EU AI Act Art. 73 (widespread or critical infrastructure)",
            Trigger = RegulatoryTrigger.SeriousIncidentWidespread, Deadline = TimeSpan.FromDays(2),
            Obligation = "Report the serious incident to the market surveillance authority", HighRiskSystemsOnly = true,
        },
        new()
        {
            Code = "ai-act-art73-death", Name = "EU AI Act Art. 73 (death of a person)", Trigger = RegulatoryTrigger.SeriousIncidentDeath,
            Deadline = TimeSpan.FromDays(10), Obligation = "Report the serious incident to the market surveillance authority",
            HighRiskSystemsOnly = true,
        },
        new()
        {
            Code = "nis2-early-warning", Name = "NIS2 early warning", Trigger = RegulatoryTrigger.Nis2Significant,
            Deadline = TimeSpan.FromHours(24), Obligation = "Send the early warning to the CSIRT or competent authority",
        },
        new()
        {
            Code = "nis2-notification", Name = "NIS2 incident notification", Trigger = RegulatoryTrigger.Nis2Significant,
            Deadline = TimeSpan.FromHours(72), Obligation = "Send the incident notification with a first assessment",
        },
    ];

    /// <summary>Share of the time used up at which a clock turns amber, then red.</summary>
    public double WarnAt { get; set; } = 0.5;

    public double UrgentAt { get; set; } = 0.8;
}

[JsonConverter(typeof(JsonStringEnumConverter<ClockState>))]
public enum ClockState
{
    [JsonStringEnumMemberName("running")] Running = 1,
    [JsonStringEnumMemberName("warning")] Warning = 2,
    [JsonStringEnumMemberName("urgent")] Urgent = 3,
    [JsonStringEnumMemberName("overdue")] Overdue = 4,
    [JsonStringEnumMemberName("met")] Met = 5,
    [JsonStringEnumMemberName("late")] Late = 6,
}

/// <summary>Which clocks a finding starts, and which findings the inventory suggests checking.</summary>
public static class ClockSelection
{
    public static IReadOnlyList<ClockDefinition> For(RegulatoryTrigger trigger, RiskTier riskTier, RegulatoryOptions options) =>
        options.Clocks.Where(c => c.Trigger == trigger && (!c.HighRiskSystemsOnly || riskTier >= RiskTier.High)).ToList();

    /// <summary>The questions Legal should answer for this system, with why each matters.</summary>
    public static IReadOnlyList<(RegulatoryTrigger Trigger, string Why)> Suggested(DataCategories data, RiskTier riskTier, EuAiActRole role)
    {
        var suggestions = new List<(RegulatoryTrigger, string)>();
        if (data != DataCategories.None)
        {
            suggestions.Add((RegulatoryTrigger.PersonalDataBreach, data.HasFlag(DataCategories.SpecialCategories)
                ? "the system handles special categories of personal data"
                : "the system handles personal data"));
        }
        if (riskTier >= RiskTier.High)
        {
            suggestions.Add((RegulatoryTrigger.SeriousIncident, role == EuAiActRole.Provider
                ? "a high-risk system we provide: serious incidents are ours to report"
                : "a high-risk system we deploy: tell the provider at once; it reports"));
        }
        return suggestions;
    }

    public static string Describe(this RegulatoryTrigger trigger) => trigger switch
    {
        RegulatoryTrigger.PersonalDataBreach => "Personal data exposed",
        RegulatoryTrigger.SeriousIncident => "Serious incident (EU AI Act)",
        RegulatoryTrigger.SeriousIncidentWidespread => "Serious incident: widespread or critical infrastructure",
        RegulatoryTrigger.SeriousIncidentDeath => "Serious incident: a person died",
        _ => "Significant incident (NIS2)",
    };

    public static RegulatoryTrigger? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var compact = new string(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        return Enum.GetValues<RegulatoryTrigger>().Where(t => t.ToString().ToLowerInvariant() == compact).Select(t => (RegulatoryTrigger?)t)
            .FirstOrDefault();
    }

    public static string Allowed { get; } =
        "personal-data-breach, serious-incident, serious-incident-widespread, serious-incident-death, nis2-significant";
}
