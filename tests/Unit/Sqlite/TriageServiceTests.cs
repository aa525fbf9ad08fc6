using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Systems;
using CommandCenter.Tests.Unit.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Unit;

public sealed class TriageServiceTests : IAsyncLifetime
{
    private const string Maya = "Maya Chen";
    private readonly TempDatabaseFolder _folder = new();
    private TestHost _host = null!;

    private TriageService Triage => _host.Services.GetRequiredService<TriageService>();
    private ChangeRecorder Changes => _host.Services.GetRequiredService<ChangeRecorder>();

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(_folder.PathOf());
        await _host.AddSystemAsync("voice-concierge", "Voice concierge");
        await using var db = _host.CreateDbContext();
        db.AiSystems.Add(new AiSystem("fraud-scoring", "Fraud scoring", AiSystemKind.Predictive, "Risk", RiskTier.High, "gbm-1", null, false));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    private Task<IncidentSummary> DeclareAsync(string title, string archetype, string system, string summary = "") =>
        _host.Incidents.DeclareAsync(new DeclareIncident(title, summary, "SEV2", archetype, system), TestActors.As(Maya));

    [Fact]
    public async Task RanksSimilarPastIncidentsByArchetypeSystemAndWordsWithWhatWasDone()
    {
        var sameEverything = await DeclareAsync("Assistant follows hidden instructions in help articles", "prompt-injection", "support-assistant");
        await _host.Incidents.RecordAsync(sameEverything.Key, new RecordTimelineEntry("action", "Excluded community articles from retrieval"), TestActors.As(Maya));
        var sameArchetypeOtherSystem = await DeclareAsync("Caller tricks concierge into reading its prompt", "prompt-injection", "voice-concierge");
        await DeclareAsync("Scores drift for new merchants", "model-drift", "fraud-scoring");
        _host.Clock.AdvanceMinutes(60);
        var current = await DeclareAsync("Assistant follows hidden instructions again", "prompt-injection", "support-assistant");

        var pack = await Triage.AssembleAsync(current.Key);

        Assert.Equal([sameEverything.Key, sameArchetypeOtherSystem.Key], pack.SimilarIncidents.Select(s => s.Key));
        Assert.Contains("same archetype", pack.SimilarIncidents[0].Reasons);
        Assert.Contains("same system", pack.SimilarIncidents[0].Reasons);
        Assert.Equal(["Excluded community articles from retrieval"], pack.SimilarIncidents[0].Mitigations);
        Assert.True(pack.SimilarIncidents[0].Score > pack.SimilarIncidents[1].Score);
    }

    [Fact]
    public async Task TheChangeSnapshotListsTheSystemsChangesInTheWindowNewestFirst()
    {
        var start = _host.Clock.UtcNow;
        await Changes.RecordAsync("deploys", new RecordChange
        {
            System = "support-assistant", Kind = "model-deploy", Summary = "care-llm 2026.11.1", OccurredAt = start.AddDays(-5),
        });
        await Changes.RecordAsync("deploys", new RecordChange
        {
            System = "support-assistant", Kind = "system-prompt", Summary = "Friendlier tone", OccurredAt = start.AddHours(-3),
        });
        await Changes.RecordAsync("deploys", new RecordChange
        {
            System = "support-assistant", Kind = "retrieval-index", Summary = "Community articles added", OccurredAt = start.AddHours(-1),
        });
        await Changes.RecordAsync("deploys", new RecordChange
        {
            System = "fraud-scoring", Kind = "config", Summary = "Threshold 0.7", OccurredAt = start.AddHours(-1),
        });
        var incident = await DeclareAsync("Hidden instructions", "prompt-injection", "support-assistant");
        _host.Clock.AdvanceMinutes(10);
        await Changes.RecordAsync("deploys", new RecordChange { System = "support-assistant", Kind = "guardrail", Summary = "Filter tightened" });

        var pack = await Triage.AssembleAsync(incident.Key);

        Assert.Equal(["Filter tightened", "Community articles added", "Friendlier tone"], pack.Changes.Select(c => c.Change.Summary));
        Assert.Equal([false, true, true], pack.Changes.Select(c => c.BeforeFirstSignal));
    }

