using System.Text.Json;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Systems;

namespace CommandCenter.Tests.Unit.Support;

/// <summary>Validated signals and stored candidates for testing the detection pieces one by one, without the ingestion path.</summary>
internal static class TestSignals
{
    public const string Source = "prometheus";

    public static readonly DateTime Now = ManualClock.DefaultStart.UtcDateTime;

    public static readonly SystemRisk Support = new(1, "support-assistant", "Support assistant", AiSystemKind.Generative, RiskTier.Limited);

    public static readonly SystemRisk RefundAgent = new(2, "refund-agent", "Refund agent", AiSystemKind.Agent, RiskTier.High);

    private static int _sequence;

    /// <summary>A trigger as <c>SignalPreparation</c> would hand it on (each one distinct unless <paramref name="id"/> repeats).</summary>
    public static PreparedSignal Trigger(string kind = "prompt-injection-hit", double? value = 0.05, double? threshold = 0.01,
        SystemRisk? system = null, Dictionary<string, string>? labels = null, string? fingerprint = null, string source = Source,
        int index = 0, DateTime? at = null, string? id = null, string? summary = null) =>
        Prepared(SignalAction.Trigger, kind, value, threshold, system ?? Support, labels, fingerprint, source, index, at, id, summary);

    public static PreparedSignal Resolve(string fingerprint, string source = Source, int index = 0, DateTime? at = null) =>
        Prepared(SignalAction.Resolve, "generic", null, null, null, null, fingerprint, source, index, at, id: null, summary: null);

    /// <summary>The candidate as stored: with the id the database would give it.</summary>
    public static IncidentCandidate Stored(IncidentCandidate candidate, long id)
    {
        candidate.StoredAs(id);
        return candidate;
    }

    /// <summary>A new candidate of <paramref name="system"/> with these readings absorbed, estimated and stored under <paramref name="id"/>.</summary>
    public static IncidentCandidate Candidate(long id, DateTime createdAt, SystemRisk? system = null, string source = Source,
        params (string Kind, double Value, double Threshold)[] readings)
    {
        system ??= Support;
        var rules = new DetectionRules();
        var candidate = new IncidentCandidate($"{system.Slug}|test-{id}|", system, source, new Dictionary<string, string>(),
            Core.Incidents.Archetype.PromptInjection, createdAt, createdAt);
        foreach (var (kind, value, threshold) in readings)
        {
            candidate.Absorb(new SignalReading(SignalKinds.Parse(kind)!.Value, value, threshold, new Dictionary<string, string>()), createdAt, null, null,
                createdAt, rules.BlastRadiusLabels);
        }
        candidate.Estimate(system, rules);
        return Stored(candidate, id);
    }

    private static PreparedSignal Prepared(SignalAction action, string kind, double? value, double? threshold, SystemRisk? system,
        Dictionary<string, string>? labels, string? fingerprint, string source, int index, DateTime? at, string? id, string? summary)
    {
        labels ??= [];
        var key = "id:" + (id ?? $"test-{Interlocked.Increment(ref _sequence)}");
        var parsed = SignalKinds.Parse(kind) ?? SignalKind.Generic;
        return new PreparedSignal(index, source, key, SignalPreparation.KeyHash(source, key), system, parsed, null, value, threshold, labels,
            JsonSerializer.Serialize(labels), fingerprint, action, summary, at ?? Now, at ?? Now, null);
    }
}
