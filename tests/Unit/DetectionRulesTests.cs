using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Systems;

namespace CommandCenter.Tests.Unit;

public sealed class SeverityEstimatorTests
{
    private static readonly DetectionRules Rules = new();

    private static SignalReading Reading(SignalKind kind, double? value, params (string Key, string Value)[] labels) =>
        new(kind, value, null, labels.ToDictionary(l => l.Key, l => l.Value));

    private static SeverityEstimate Estimate(RiskTier tier = RiskTier.Limited, params SignalReading[] readings) =>
        SeverityEstimator.Estimate(readings, tier, Rules);

    [Theory]
    [InlineData(SignalKind.P90LatencyMs, 15_001, Severity.Sev1)]
    [InlineData(SignalKind.P90LatencyMs, 15_000, Severity.Sev2)]
    [InlineData(SignalKind.P90LatencyMs, 7_001, Severity.Sev2)]
    [InlineData(SignalKind.P90LatencyMs, 7_000, Severity.Sev4)]
    [InlineData(SignalKind.TaskCompletionRate, 0.09, Severity.Sev1)]
    [InlineData(SignalKind.TaskCompletionRate, 0.10, Severity.Sev2)]
    [InlineData(SignalKind.TaskCompletionRate, 0.49, Severity.Sev2)]
    [InlineData(SignalKind.TaskCompletionRate, 0.50, Severity.Sev4)]
    [InlineData(SignalKind.UnauthorizedAgentAction, 1, Severity.Sev2)]
    [InlineData(SignalKind.ToxicityRate, 0.06, Severity.Sev2)]
    [InlineData(SignalKind.PromptInjectionHit, 0.01, Severity.Sev3)]
    [InlineData(SignalKind.DriftScore, 0.26, Severity.Sev3)]
    [InlineData(SignalKind.DriftScore, 0.25, Severity.Sev4)]
    [InlineData(SignalKind.UserReport, 1, Severity.Sev4)]
    public void AppliesTheSeedThresholdsAtTheirBoundaries(SignalKind kind, double value, Severity expected)
    {
        Assert.Equal(expected, Estimate(readings: Reading(kind, value)).Severity);
    }

    [Fact]
    public void TheWorstMatchingRuleWinsAndEveryMatchIsGivenAsAReason()
    {
        var estimate = Estimate(readings: [Reading(SignalKind.P90LatencyMs, 9_000), Reading(SignalKind.TaskCompletionRate, 0.05)]);

        Assert.Equal(Severity.Sev1, estimate.Severity);
        Assert.Contains(estimate.Reasons, r => r.Contains("P90 latency above 7 s", StringComparison.Ordinal));
        Assert.Contains(estimate.Reasons, r => r.Contains("task completion below 10 %", StringComparison.Ordinal));
    }

    [Fact]
    public void ConfirmedPersonalDataExposureIsAtLeastSev2()
    {
        Assert.Equal(Severity.Sev4, Estimate(readings: Reading(SignalKind.PiiDetectorHit, 1)).Severity);
        Assert.Equal(Severity.Sev2, Estimate(readings: Reading(SignalKind.PiiDetectorHit, 1, ("confirmed", "true"))).Severity);
    }

    [Theory]
    [InlineData("999", Severity.Sev3)]
    [InlineData("1000", Severity.Sev2)]
    [InlineData("250000", Severity.Sev1)]
    public void BlastRadiusRaisesTheEstimate(string affected, Severity expected)
    {
        var estimate = Estimate(readings: Reading(SignalKind.PromptInjectionHit, 0.02, ("affected_users", affected)));

        Assert.Equal(expected, estimate.Severity);
    }

    [Fact]
    public void AffectedSessionsCountAsBlastRadiusToo()
    {
        Assert.Equal(Severity.Sev2, Estimate(readings: Reading(SignalKind.PromptInjectionHit, 0.02, ("affected_sessions", "5000"))).Severity);
    }