    [Fact]
    public async Task ARecordedDeployAndRollbackKeepTheInventorysModelVersionCurrent()
    {
        var inventory = _host.Services.GetRequiredService<CommandCenter.Core.Systems.AiSystemService>();
        var before = (await inventory.GetAsync("support-assistant")).System.CurrentModelVersion;

        await Changes.RecordAsync("deploys", new RecordChange { System = "support-assistant", Kind = "model-deploy", Summary = "Deploy", ToVersion = "care-llm 4.3.0" });
        var deployed = (await inventory.GetAsync("support-assistant")).System;
        Assert.Equal(("care-llm 4.3.0", before), (deployed.CurrentModelVersion, deployed.PreviousStableModelVersion));

        await Changes.RecordAsync("deploys", new RecordChange { System = "support-assistant", Kind = "model-rollback", Summary = "Rollback", ToVersion = before });
        var rolledBack = (await inventory.GetAsync("support-assistant")).System;
        Assert.Equal((before, before), (rolledBack.CurrentModelVersion, rolledBack.PreviousStableModelVersion));

        await Changes.RecordAsync("deploys", new RecordChange { System = "support-assistant", Kind = "config", Summary = "Temperature", ToVersion = "t=0.2" });
        Assert.Equal(before, (await inventory.GetAsync("support-assistant")).System.CurrentModelVersion);
    }

    [Fact]
    public async Task AReplayedChangeIsStoredOnce()
    {
        var change = new RecordChange { System = "support-assistant", Kind = "model-rollback", Summary = "Back to 2026.10.3", OccurredAt = _host.Clock.UtcNow };

        var (first, created) = await Changes.RecordAsync("deploys", change);
        var (second, createdAgain) = await Changes.RecordAsync("deploys", change);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(1, _host.Scalar("SELECT COUNT(*) FROM Changes"));
    }

    [Fact]
    public async Task ABadChangeNamesEachWrongField()
    {
        var error = await Assert.ThrowsAsync<CommandCenter.Core.Common.ValidationException>(() =>
            Changes.RecordAsync("deploys", new RecordChange { System = "nope", Kind = "reboot", Summary = "" }));

        Assert.Equal(["kind", "summary", "system"], error.Errors.Keys.Order());
    }

    [Fact]
    public async Task AnomaliesOfAHandDeclaredIncidentComeFromTheSystemsRecentSignals()
    {
        var engine = _host.Services.GetRequiredService<DetectionEngine>();
        await engine.StartAsync(CancellationToken.None);
        try
        {
            await engine.IngestAsync("prometheus",
            [
                new IncomingSignal { System = "support-assistant", Kind = "p90-latency-ms", Value = 9_000, Threshold = 7_000 },
                new IncomingSignal { System = "support-assistant", Kind = "prompt-injection-hit", Value = 0.05, Threshold = 0.01 },
                new IncomingSignal { System = "voice-concierge", Kind = "toxicity-rate", Value = 0.5, Threshold = 0.05 },
            ]);
            var incident = await DeclareAsync("Hidden instructions", "prompt-injection", "support-assistant");

            var pack = await Triage.AssembleAsync(incident.Key);

            Assert.Equal(["prompt-injection-hit", "p90-latency-ms"], pack.Anomalies.Select(a => a.Kind));
            Assert.Equal(4.0, pack.Anomalies[0].Deviation, 6);
            Assert.Equal(["p90-latency-ms"], pack.Anomalies[0].MovedWith);
        }
        finally
        {
            await engine.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task TheFirstPackAssembledOnDeclarationRecordsTimeToContextOnce()
    {
        var incident = await DeclareAsync("Hidden instructions", "prompt-injection", "support-assistant");
        _host.Clock.AdvanceMinutes(2);

        var first = await Triage.AssembleOnDeclarationAsync(incident.Key);
        _host.Clock.AdvanceMinutes(5);
        var later = await Triage.AssembleAsync(incident.Key);

        Assert.Equal(TimeSpan.FromMinutes(2), first.TimeToContext);
        Assert.Equal(TimeSpan.FromMinutes(2), later.TimeToContext);
        Assert.Contains(KnownMitigations.For(Archetype.PromptInjection, AiSystemKind.Generative, true), m => first.Mitigations.Contains(m));
        await using var db = _host.CreateDbContext();
        Assert.Equal(TimeSpan.FromMinutes(2), (await db.Incidents.AsNoTracking().SingleAsync()).Metrics.TimeToContext);
    }

    [Fact]
    public async Task ReadingThePackRecordsNothing()
    {
        var incident = await DeclareAsync("Hidden instructions", "prompt-injection", "support-assistant");
        var published = _host.Publisher.Batches.Count;
        _host.Clock.AdvanceMinutes(3);

        var pack = await Triage.AssembleAsync(incident.Key);

        Assert.Equal(TimeSpan.FromMinutes(3), pack.TimeToContext);
        await using var db = _host.CreateDbContext();
        Assert.Null((await db.Incidents.AsNoTracking().SingleAsync()).ContextAssembledAt);
        Assert.Equal(published, _host.Publisher.Batches.Count);
    }
}
