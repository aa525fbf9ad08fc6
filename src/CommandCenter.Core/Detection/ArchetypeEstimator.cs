using CommandCenter.Core.Incidents;
using CommandCenter.Core.Systems;

namespace CommandCenter.Core.Detection;

public sealed record ArchetypeEstimate(Archetype Archetype, string Reason);

/// <summary>Which failure the signals point to. Security archetypes win ties: they are the costliest to miss.</summary>
public static class ArchetypeEstimator
{
    /// <summary>The evidence each signal kind gives; latency, completion and generic signals say nothing about the archetype.</summary>
    public static readonly IReadOnlyDictionary<SignalKind, Archetype> Evidence = new Dictionary<SignalKind, Archetype>
    {
        [SignalKind.PromptInjectionHit] = Archetype.PromptInjection,
        [SignalKind.PiiDetectorHit] = Archetype.DataLeakage,
        [SignalKind.UnauthorizedAgentAction] = Archetype.AgenticMisalignment,
        [SignalKind.ToxicityRate] = Archetype.Toxicity,
        [SignalKind.GroundingScore] = Archetype.Misinformation,
        [SignalKind.DownvoteRate] = Archetype.Misinformation,
        [SignalKind.DriftScore] = Archetype.ModelDrift,
        [SignalKind.ConfidenceDeviation] = Archetype.ModelDrift,
        [SignalKind.TokenCostSpike] = Archetype.ModelManipulation,
    };

    private static readonly Archetype[] TieOrder =
    [
        Archetype.DataLeakage, Archetype.PromptInjection, Archetype.AgenticMisalignment, Archetype.ModelManipulation,
        Archetype.Toxicity, Archetype.Misinformation, Archetype.ModelDrift,
    ];

    /// <summary>The archetype a kind of signal points to, or the usual one for the system when it is only a symptom.</summary>
    public static Archetype For(SignalKind kind, AiSystemKind systemKind) =>
        Evidence.TryGetValue(kind, out var archetype) ? archetype : Fallback(systemKind);

    public static ArchetypeEstimate Estimate(IReadOnlyCollection<SignalReading> readings, AiSystemKind systemKind) =>
        Estimate(readings.GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.Count()), systemKind);

    /// <summary>Each signal is a vote for the archetype its kind points to; <paramref name="counts"/> is signals per kind.</summary>
    public static ArchetypeEstimate Estimate(IReadOnlyDictionary<SignalKind, int> counts, AiSystemKind systemKind)
    {
        var votes = counts
            .Where(c => Evidence.ContainsKey(c.Key) && c.Value > 0)
            .GroupBy(c => Evidence[c.Key])
            .Select(g => (Archetype: g.Key, Count: g.Sum(c => c.Value), Kinds: g.Select(c => c.Key.Code()).ToList()))
            .OrderByDescending(v => v.Count)
            .ThenBy(v => Array.IndexOf(TieOrder, v.Archetype))
            .ToList();
        if (votes.Count > 0)
        {
            var best = votes[0];
            return new ArchetypeEstimate(best.Archetype, $"{best.Count} signal(s) of {string.Join(", ", best.Kinds)}");
        }

        // Only symptoms (latency, completion, user reports): fall back on what usually goes wrong for this kind of system.
        return new ArchetypeEstimate(Fallback(systemKind), $"no archetype-specific signal; most likely for a {systemKind.ToString().ToLowerInvariant()} system");
    }

    private static Archetype Fallback(AiSystemKind systemKind) => systemKind switch
    {
        AiSystemKind.Agent => Archetype.AgenticMisalignment,
        AiSystemKind.Predictive => Archetype.ModelDrift,
        _ => Archetype.Misinformation,
    };
}
