using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Learning;

namespace CommandCenter.Tests.Unit;

/// <summary>
/// Each metric against numbers worked out by hand from three incidents, seven candidates and five action items
/// (the working is in the comments next to each expectation; definitions in docs/metrics.md).
/// </summary>
public sealed class LearningMetricsTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    private static DateTime At(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    // A: SEV1 Q3, impact 10:00, declared 10:30, triaged 10:40, contained 11:30, resolved 14:30, first signal 10:20, context 10:35.
    // B: SEV2 Q4, declared 09:00, triaged 09:20, contained 10:00, resolved 11:00, context 09:10, no signal, impact start unknown.
    // C: SEV3 Q4, impact 08:00, declared 08:10, nothing after.
    private static readonly MetricIncident A = new("INC-A", Severity.Sev1, Archetype.PromptInjection, "assistant", At(8, 1, 10, 0), At(8, 1, 10, 20),
        At(8, 1, 10, 30), At(8, 1, 10, 40), At(8, 1, 11, 30), At(8, 1, 14, 30), At(8, 1, 10, 35), PlaybookFollowed: true);
    private static readonly MetricIncident B = new("INC-B", Severity.Sev2, Archetype.DataLeakage, "voice", null, null,
        At(10, 5, 9, 0), At(10, 5, 9, 20), At(10, 5, 10, 0), At(10, 5, 11, 0), At(10, 5, 9, 10), PlaybookFollowed: false);
    private static readonly MetricIncident C = new("INC-C", Severity.Sev3, Archetype.PromptInjection, "assistant", At(10, 10, 8, 0), null,
        At(10, 10, 8, 10), null, null, null, null, PlaybookFollowed: false);

    private static MetricCandidate Candidate(CandidateDecision decision, DateTime first, DateTime? decided, string? key, Severity severity = Severity.Sev2) =>
        new("assistant", Archetype.PromptInjection, severity, decision, first, decided, key);

    private static readonly MetricInputs Inputs = new(
        [A, B, C],
        [
            Candidate(CandidateDecision.AutoOpened, At(8, 1, 10, 20), At(8, 1, 10, 30), "INC-A", Severity.Sev1), // 10 min, a page, SEV1: real
            Candidate(CandidateDecision.Promoted, At(10, 5, 8, 40), At(10, 5, 9, 0), "INC-B"),                   // 20 min
            Candidate(CandidateDecision.Merged, At(8, 1, 10, 25), At(8, 1, 10, 45), "INC-A"),                    // 20 min, a duplicate
            Candidate(CandidateDecision.Dismissed, At(9, 1, 1, 0), At(9, 1, 1, 30), null),
            Candidate(CandidateDecision.Dismissed, At(9, 2, 1, 0), At(9, 2, 1, 30), null),
            Candidate(CandidateDecision.AutoOpened, At(10, 10, 8, 5), At(10, 10, 8, 10), "INC-C", Severity.Sev1), // 5 min, a page, ended SEV3: false
            Candidate(CandidateDecision.None, At(11, 1, 1, 0), null, null),                                      // undecided: left out
        ],
        [
            new("INC-A", ActionItemStatus.Done, At(11, 10, 0, 0), At(11, 10, 18, 0)),  // on its due day: on time
            new("INC-A", ActionItemStatus.Done, At(11, 10, 0, 0), At(11, 12, 9, 0)),   // late
            new("INC-B", ActionItemStatus.Open, At(11, 20, 0, 0), null),               // past due, not done
            new("INC-B", ActionItemStatus.Open, At(12, 20, 0, 0), null),               // not due yet: left out
            new("INC-B", ActionItemStatus.WontDo, At(11, 1, 0, 0), null),              // won't do: left out
        ],
        Exercises: 0,
        Now);

    private static MetricsReport All => LearningMetrics.Compute(Inputs, new MetricFilter());

    [Theory]
    [InlineData("mttd", 20.0, 2)]                       // A 30, C 10 (B has no impact start)
    [InlineData("mttt", 15.0, 2)]                       // A 10, B 20
    [InlineData("mttc", 60.0, 2)]                       // A 60, B 60
    [InlineData("mttr", 3.0, 2)]                        // A 4 h, B 2 h
    [InlineData("time-to-context", 12.5, 2)]            // A 15 (from first signal), B 10 (from declaration)
    [InlineData("incidents-per-quarter", 1.5, 3)]       // 3 incidents over 2 quarters
    [InlineData("false-positive-rate", 33.3, 6)]        // 2 dismissed of 6 decided
    [InlineData("playbook-coverage", 33.3, 3)]          // A only
    [InlineData("exercise-frequency", 0.0, 0)]          // no exercises yet: 0, not hidden
    [InlineData("action-items-on-time", 33.3, 3)]       // 1 on time of 3 done or past due
    [InlineData("candidate-precision", 60.0, 5)]        // 3 opened or promoted of 3 + 2 dismissed
    [InlineData("duplicate-ratio", 25.0, 4)]            // 1 merged of 3 opened + 1 merged
    [InlineData("time-to-coherent-candidate", 13.8, 4)] // (10 + 20 + 20 + 5) / 4 = 13.75
    [InlineData("false-page-rate", 50.0, 2)]            // 2 pages, INC-C ended SEV3
    public void EachMetricEqualsTheHandComputedValue(string code, double expected, int sample)
    {
        var value = All[code];

        Assert.Equal(expected, value.Value);
        Assert.Equal(sample, value.Sample);
        Assert.False(string.IsNullOrWhiteSpace(value.Definition));
    }

    [Fact]
    public void QuartersCountIncidentsBySeverityAndAverageTheirTimes()
    {
        var quarters = All.Quarters;

        Assert.Equal(["2026-Q3", "2026-Q4"], quarters.Select(q => q.Quarter));
        Assert.Equal((1, 0, 0, 0), (quarters[0].Sev1, quarters[0].Sev2, quarters[0].Sev3, quarters[0].Sev4));
        Assert.Equal((0, 1, 1, 0), (quarters[1].Sev1, quarters[1].Sev2, quarters[1].Sev3, quarters[1].Sev4));
        Assert.Equal(4.0, quarters[0].Mttr);
        Assert.Equal(10.0, quarters[1].Mttd); // C only
    }

    [Fact]
    public void SeverityFilterKeepsOnlyThatSeverity()
    {
        var report = LearningMetrics.Compute(Inputs, new MetricFilter(Severity: Severity.Sev1));

        Assert.Equal(30.0, report["mttd"].Value);
        Assert.Equal(1, report["mttr"].Sample);
        Assert.Equal(50.0, report["action-items-on-time"].Value); // A's two items: one on time
    }

    [Fact]
    public void TimeRangeAndSystemFiltersApplyToIncidentsAndCandidates()
    {
        var report = LearningMetrics.Compute(Inputs, new MetricFilter(From: At(10, 1, 0, 0), To: At(11, 1, 0, 0), System: "ASSISTANT"));

        Assert.Equal(1, report["mttd"].Sample); // C
        Assert.Null(report["mttr"].Value);      // C is not resolved: nothing to measure, not 0
        Assert.Equal(2, report["false-positive-rate"].Sample); // the promoted and INC-C's candidates fall in October
    }

    [Fact]
    public void CsvHasEveryMetricAndEveryQuarter()
    {
        var csv = LearningMetrics.ToCsv(All);

        Assert.Contains("mttd,MTTD,20,min,2", csv);
        Assert.Contains("2026-Q4,0,1,1,0,10,20,60,2,10", csv);
        Assert.Equal(1 + 14 + 1 + 2, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