    [Theory]
    [InlineData(RiskTier.Minimal, Severity.Sev3)]
    [InlineData(RiskTier.Limited, Severity.Sev3)]
    [InlineData(RiskTier.High, Severity.Sev2)]
    [InlineData(RiskTier.Critical, Severity.Sev2)]
    public void HighRiskSystemsAreRaisedOneLevel(RiskTier tier, Severity expected)
    {
        Assert.Equal(expected, Estimate(tier, Reading(SignalKind.PromptInjectionHit, 0.02)).Severity);
    }

    [Fact]
    public void NeverRaisesPastSev1()
    {
        var estimate = Estimate(RiskTier.Critical, Reading(SignalKind.P90LatencyMs, 20_000, ("affected_users", "1000000")));

        Assert.Equal(Severity.Sev1, estimate.Severity);
    }

    [Fact]
    public void SaysWhyWhenNoRuleMatched()
    {
        var estimate = Estimate(readings: Reading(SignalKind.UserReport, 1));

        Assert.Equal([$"no rule matched → SEV-4"], estimate.Reasons);
    }

    [Fact]
    public void RulesAreDataThatConfigurationCanReplace()
    {
        var strict = new DetectionRules { SeverityRules = [new(SignalKind.UserReport, Comparison.Above, 0, Severity.Sev1, "any user report")] };

        var estimate = SeverityEstimator.Estimate([Reading(SignalKind.UserReport, 1)], RiskTier.Limited, strict);

        Assert.Equal(Severity.Sev1, estimate.Severity);
        Assert.Contains("any user report → at least SEV-1", estimate.Reasons);
    }
}

public sealed class ArchetypeEstimatorTests
{
    [Theory]
    [InlineData(SignalKind.PromptInjectionHit, Archetype.PromptInjection)]
    [InlineData(SignalKind.PiiDetectorHit, Archetype.DataLeakage)]
    [InlineData(SignalKind.UnauthorizedAgentAction, Archetype.AgenticMisalignment)]
    [InlineData(SignalKind.ToxicityRate, Archetype.Toxicity)]
    [InlineData(SignalKind.GroundingScore, Archetype.Misinformation)]
    [InlineData(SignalKind.DownvoteRate, Archetype.Misinformation)]
    [InlineData(SignalKind.DriftScore, Archetype.ModelDrift)]
    [InlineData(SignalKind.ConfidenceDeviation, Archetype.ModelDrift)]
    [InlineData(SignalKind.TokenCostSpike, Archetype.ModelManipulation)]
    public void MapsEachSignalKindToItsArchetype(SignalKind kind, Archetype expected)
    {
        var estimate = ArchetypeEstimator.Estimate(new Dictionary<SignalKind, int> { [kind] = 1 }, AiSystemKind.Generative);

        Assert.Equal(expected, estimate.Archetype);
    }

