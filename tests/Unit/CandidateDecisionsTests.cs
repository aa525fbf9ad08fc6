using CommandCenter.Core.Common;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Unit.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static CommandCenter.Tests.Unit.Support.TestSignals;

namespace CommandCenter.Tests.Unit;

/// <summary>Judging and deciding candidates with incidents and storage faked: no database.</summary>
public sealed class CandidateDecisionsTests : IAsyncDisposable
{
    private readonly ManualClock _clock = new();
    private readonly DetectionOptions _options = new();
    private readonly FakeIncidentLink _incidents = new();
    private readonly MemoryCandidateStore _store = new();
    private readonly DetectionEventBus _bus = new(NullLogger<DetectionEventBus>.Instance);
    private readonly RecordingPublisher _incidentEvents = new();
    private readonly CandidateGrouping _grouping;
    private readonly CandidateDecisions _decisions;

    public CandidateDecisionsTests()
    {
        _grouping = new CandidateGrouping(_options);
        _decisions = new CandidateDecisions(_incidents, _store, new DetectionPublisher(_bus, _incidentEvents), Options.Create(_options), _clock,
            NullLogger<CandidateDecisions>.Instance);
    }

    public ValueTask DisposeAsync() => _bus.DisposeAsync();

    private IncidentCandidate Open(long id, params (string Kind, double Value, double Threshold)[] readings)
    {
        var candidate = Candidate(id, _clock.UtcNow, readings: readings);
        _store.Candidates[id] = candidate;
        _grouping.Index(candidate);
        return candidate;
    }

    [Fact]
    public void JudgeLeavesACandidateFormingUntilItsGroupWaitIsOverThenLeavesItToAPerson()
    {
        var candidate = Open(1, ("prompt-injection-hit", 0.05, 0.01));

        var early = CandidateDecisions.Judge([candidate], _clock.Advance(TimeSpan.FromSeconds(29)), _options);
        Assert.Empty(early.Changed);
        Assert.Equal(CandidateStatus.Forming, candidate.Status);

        var late = CandidateDecisions.Judge([candidate], _clock.Advance(TimeSpan.FromSeconds(1)), _options);

        Assert.Equal([candidate], late.Changed);
        Assert.Empty(late.ToOpen);
        Assert.Equal(CandidateStatus.Pending, candidate.Status);
    }

    [Fact]
    public void JudgeOpensACandidateAtOrAboveTheAutoOpenSeverity()
    {
        var severe = Open(1, ("p90-latency-ms", 18_000, 7_000));
        var mild = Open(2, ("p90-latency-ms", 8_000, 7_000));
        Assert.Equal(Severity.Sev1, severe.Severity);

        var plan = CandidateDecisions.Judge([severe, mild], _clock.Advance(TimeSpan.FromSeconds(30)), _options);

        Assert.Equal([severe], plan.ToOpen);
        Assert.Equal([severe, mild], plan.Changed);
    }

    [Fact]
    public void JudgeResolvesACandidateThatWentQuietForItsResolveTimeout()
    {
        var candidate = Open(1, ("prompt-injection-hit", 0.05, 0.01));

        var plan = CandidateDecisions.Judge([candidate], _clock.Advance(TimeSpan.FromMinutes(5)), _options);

        Assert.Equal([candidate], plan.Changed);
        Assert.False(candidate.IsOpen);
        Assert.Equal("no new signal for 5 min", candidate.ResolvedReason);
    }

    [Fact]
    public void JudgeReportsAnIncidentsNewSignalsAtMostOncePerGroupInterval()
    {
        var candidate = Open(1, ("prompt-injection-hit", 0.05, 0.01));
        candidate.Promote(1, "INC-2026-0001", "Maya Chen", _clock.UtcNow);
        candidate.Reported(_clock.UtcNow);
        candidate.Absorb(new SignalReading(SignalKind.PromptInjectionHit, 0.07, 0.01, new Dictionary<string, string>()), _clock.UtcNow, null, null,
            _clock.UtcNow, []);

        var soon = CandidateDecisions.Judge([candidate], _clock.Advance(TimeSpan.FromSeconds(59)), _options);
        var later = CandidateDecisions.Judge([candidate], _clock.Advance(TimeSpan.FromSeconds(1)), _options);

        Assert.Empty(soon.ToReport);
        Assert.Equal([candidate], later.ToReport);
    }

