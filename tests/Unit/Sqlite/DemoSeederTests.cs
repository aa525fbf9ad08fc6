using CommandCenter.Core.Incidents;
using CommandCenter.Core.Persistence;
using CommandCenter.Tests.Unit.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Unit;

public sealed class DemoSeederTests : IAsyncLifetime
{
    private readonly TempDatabaseFolder _folder = new();
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(_folder.PathOf(), seedDemoData: true, addSystem: false);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task SeedingProducesTheDemoInventoryAndIncidents()
    {
        var systems = await _host.Systems.ListAsync();
        var incidents = (await _host.Incidents.ListAsync()).OrderBy(i => i.Key).ToList();

        Assert.Equal(["content-moderation", "fraud-scoring", "kb-retrieval", "refund-agent", "support-assistant", "voice-concierge"],
            systems.Select(s => s.Slug).Order());
        Assert.Equal(["INC-2026-0001", "INC-2026-0002", "INC-2026-0003", "INC-2026-0004"], incidents.Select(i => i.Key));
        Assert.Equal(
            [
                (Archetype.PromptInjection, Severity.Sev2, IncidentStatus.Contained, "support-assistant"),
                (Archetype.AgenticMisalignment, Severity.Sev1, IncidentStatus.Triaged, "refund-agent"),
                (Archetype.ModelDrift, Severity.Sev3, IncidentStatus.Detected, "fraud-scoring"),
                (Archetype.DataLeakage, Severity.Sev2, IncidentStatus.Resolved, "voice-concierge"),
            ],
            incidents.Select(i => (i.Archetype, i.Severity, i.Status, i.SystemSlug)));
        Assert.Empty((await _host.Incidents.GetAsync("INC-2026-0003")).Roles);
        Assert.Equal(5, (await _host.Incidents.GetAsync("INC-2026-0001")).Roles.Count);
    }

    [Fact]
    public async Task SeededTimelinesHaveIntactHashChainsAndMatchTheirHeads()
    {
        await using var db = _host.CreateDbContext();
        var incidents = await db.Incidents.AsNoTracking().ToListAsync();
        var entries = await db.TimelineEntries.AsNoTracking().ToListAsync();

        Assert.Equal(4, incidents.Count);
        foreach (var incident in incidents)
        {
            var own = entries.Where(e => e.IncidentId == incident.Id).OrderBy(e => e.Sequence).ToList();
            Assert.Null(TimelineEntry.FindBrokenLink(own));
            Assert.Null(await _host.Incidents.VerifyTimelineAsync(incident.Key));
            Assert.Equal(own.Count, incident.TimelineHeadSequence);
            Assert.Equal(own[^1].Hash, incident.TimelineHeadHash);
            Assert.All(own, e => Assert.True(e.OccurredAt <= e.RecordedAt && e.RecordedAt <= _host.Clock.UtcNow));
        }
        var corrected = await _host.Incidents.GetTimelineAsync("INC-2026-0001");
        var correction = Assert.Single(corrected, e => e.IsCorrection);
        Assert.Equal(correction.Sequence, corrected.Single(e => e.Sequence == correction.CorrectsSequence).CorrectedBySequence);
    }

    [Fact]
    public async Task SeededPhaseTimestampsAreSetExactlyUpToTheStatusAndInOrder()
    {
        await using var db = _host.CreateDbContext();
        var incidents = await db.Incidents.AsNoTracking().ToListAsync();

        foreach (var incident in incidents)
        {
            var phases = Enum.GetValues<IncidentStatus>().Select(s => (Status: s, At: TestIncidents.PhaseAt(incident, s))).ToList();
            Assert.All(phases.Where(p => p.Status <= incident.Status), p => Assert.NotNull(p.At));
            Assert.All(phases.Where(p => p.Status > incident.Status), p => Assert.Null(p.At));
            var reached = phases.Where(p => p.At is not null).Select(p => p.At!.Value).ToList();
            Assert.Equal(reached.Order(), reached);
            Assert.True(incident.ImpactStartedAt is null || incident.ImpactStartedAt <= incident.DetectedAt);
            Assert.True(incident.UpdatedAt >= reached[^1] && incident.UpdatedAt <= _host.Clock.UtcNow);
            Assert.All(reached, at => Assert.Equal(DateTimeKind.Utc, at.Kind));
        }
    }

    [Fact]
    public async Task RunningTheInitializerAgainDoesNotSeedTwice()
    {
        await _host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        await using (var restarted = await TestHost.StartAsync(_folder.PathOf(), seedDemoData: true, addSystem: false))
        {
            Assert.Equal(4, (await restarted.Incidents.ListAsync()).Count);
        }

        Assert.Equal(6, _host.Scalar("SELECT COUNT(*) FROM AiSystems"));
        Assert.Equal(4, _host.Scalar("SELECT COUNT(*) FROM Incidents"));
        Assert.Equal(4, _host.Scalar("SELECT \"Next\" FROM IncidentKeyCounters"));
    }

    [Fact]
    public async Task NothingIsSeededWhenSeedingIsOff()
    {
        await using var host = await TestHost.StartAsync(_folder.PathOf("empty.db"), seedDemoData: false, addSystem: false);

        Assert.Empty(await host.Systems.ListAsync());
        Assert.Empty(await host.Incidents.ListAsync());
    }
}
