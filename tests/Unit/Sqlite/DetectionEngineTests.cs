using CommandCenter.Core.Common;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Systems;
using CommandCenter.Tests.Unit.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Unit;

public sealed class DetectionEngineTests : IAsyncLifetime
{
    private const string Source = "prometheus";
    private readonly TempDatabaseFolder _folder = new();
    private TestHost _host = null!;

    private DetectionEngine Engine => _host.Services.GetRequiredService<DetectionEngine>();
    private CandidateService Candidates => _host.Services.GetRequiredService<CandidateService>();

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(_folder.PathOf(), settings: new Dictionary<string, string?>
        {
            ["Detection:Grouping:GroupWait"] = "00:00:30",
            ["Detection:Grouping:GroupInterval"] = "00:01:00",
            ["Detection:Grouping:ResolveTimeout"] = "00:05:00",
        });
        await using (var db = _host.CreateDbContext())
        {
            db.AiSystems.Add(new AiSystem("refund-agent", "Refund agent", AiSystemKind.Agent, "Payments", RiskTier.Limited, "1.8.0", "1.7.2", true));
            await db.SaveChangesAsync();
        }
        await Engine.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Engine.StopAsync(CancellationToken.None);
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>A query over the signal table once every answered signal has been applied to it.</summary>
    private async Task<long> AppliedScalarAsync(string sql)
    {
        await _host.Services.GetRequiredService<ISignalBacklog>().CaughtUpAsync();
        return _host.Scalar(sql);
    }

    private static IncomingSignal Hit(double value = 0.04, string system = "support-assistant", string kind = "prompt-injection-hit",
        Dictionary<string, string>? labels = null, string? fingerprint = null, string? id = null) => new()
        {
            System = system, Kind = kind, Value = value, Threshold = 0.01, Labels = labels, Fingerprint = fingerprint, IdempotencyKey = id,
        };

    [Fact]
    public async Task StoresSignalsBeforeAnsweringAndGroupsThemIntoOneCandidate()
    {
        var result = await Engine.IngestAsync(Source, [Hit(0.02), Hit(0.05), Hit(0.03)]);

        Assert.Equal(3, result.Accepted);
        Assert.All(result.Items, i => Assert.NotNull(i.SignalId));
        // Durable before the answer: journaled, or already stored in the signal table.
        Assert.Equal(3, _host.Scalar("SELECT COUNT(*) FROM Signals") + _host.Services.GetRequiredService<SignalIntake>().PendingSignals);
        Assert.Equal(3, await AppliedScalarAsync("SELECT COUNT(*) FROM Signals"));
        var candidate = Assert.Single(await Candidates.ListAsync());
        Assert.Equal(3, candidate.SignalCount);
        Assert.Equal(Archetype.PromptInjection, candidate.Archetype);
        Assert.Equal(CandidateStatus.Forming, candidate.Status);
        Assert.Equal(0.05, candidate.Kinds.Single().WorstValue);
    }

    [Fact]
    public async Task ReplayingTheSamePayloadNeverCountsTwice()
    {
        IncomingSignal[] payload = [Hit(0.02), Hit(0.05)];
        await Engine.IngestAsync(Source, payload);

        var replay = await Engine.IngestAsync(Source, payload);

        Assert.Equal(0, replay.Accepted);
        Assert.Equal(2, replay.Duplicates);
        Assert.Equal(2, await AppliedScalarAsync("SELECT COUNT(*) FROM Signals"));
        Assert.Equal(2, Assert.Single(await Candidates.ListAsync()).SignalCount);
    }

    [Fact]
    public async Task AnExplicitIdMakesASignalADuplicateWhateverItsContent()
    {
        await Engine.IngestAsync(Source, [Hit(0.02, id: "evt-1")]);

        var again = await Engine.IngestAsync(Source, [Hit(0.09, id: "evt-1"), Hit(0.09, id: "evt-2")]);

        Assert.Equal(IngestOutcome.Duplicate, again.Items[0].Outcome);
        Assert.Equal(IngestOutcome.Accepted, again.Items[1].Outcome);
    }

    [Fact]
    public async Task IdempotencyIsPerSource()
    {
        await Engine.IngestAsync(Source, [Hit(0.02, id: "evt-1")]);

        var other = await Engine.IngestAsync("pagerduty", [Hit(0.02, id: "evt-1")]);

        Assert.Equal(1, other.Accepted);
    }