    [Fact]
    public async Task ATickOpensTheSevereCandidateWritesItsSignalsAndAssemblesTheTriagePack()
    {
        var candidate = Open(1, ("p90-latency-ms", 18_000, 7_000), ("task-completion-rate", 0.05, 0.8));
        _clock.Advance(TimeSpan.FromSeconds(31));

        await _decisions.TickAsync(_grouping, CancellationToken.None);

        var (command, actor) = Assert.Single(_incidents.Declared);
        Assert.Equal(("SEV1", "support-assistant", _options.Author), (command.Severity, command.System, actor));
        Assert.Contains("Opened from detection candidate #1: 2 signal(s)", command.Summary);
        Assert.Equal((CandidateStatus.Incident, CandidateDecision.AutoOpened, "INC-2026-0001"), (candidate.Status, candidate.Decision, candidate.IncidentKey));
        var recorded = Assert.Single(_incidents.Recorded);
        Assert.Equal("INC-2026-0001", recorded.Key);
        Assert.StartsWith("Detection candidate #1 (opened automatically by CommandCenter detection): 2 signal(s)", recorded.Text);
        Assert.Equal(["INC-2026-0001"], _incidents.TriageAssembled);
        Assert.True(candidate.Unreported.IsEmpty);
        Assert.Single(_incidentEvents.Batches.SelectMany(b => b).OfType<IncidentSignalsNotification>(), n => n.Key == "INC-2026-0001");
    }

    [Fact]
    public async Task ATickForgetsWhatItResolved()
    {
        Open(1, ("prompt-injection-hit", 0.05, 0.01));
        _clock.Advance(TimeSpan.FromMinutes(6));

        await _decisions.TickAsync(_grouping, CancellationToken.None);

        Assert.Empty(_grouping.Open);
        Assert.False(_store.Candidates[1].IsOpen);
    }

    [Fact]
    public async Task PromotingTakesTheRespondersTitleAndSeverityAndOnlyOnce()
    {
        var candidate = Open(1, ("prompt-injection-hit", 0.05, 0.01));

        await _decisions.PromoteAsync(candidate, "Maya Chen", new CandidatePromotion("Injection via community articles", Severity.Sev2));

        var (command, actor) = Assert.Single(_incidents.Declared);
        Assert.Equal(("Injection via community articles", "SEV2", "Maya Chen"), (command.Title, command.Severity, actor));
        Assert.Equal(("Maya Chen", CandidateDecision.Promoted), (candidate.DecidedBy, candidate.Decision));
        await Assert.ThrowsAsync<InvalidTransitionException>(() => _decisions.PromoteAsync(candidate, "Maya Chen", new CandidatePromotion()));
        Assert.Single(_incidents.Declared);
    }

    [Fact]
    public async Task MergingIntoAnIncidentThatNoLongerTakesSignalsLeavesTheCandidateUndecided()
    {
        var candidate = Open(1, ("prompt-injection-hit", 0.05, 0.01));
        _incidents.Closed.Add("INC-2026-0009");

        await Assert.ThrowsAsync<InvalidTransitionException>(() => _decisions.MergeAsync(candidate, "INC-2026-0009", "Tom Okafor"));
        await _decisions.MergeAsync(candidate, "INC-2026-0010", "Tom Okafor");

        Assert.Equal(("INC-2026-0010", CandidateDecision.Merged), (candidate.IncidentKey, candidate.Decision));
        Assert.Contains(_incidents.Recorded, r => r.Key == "INC-2026-0010" && r.Text.StartsWith("Detection candidate #1 (merged by Tom Okafor)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DismissingKeepsTheReasonStoresItAndTellsTheCandidatesPage()
    {
        var candidate = Open(1, ("prompt-injection-hit", 0.05, 0.01));
        var told = new TaskCompletionSource<CandidatesChangedNotification>();
        using var subscription = _bus.Subscribe(n =>
        {
            told.TrySetResult((CandidatesChangedNotification)n);
            return Task.CompletedTask;
        });

        await _decisions.DismissAsync(candidate, "Red-team exercise traffic", "Lars Jensen");

        Assert.Equal((CandidateStatus.Dismissed, "Red-team exercise traffic"), (candidate.Status, candidate.DismissReason));
        Assert.Equal([1L], _store.Saved);
        Assert.Equal([1L], (await told.Task.WaitAsync(TimeSpan.FromSeconds(10))).CandidateIds);
        await Assert.ThrowsAsync<InvalidTransitionException>(() => _decisions.DismissAsync(candidate, "again", "Lars Jensen"));
    }

    [Fact]
    public void TheReportOfAQuietCandidateSaysWhyTheSignalsStoppedAndFitsTheTimeline()
    {
        var candidate = Open(1, ("prompt-injection-hit", 0.05, 0.01));
        candidate.Promote(1, "INC-2026-0001", "Maya Chen", _clock.UtcNow);
        candidate.Resolve(_clock.UtcNow, "every alert in the group resolved");
        for (var i = 0; i < 3; i++)
        {
            candidate.Absorb(new SignalReading(SignalKind.PromptInjectionHit, 0.05, 0.01, new Dictionary<string, string>()), _clock.UtcNow,
                new string('x', Limits.TimelineTextLength), null, _clock.UtcNow, []);
        }

        var text = CandidateDecisions.ReportText(candidate);

        Assert.StartsWith("Detection candidate #1 (promoted by Maya Chen): 4 signal(s) — prompt-injection-hit ×4", text);
        Assert.Equal(Limits.TimelineTextLength, text.Length);
        Assert.EndsWith("…", text);
    }
}
