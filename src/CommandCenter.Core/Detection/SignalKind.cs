namespace CommandCenter.Core.Detection;

/// <summary>The AI failure signals monitoring sends. Unknown kinds are kept as <see cref="Generic"/>.</summary>
public enum SignalKind
{
    Generic = 0,
    P90LatencyMs = 1,
    TaskCompletionRate = 2,
    ToxicityRate = 3,
    PiiDetectorHit = 4,
    PromptInjectionHit = 5,
    GroundingScore = 6,
    DownvoteRate = 7,
    ConfidenceDeviation = 8,
    DriftScore = 9,
    UnauthorizedAgentAction = 10,
    TokenCostSpike = 11,
    UserReport = 12,
}

public static class SignalKinds
{
    private static readonly IReadOnlyDictionary<SignalKind, string> Codes = new Dictionary<SignalKind, string>
    {
        [SignalKind.Generic] = "generic",
        [SignalKind.P90LatencyMs] = "p90-latency-ms",
        [SignalKind.TaskCompletionRate] = "task-completion-rate",
        [SignalKind.ToxicityRate] = "toxicity-rate",
        [SignalKind.PiiDetectorHit] = "pii-detector-hit",
        [SignalKind.PromptInjectionHit] = "prompt-injection-hit",
        [SignalKind.GroundingScore] = "grounding-score",
        [SignalKind.DownvoteRate] = "downvote-rate",
        [SignalKind.ConfidenceDeviation] = "confidence-deviation",
        [SignalKind.DriftScore] = "drift-score",
        [SignalKind.UnauthorizedAgentAction] = "unauthorized-agent-action",
        [SignalKind.TokenCostSpike] = "token-cost-spike",
        [SignalKind.UserReport] = "user-report",
    };

    public static string Code(this SignalKind kind) => Codes[kind];

    public static string Allowed { get; } = string.Join(", ", Codes.Values);

    /// <summary>Kinds where a low value is the problem (completion, grounding); for the rest a high value is.</summary>
    public static bool LowerIsWorse(this SignalKind kind) => kind is SignalKind.TaskCompletionRate or SignalKind.GroundingScore;

    /// <summary>Kinds that say something is wrong but not what (latency, completion, reports): they join whatever is open.</summary>
    public static bool IsSymptom(this SignalKind kind) => !ArchetypeEstimator.Evidence.ContainsKey(kind);

    // Every spelling Parse accepts, normalized once: it runs for every ingested signal.
    private static readonly Dictionary<string, SignalKind> ByNormalizedName = Codes
        .SelectMany(c => new[] { (Name: Normalize(c.Value), c.Key), (Name: Normalize(c.Key.ToString()), c.Key) })
        .DistinctBy(c => c.Name)
        .ToDictionary(c => c.Name, c => c.Key, StringComparer.Ordinal);

    /// <summary>Accepts the kebab code or the enum name in any case; null for an unknown kind (the caller keeps it as generic).</summary>
    public static SignalKind? Parse(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : ByNormalizedName.TryGetValue(Normalize(value), out var kind) ? kind : null;

    private static string Normalize(string value) => new(value.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}

/// <summary>One observation as the estimators see it. Labels carry blast radius ("affected_users") and confirmation.</summary>
public sealed record SignalReading(SignalKind Kind, double? Value, double? Threshold, IReadOnlyDictionary<string, string> Labels)
{
    public string? Label(string name) => Labels.TryGetValue(name, out var value) ? value : null;
}