    [Fact]
    public async Task KeepsTheGoodItemsOfABatchAndNamesWhatIsWrongWithTheRest()
    {
        var result = await Engine.IngestAsync(Source,
        [
            Hit(),
            Hit(system: "no-such-system"),
            new IncomingSignal { System = "support-assistant" },
            Hit(0.5),
        ]);

        Assert.Equal(2, result.Accepted);
        Assert.Equal(2, result.Rejected);
        Assert.Contains("system", result.Items[1].Errors!.Keys);
        Assert.Contains("kind", result.Items[2].Errors!.Keys);
        Assert.Equal(2, await AppliedScalarAsync("SELECT COUNT(*) FROM Signals"));
    }

    [Fact]
    public async Task AFiniteButExtremeReadingIsRejectedNamingTheValueAndTheRestOfTheBatchIsKept()
    {
        var result = await Engine.IngestAsync(Source,
        [
            Hit(0.05),
            new IncomingSignal { System = "support-assistant", Kind = "prompt-injection-hit", Value = 1.7e308, Threshold = 1e-300 },
            new IncomingSignal { System = "support-assistant", Kind = "task-completion-rate", Value = -1.7e308, Threshold = 1.7e308 },
        ]);

        Assert.Equal([IngestOutcome.Accepted, IngestOutcome.Rejected, IngestOutcome.Rejected], result.Items.Select(i => i.Outcome));
        Assert.Contains("threshold", Assert.Single(result.Items[1].Errors!["value"]));
        Assert.Contains("value", result.Items[2].Errors!.Keys);
        Assert.Equal(1, await AppliedScalarAsync("SELECT COUNT(*) FROM Signals"));
    }

    [Fact]
    public async Task TextWithALoneSurrogateIsRejectedNamingItsField()
    {
        var result = await Engine.IngestAsync(Source,
        [
            Hit(labels: new() { ["region"] = "eu-\ud800" }),
            Hit(labels: new() { ["re\udc00gion"] = "eu" }),
            Hit() with { Summary = "Injection \udbff" },
            Hit() with { System = "support-\ud800" },
            Hit(0.06, labels: new() { ["region"] = "eu-\ud83d\ude00" }),
        ]);

        Assert.Equal([IngestOutcome.Rejected, IngestOutcome.Rejected, IngestOutcome.Rejected, IngestOutcome.Rejected, IngestOutcome.Accepted],
            result.Items.Select(i => i.Outcome));
        Assert.Contains("surrogate", Assert.Single(result.Items[0].Errors!["labels.region"]));
        Assert.Contains("labels", result.Items[1].Errors!.Keys);
        Assert.Contains("summary", result.Items[2].Errors!.Keys);
        Assert.Contains("system", result.Items[3].Errors!.Keys);
        Assert.All(result.Items.SelectMany(i => i.Errors?.Values.SelectMany(m => m) ?? []), m => Assert.True(UnicodeText.IsValid(m), m));
    }

    [Fact]
    public async Task KeepsAnUnknownKindAsGenericWithAWarning()
    {
        var result = await Engine.IngestAsync(Source, [Hit(kind: "gpu-temperature")]);

        var item = Assert.Single(result.Items);
        Assert.Equal(IngestOutcome.Accepted, item.Outcome);
        Assert.Contains("gpu-temperature", item.Warning);
        Assert.Equal(1, await AppliedScalarAsync("SELECT COUNT(*) FROM Signals WHERE Kind = 'Generic' AND RawKind = 'gpu-temperature'"));
    }

    [Fact]
    public async Task RejectsAnOversizedBatchAsAWhole()
    {
        var batch = Enumerable.Range(0, 1001).Select(i => Hit(i)).ToList();

        var error = await Assert.ThrowsAsync<ValidationException>(() => Engine.IngestAsync(Source, batch));

        Assert.Contains("signals", error.Errors.Keys);
    }

    [Fact]
    public async Task SeparatesArchetypesSystemsAndIdentifyingLabels()
    {
        await Engine.IngestAsync(Source,
        [
            Hit(),
            Hit(kind: "pii-detector-hit"),
            Hit(system: "refund-agent"),
            Hit(labels: new() { ["region"] = "eu-west" }),
            Hit(labels: new() { ["region"] = "eu-west", ["pod"] = "a-1" }),
        ]);

        var candidates = await Candidates.ListAsync();

        Assert.Equal(4, candidates.Count);
        Assert.Equal(2, candidates.Single(c => c.Labels.GetValueOrDefault("region") == "eu-west").SignalCount);
    }

