using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Detection;

public enum Comparison
{
    Above = 1,
    Below = 2,
}

/// <summary>"When a signal of this kind is above/below this value, the incident is at least this severe."</summary>
public sealed record SeverityRule(SignalKind Kind, Comparison When, double Value, Severity AtLeast, string Reason)
{
    public bool Matches(SignalReading reading) =>
        reading.Kind == Kind && reading.Value is { } v && (When == Comparison.Above ? v > Value : v < Value);
}

/// <summary>Blast radius: this many affected users or sessions raise the estimate by this many levels.</summary>
public sealed record BlastRadiusStep(double AtLeastAffected, int RaiseBy);

/// <summary>
/// The detection rules, kept as data (configuration section "Detection" can replace any list) rather than code.
/// The defaults carry published thresholds for conversational and voice agents and the data-protection floor.
/// </summary>
public sealed class DetectionRules
{
    public List<SeverityRule> SeverityRules { get; set; } =
    [
        new(SignalKind.P90LatencyMs, Comparison.Above, 15_000, Severity.Sev1, "P90 latency above 15 s"),
        new(SignalKind.TaskCompletionRate, Comparison.Below, 0.10, Severity.Sev1, "task completion below 10 %"),
        new(SignalKind.P90LatencyMs, Comparison.Above, 7_000, Severity.Sev2, "P90 latency above 7 s"),
        new(SignalKind.TaskCompletionRate, Comparison.Below, 0.50, Severity.Sev2, "task completion below 50 %"),
        new(SignalKind.UnauthorizedAgentAction, Comparison.Above, 0, Severity.Sev2, "an agent acted beyond its permissions"),
        new(SignalKind.ToxicityRate, Comparison.Above, 0.05, Severity.Sev2, "toxicity above 5 % of responses"),
        new(SignalKind.PromptInjectionHit, Comparison.Above, 0, Severity.Sev3, "prompt-injection classifier hits"),
        new(SignalKind.DriftScore, Comparison.Above, 0.25, Severity.Sev3, "drift score above 0.25"),
    ];

    /// <summary>Confirmed personal-data exposure is never below this severity.</summary>
    public Severity ConfirmedPersonalDataAtLeast { get; set; } = Severity.Sev2;

    public List<BlastRadiusStep> BlastRadius { get; set; } = [new(1_000, 1), new(100_000, 2)];

    /// <summary>Labels that carry the number of affected users or sessions.</summary>
    public List<string> BlastRadiusLabels { get; set; } = ["affected_users", "affected_sessions"];

    /// <summary>Systems of these risk tiers get one level more.</summary>
    public List<Systems.RiskTier> RaisingRiskTiers { get; set; } = [Systems.RiskTier.High, Systems.RiskTier.Critical];

    /// <summary>When no rule matches.</summary>
    public Severity Baseline { get; set; } = Severity.Sev4;
}
