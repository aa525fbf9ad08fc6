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

    public static ArchetypeEstimate Estimate(IReadOnlyCollection<SignalReading> readings, AiSystemKind systemKind)
    {
        var votes = readings
            .Where(r => Evidence.ContainsKey(r.Kind))
            .GroupBy(r => Evidence[r.Kind])
            .Select(g => (Archetype: g.Key, Count: g.Count(), Kinds: g.Select(r => r.Kind.Code()).Distinct().ToList()))
            .OrderByDescending(v => v.Count)
            .ThenBy(v => Array.IndexOf(TieOrder, v.Archetype))
            .ToList();
        if (votes.Count > 0)
        {
            var best = votes[0];
            return new ArchetypeEstimate(best.Archetype, $"{best.Count} signal(s) of {string.Join(", ", best.Kinds)}");
        }

        // Only symptoms (latency, completion, user reports): fall back on what usually goes wrong for this kind of system.
        var fallback = systemKind switch
        {
            AiSystemKind.Agent => Archetype.AgenticMisalignment,
            AiSystemKind.Predictive => Archetype.ModelDrift,
            _ => Archetype.Misinformation,
        };
        return new ArchetypeEstimate(fallback, $"no archetype-specific signal; most likely for a {systemKind.ToString().ToLowerInvariant()} system");
    }
}