    [Fact]
    public async Task SymptomsJoinTheOpenCandidateOfTheirSystem()
    {
        await Engine.IngestAsync(Source, [Hit()]);

        await Engine.IngestAsync(Source, [Hit(9_000, kind: "p90-latency-ms")]);

        var candidate = Assert.Single(await Candidates.ListAsync());
        Assert.Equal(2, candidate.SignalCount);
        Assert.Equal(Archetype.PromptInjection, candidate.Archetype);
    }

    [Fact]
    public async Task ASymptomsOnlyCandidateLearnsItsArchetypeFromALaterSignal()
    {
        await Engine.IngestAsync(Source, [Hit(0.3, kind: "task-completion-rate")]);

        await Engine.IngestAsync(Source, [Hit(kind: "pii-detector-hit")]);

        var candidate = Assert.Single(await Candidates.ListAsync());
        Assert.Equal(Archetype.DataLeakage, candidate.Archetype);
        Assert.Equal(2, candidate.SignalCount);
    }

    [Fact]
    public async Task ACandidateFormsDuringGroupWaitThenWaitsForAPersonBelowTheAutoOpenSeverity()
    {
        await Engine.IngestAsync(Source, [Hit()]);
        _host.Clock.Advance(TimeSpan.FromSeconds(29));
        await Engine.TickNowAsync();
        Assert.Equal(CandidateStatus.Forming, Assert.Single(await Candidates.ListAsync()).Status);

        _host.Clock.Advance(TimeSpan.FromSeconds(2));
        await Engine.TickNowAsync();

        var candidate = Assert.Single(await Candidates.ListAsync());
        Assert.Equal(CandidateStatus.Pending, candidate.Status);
        Assert.Equal(Severity.Sev3, candidate.Severity);
        Assert.Contains(candidate.SeverityReasons, r => r.Contains("prompt-injection", StringComparison.Ordinal));
        Assert.Empty(await _host.Incidents.ListAsync());
    }

    [Fact]
    public async Task ASevereCandidateOpensAnIncidentAfterGroupWaitWithItsSignalsOnTheTimeline()
    {
        var first = _host.Clock.UtcNow;
        await Engine.IngestAsync(Source, [Hit(18_000, kind: "p90-latency-ms"), Hit(0.05, kind: "task-completion-rate")]);
        _host.Clock.Advance(TimeSpan.FromSeconds(31));

        await Engine.TickNowAsync();

        var candidate = Assert.Single(await Candidates.ListAsync());
        Assert.Equal(CandidateStatus.Incident, candidate.Status);
        Assert.Equal(CandidateDecision.AutoOpened, candidate.Decision);
        var incident = await _host.Incidents.GetWithTimelineAsync(candidate.IncidentKey!);
        Assert.Equal(Severity.Sev1, incident.Detail.Incident.Severity);
        Assert.Contains(incident.Timeline, e => e.Kind == TimelineEntryKind.Signal && e.Text.Contains("2 signal(s)", StringComparison.Ordinal));
        await using var db = _host.CreateDbContext();
        var stored = await db.Incidents.AsNoTracking().SingleAsync();
        Assert.Equal(first, stored.FirstSignalAt);
        Assert.NotNull(stored.ContextAssembledAt);
        Assert.Equal(TimeSpan.FromSeconds(31), stored.Metrics.TimeToContext);
    }