    [Fact]
    public void TheMostSignalsWin()
    {
        var estimate = ArchetypeEstimator.Estimate(
            new Dictionary<SignalKind, int> { [SignalKind.PromptInjectionHit] = 2, [SignalKind.DriftScore] = 5 }, AiSystemKind.Generative);

        Assert.Equal(Archetype.ModelDrift, estimate.Archetype);
        Assert.Contains("5 signal(s)", estimate.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ATieGoesToTheCostlierArchetype()
    {
        var estimate = ArchetypeEstimator.Estimate(
            new Dictionary<SignalKind, int> { [SignalKind.DriftScore] = 3, [SignalKind.PiiDetectorHit] = 3 }, AiSystemKind.Generative);

        Assert.Equal(Archetype.DataLeakage, estimate.Archetype);
    }

    [Theory]
    [InlineData(AiSystemKind.Generative, Archetype.Misinformation)]
    [InlineData(AiSystemKind.Agent, Archetype.AgenticMisalignment)]
    [InlineData(AiSystemKind.Predictive, Archetype.ModelDrift)]
    public void OnlySymptomsFallBackOnWhatIsLikelyForTheSystem(AiSystemKind kind, Archetype expected)
    {
        var estimate = ArchetypeEstimator.Estimate(new Dictionary<SignalKind, int> { [SignalKind.P90LatencyMs] = 9 }, kind);

        Assert.Equal(expected, estimate.Archetype);
        Assert.Contains("no archetype-specific signal", estimate.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryArchetypeCarriesOwaspAndAtlasReferences()
    {
        Assert.All(Archetypes.All, a =>
        {
            Assert.StartsWith("LLM", a.Owasp, StringComparison.Ordinal);
            Assert.StartsWith("AML.T", a.Atlas, StringComparison.Ordinal);
        });
    }
}

public sealed class SignalKindsTests
{
    [Theory]
    [InlineData("prompt-injection-hit", SignalKind.PromptInjectionHit)]
    [InlineData("PromptInjectionHit", SignalKind.PromptInjectionHit)]
    [InlineData("p90_latency_ms", SignalKind.P90LatencyMs)]
    [InlineData("USER-REPORT", SignalKind.UserReport)]
    public void ParsesCodesAndNamesInAnyCase(string text, SignalKind expected) => Assert.Equal(expected, SignalKinds.Parse(text));

    [Theory]
    [InlineData("gpu-temperature")]
    [InlineData("")]
    [InlineData(null)]
    public void ReturnsNullForWhatItDoesNotKnow(string? text) => Assert.Null(SignalKinds.Parse(text));

    [Fact]
    public void EveryKindHasACodeThatParsesBack()
    {
        Assert.All(Enum.GetValues<SignalKind>(), k => Assert.Equal(k, SignalKinds.Parse(k.Code())));
    }
}

public sealed class CandidateEvidenceTests
{
    private static readonly string[] BlastLabels = ["affected_users"];

    private static SignalReading Reading(SignalKind kind, double value, double? threshold, params (string, string)[] labels) =>
        new(kind, value, threshold, labels.ToDictionary(l => l.Item1, l => l.Item2));

    [Fact]
    public void KeepsTheWorstReadingInTheDirectionThatIsBadForTheKind()
    {
        var evidence = new CandidateEvidence();
        var at = new DateTime(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc);

        evidence.Add(Reading(SignalKind.TaskCompletionRate, 0.4, 0.5), at, null, BlastLabels);
        evidence.Add(Reading(SignalKind.TaskCompletionRate, 0.2, 0.5), at.AddMinutes(1), null, BlastLabels);
        evidence.Add(Reading(SignalKind.TaskCompletionRate, 0.45, 0.5), at.AddMinutes(2), null, BlastLabels);
        evidence.Add(Reading(SignalKind.P90LatencyMs, 9_000, 7_000), at, null, BlastLabels);
        evidence.Add(Reading(SignalKind.P90LatencyMs, 8_000, 7_000), at, null, BlastLabels);

        Assert.Equal(0.2, evidence.Kinds[SignalKind.TaskCompletionRate].WorstValue);
        Assert.Equal(0.45, evidence.Kinds[SignalKind.TaskCompletionRate].LastValue);
        Assert.Equal(0.6, evidence.Kinds[SignalKind.TaskCompletionRate].WorstDeviation, 6);
        Assert.Equal(9_000, evidence.Kinds[SignalKind.P90LatencyMs].WorstValue);
        Assert.Equal(at.AddMinutes(2), evidence.Kinds[SignalKind.TaskCompletionRate].LastAt);
        Assert.Equal(5, evidence.Count);
    }

    [Fact]
    public void ItsReadingsCarryBlastRadiusAndConfirmationToTheSeverityRules()
    {
        var evidence = new CandidateEvidence();
        evidence.Add(Reading(SignalKind.PiiDetectorHit, 1, null, ("confirmed", "yes"), ("affected_users", "4200")), DateTime.UtcNow, null, BlastLabels);

        var estimate = SeverityEstimator.Estimate(evidence.Readings(BlastLabels), RiskTier.Limited, new DetectionRules());

        Assert.True(evidence.ConfirmedPersonalData);
        Assert.Equal(4200, evidence.MaxAffected);
        Assert.Equal(Severity.Sev1, estimate.Severity);
    }

    [Fact]
    public void DescribesWorstDeviationFirst()
    {
        var evidence = new CandidateEvidence();
        evidence.Add(Reading(SignalKind.P90LatencyMs, 7_700, 7_000), DateTime.UtcNow, null, BlastLabels);
        evidence.Add(Reading(SignalKind.PromptInjectionHit, 0.08, 0.01), DateTime.UtcNow, "hidden text in article 4411", BlastLabels);

        Assert.Equal("prompt-injection-hit ×1 (worst 0.08, threshold 0.01); p90-latency-ms ×1 (worst 7,700, threshold 7,000)",
            evidence.Describe());
        Assert.Equal(["hidden text in article 4411"], evidence.Summaries);
    }

    [Fact]
    public void MergingAddsCountsAndKeepsTheWorse()
    {
        var a = new CandidateEvidence();
        var b = new CandidateEvidence();
        var at = DateTime.UtcNow;
        a.Add(Reading(SignalKind.DriftScore, 0.3, 0.25), at, null, BlastLabels);
        b.Add(Reading(SignalKind.DriftScore, 0.5, 0.25), at.AddMinutes(-5), null, BlastLabels);

        a.Merge(b);

        Assert.Equal(2, a.Kinds[SignalKind.DriftScore].Count);
        Assert.Equal(0.5, a.Kinds[SignalKind.DriftScore].WorstValue);
        Assert.Equal(at.AddMinutes(-5), a.Kinds[SignalKind.DriftScore].FirstAt);
    }

    [Theory]
    [InlineData(SignalKind.P90LatencyMs, 14_000, 7_000, 1.0)]
    [InlineData(SignalKind.P90LatencyMs, 5_000, 7_000, 0.0)]
    [InlineData(SignalKind.GroundingScore, 0.3, 0.6, 0.5)]
    [InlineData(SignalKind.UnauthorizedAgentAction, 3, 0, 3.0)]
    public void DeviationIsRelativeToTheThreshold(SignalKind kind, double value, double threshold, double expected)
    {
        Assert.Equal(expected, CandidateEvidence.Deviation(kind, value, threshold), 6);
    }
}

public sealed class DetectionMetricsTests
{
    [Fact]
    public void FalsePositiveRateIsDismissedAmongDecided()
    {
        var metrics = CandidateService.Compute(candidates: 10, awaiting: 2, autoOpened: 1, promoted: 3, merged: 2, dismissed: 2, signals: 500);

        Assert.Equal(0.25, metrics.FalsePositiveRate);
        Assert.Equal(2.0 / 6, metrics.DuplicateRatio);
        Assert.Equal(50, metrics.SignalsPerCandidate);
    }

    [Fact]
    public void RatesAreUnknownBeforeAnyDecision()
    {
        var metrics = CandidateService.Compute(0, 0, 0, 0, 0, 0, 0);

        Assert.Null(metrics.FalsePositiveRate);
        Assert.Null(metrics.DuplicateRatio);
        Assert.Null(metrics.SignalsPerCandidate);
    }
}

public sealed class KnownMitigationsTests
{
    [Fact]
    public void EveryArchetypeHasSteps() =>
        Assert.All(Enum.GetValues<Archetype>(), a => Assert.NotEmpty(KnownMitigations.For(a, AiSystemKind.Generative, hasFallback: false)));

    [Fact]
    public void AFallbackIsOfferedFirstWhenTheSystemHasOne()
    {
        Assert.StartsWith("Route traffic to the system's fallback",
            KnownMitigations.For(Archetype.Toxicity, AiSystemKind.Generative, hasFallback: true)[0].Step, StringComparison.Ordinal);
        Assert.DoesNotContain(KnownMitigations.For(Archetype.Toxicity, AiSystemKind.Generative, hasFallback: false),
            m => m.Step.Contains("fallback", StringComparison.Ordinal));
    }

    [Fact]
    public void AgentsAlwaysGetThePermissionRevocationStep() =>
        Assert.Contains(KnownMitigations.For(Archetype.PromptInjection, AiSystemKind.Agent, hasFallback: false),
            m => m.Step.Contains("permissions", StringComparison.Ordinal));
}