    [Fact]
    public async Task NewSignalsReachTheIncidentTimelineAsOneEntryPerGroupInterval()
    {
        await Engine.IngestAsync(Source, [Hit(18_000, kind: "p90-latency-ms")]);
        _host.Clock.Advance(TimeSpan.FromSeconds(31));
        await Engine.TickNowAsync();
        var key = Assert.Single(await Candidates.ListAsync()).IncidentKey!;
        var entriesBefore = (await _host.Incidents.GetTimelineAsync(key)).Count;

        for (var i = 0; i < 5; i++)
        {
            await Engine.IngestAsync(Source, [Hit(19_000 + i, kind: "p90-latency-ms")]);
        }
        _host.Clock.Advance(TimeSpan.FromSeconds(30));
        await Engine.TickNowAsync();
        Assert.Equal(entriesBefore, (await _host.Incidents.GetTimelineAsync(key)).Count);

        _host.Clock.Advance(TimeSpan.FromSeconds(31));
        await Engine.TickNowAsync();

        var timeline = await _host.Incidents.GetTimelineAsync(key);
        Assert.Equal(entriesBefore + 1, timeline.Count);
        Assert.Contains("5 signal(s)", timeline[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AQuietCandidateResolvesAndTheNextSignalStartsANewOne()
    {
        await Engine.IngestAsync(Source, [Hit()]);
        _host.Clock.Advance(TimeSpan.FromMinutes(5));
        await Engine.TickNowAsync();

        await Engine.IngestAsync(Source, [Hit(0.07)]);

        var candidates = await Candidates.ListAsync();
        Assert.Equal(2, candidates.Count);
        Assert.Single(candidates, c => c.ResolvedAt is not null);
    }

    [Fact]
    public async Task ResolvingEveryAlertOfAGroupResolvesIt()
    {
        await Engine.IngestAsync(Source, [Hit(fingerprint: "a1"), Hit(0.06, fingerprint: "a2")]);

        await Engine.IngestAsync(Source, [new IncomingSignal { Fingerprint = "a1", Action = SignalAction.Resolve }]);
        Assert.Null(Assert.Single(await Candidates.ListAsync()).ResolvedAt);
        await Engine.IngestAsync(Source, [new IncomingSignal { Fingerprint = "a2", Action = SignalAction.Resolve }]);

        var candidate = Assert.Single(await Candidates.ListAsync());
        Assert.NotNull(candidate.ResolvedAt);
        Assert.Equal(0, candidate.FiringAlerts);
        // Resolved inside its group wait: it stops "collecting related signals" at once (no tick would end the wait).
        Assert.Equal(CandidateStatus.Pending, candidate.Status);
    }

    [Fact]
    public async Task AcknowledgingAnUnknownAlertIsAcceptedWithAWarningAndStoresNothing()
    {
        var result = await Engine.IngestAsync(Source, [new IncomingSignal { Fingerprint = "nope", Action = SignalAction.Acknowledge }]);

        var item = Assert.Single(result.Items);
        Assert.Equal(IngestOutcome.Accepted, item.Outcome);
        Assert.Null(item.SignalId);
        Assert.Contains("nope", item.Warning);
        Assert.Equal(0, await AppliedScalarAsync("SELECT COUNT(*) FROM Signals"));
    }

    [Fact]
    public async Task PromotingOpensAnIncidentOnceAndRecordsWhoDecided()
    {
        await Engine.IngestAsync(Source, [Hit()]);
        var id = Assert.Single(await Candidates.ListAsync()).Id;

        var promoted = await Candidates.PromoteAsync(id, TestActors.As("Maya Chen"), new PromoteCandidate("Injection via community articles", "SEV2"));

        Assert.Equal(CandidateDecision.Promoted, promoted.Decision);
        Assert.Equal("Maya Chen", promoted.DecidedBy);
        var incident = await _host.Incidents.GetAsync(promoted.IncidentKey!);
        Assert.Equal("Injection via community articles", incident.Incident.Title);
        Assert.Equal(Severity.Sev2, incident.Incident.Severity);
        Assert.Equal(Archetype.PromptInjection, incident.Incident.Archetype);
        await Assert.ThrowsAsync<InvalidTransitionException>(() => Candidates.PromoteAsync(id, TestActors.As("Maya Chen")));
    }

    [Fact]
    public async Task APromoterCorrectsTheArchetypeAndTakesCommandUnlessTheyDecline()
    {
        await Engine.IngestAsync(Source, [Hit()]);
        var id = Assert.Single(await Candidates.ListAsync()).Id;

        var promoted = await Candidates.PromoteAsync(id, TestActors.As("Maya Chen"), new PromoteCandidate(Archetype: "model-drift"));

        var incident = await _host.Incidents.GetAsync(promoted.IncidentKey!);
        Assert.Equal(Archetype.ModelDrift, incident.Incident.Archetype);
        Assert.Equal("Maya Chen", incident.Incident.IncidentCommander);
        Assert.Contains("Archetype corrected to Model drift by the responder.", incident.Summary);
    }

    [Fact]
    public async Task APromoterWhoDeclinesCommandLeavesTheSeatOpenAndABadArchetypeIsRefusedByField()
    {
        await Engine.IngestAsync(Source, [Hit()]);
        var id = Assert.Single(await Candidates.ListAsync()).Id;

        var refused = await Assert.ThrowsAsync<ValidationException>(() =>
            Candidates.PromoteAsync(id, TestActors.As("Maya Chen"), new PromoteCandidate(Archetype: "gremlins")));
        Assert.Contains("archetype", refused.Errors.Keys);
        var promoted = await Candidates.PromoteAsync(id, TestActors.As("Maya Chen"), new PromoteCandidate(TakeCommand: false));

        var incident = await _host.Incidents.GetAsync(promoted.IncidentKey!);
        Assert.Null(incident.Incident.IncidentCommander);
        Assert.Equal(Archetype.PromptInjection, incident.Incident.Archetype);
    }

    [Fact]
    public async Task MergingAddsTheSignalsToAnOpenIncidentButNotToAResolvedOne()
    {
        var open = await _host.Incidents.DeclareAsync(new DeclareIncident("Injection", "", "SEV2", "prompt-injection", "support-assistant"), TestActors.As("Maya Chen"));
        var done = await _host.Incidents.DeclareAsync(new DeclareIncident("Old", "", "SEV3", "prompt-injection", "support-assistant"), TestActors.As("Maya Chen"));
        await _host.Lifecycle.ChangeStatusAsync(done.Key, "resolved", TestActors.As("Maya Chen"), "Fixed and verified.");
        await Engine.IngestAsync(Source, [Hit(), Hit(0.2, system: "refund-agent")]);
        var candidates = await Candidates.ListAsync();

        var merged = await Candidates.MergeAsync(candidates.Single(c => c.SystemSlug == "support-assistant").Id, open.Key, TestActors.As("Tom Okafor"));

        Assert.Equal(open.Key, merged.IncidentKey);
        Assert.Contains(await _host.Incidents.GetTimelineAsync(open.Key), e => e.Kind == TimelineEntryKind.Signal);
        await Assert.ThrowsAsync<InvalidTransitionException>(() =>
            Candidates.MergeAsync(candidates.Single(c => c.SystemSlug == "refund-agent").Id, done.Key, TestActors.As("Tom Okafor")));
    }

    [Fact]
    public async Task DismissingNeedsAReasonAndCountsAsAFalsePositive()
    {
        await Engine.IngestAsync(Source, [Hit(), Hit(system: "refund-agent")]);
        var candidates = await Candidates.ListAsync();
        await Assert.ThrowsAsync<ValidationException>(() => Candidates.DismissAsync(candidates[0].Id, " ", TestActors.As("Lars Jensen")));

        await Candidates.DismissAsync(candidates[0].Id, "Red-team exercise traffic", TestActors.As("Lars Jensen"));
        await Candidates.PromoteAsync(candidates[1].Id, TestActors.As("Lars Jensen"));

        var metrics = await Candidates.MetricsAsync();
        Assert.Equal(0.5, metrics.FalsePositiveRate);
        Assert.Equal(0.0, metrics.DuplicateRatio);
        Assert.Equal(2, metrics.Signals);
    }

    [Fact]
    public async Task ConcurrentSendersAreGroupCommittedWithoutLosingAnything()
    {
        var senders = Enumerable.Range(0, 20).Select(s => Task.Run(() =>
            Engine.IngestAsync(Source, Enumerable.Range(0, 50).Select(i => Hit(s * 100 + i)).ToList())));

        var results = await Task.WhenAll(senders);

        Assert.All(results, r => Assert.Equal(50, r.Accepted));
        Assert.Equal(1000, await AppliedScalarAsync("SELECT COUNT(*) FROM Signals"));
        Assert.Equal(1000, Assert.Single(await Candidates.ListAsync()).SignalCount);
    }

    [Fact]
    public async Task ARestartedEngineKeepsGroupingIntoTheOpenCandidates()
    {
        await Engine.IngestAsync(Source, [Hit()]);
        await Engine.StopAsync(CancellationToken.None);
        var restarted = ActivatorUtilities.CreateInstance<DetectionEngine>(_host.Services);
        await restarted.StartAsync(CancellationToken.None);
        try
        {
            await restarted.IngestAsync(Source, [Hit(0.09)]);
        }
        finally
        {
            await restarted.StopAsync(CancellationToken.None);
            await Engine.StartAsync(CancellationToken.None);
        }

        Assert.Equal(2, Assert.Single(await Candidates.ListAsync()).SignalCount);
    }
}
