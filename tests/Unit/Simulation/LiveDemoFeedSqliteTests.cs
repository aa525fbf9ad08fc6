using CommandCenter.Core.Demo;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CommandCenter.Tests.Unit.Simulation;

/// <summary>The live demo feed as a hosted service, on the manual clock (the pacer moves it: nothing sleeps).</summary>
public sealed class LiveDemoFeedSqliteTests
{
    private static LiveDemoFeed Service(SimulationRun run, LiveDemoOptions options) => new(run.Player(),
        run.Host.Services.GetRequiredService<DemoSeeder>(), Options.Create(options), NullLogger<LiveDemoFeed>.Instance);

    [Fact]
    public async Task OnTheDemosFirstRunItPlaysOneSimulatedIncidentOverAboutTwentyMinutes()
    {
        await using var run = await SimulationRun.StartAsync();
        var started = run.Host.Clock.GetUtcNow();
        var service = Service(run, new LiveDemoOptions());

        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!;

        Assert.InRange(run.Host.Clock.GetUtcNow() - started, TimeSpan.FromMinutes(18), TimeSpan.FromMinutes(22));
        var candidate = Assert.Single(await run.Candidates.ListAsync(), c => c.Source == LiveDemoFeed.Source);
        Assert.Equal(Archetype.PromptInjection, candidate.Archetype);
        Assert.Equal(CandidateDecision.AutoOpened, candidate.Decision);
        Assert.All(candidate.RecentSummaries, s => Assert.StartsWith("Simulated demo feed: ", s));
        var timeline = await run.Host.Incidents.GetTimelineAsync(candidate.IncidentKey!);
        Assert.Contains(timeline, e => e.Text.Contains("Simulated demo feed", StringComparison.Ordinal));
        Assert.Equal(1, run.Host.Scalar($"SELECT COUNT(*) FROM Changes WHERE Source = '{LiveDemoFeed.Source}' AND Kind = '{ChangeKind.RetrievalIndex}'"));
        Assert.Equal(0, run.Host.Scalar($"SELECT COUNT(*) FROM Signals WHERE Source = '{LiveDemoFeed.Source}' AND LabelsJson NOT LIKE '%\"simulated\":\"true\"%'"));
        // The candidate list above waited for the journaled signals to be applied: the feed's signals are in the signal table.
        Assert.True(run.Host.Scalar($"SELECT COUNT(*) FROM Signals WHERE Source = '{LiveDemoFeed.Source}'") > 0);
    }

    [Fact]
    public async Task TheIncidentItOpensSaysSimulatedDemoFeedInItsTitle()
    {
        await using var run = await SimulationRun.StartAsync(services => services.AddCommandCenterLiveDemo(
            new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()));
        var feed = LiveDemoFeed.FeedFor(new LiveDemoOptions(), demoSeededThisRun: true)!;

        await run.Player().PlayAsync(feed, new Playback(LiveDemoFeed.Source, "demo"));

        var candidate = Assert.Single(await run.Candidates.ListAsync(), c => c.Source == LiveDemoFeed.Source);
        var incident = await run.Host.Incidents.GetAsync(candidate.IncidentKey!);
        Assert.Equal("Simulated demo feed: Prompt injection suspected on Support assistant (RAG chatbot)", incident.Incident.Title);
        Assert.StartsWith("Simulated demo feed, not a real failure", incident.Summary);
    }

    [Fact]
    public void SwitchedOffOrOnALaterRunItPlaysNothing()
    {
        Assert.Null(LiveDemoFeed.FeedFor(new LiveDemoOptions { LiveSimulation = false }, demoSeededThisRun: true));
        Assert.Null(LiveDemoFeed.FeedFor(new LiveDemoOptions(), demoSeededThisRun: false));
        Assert.Equal(Archetype.PromptInjection, LiveDemoFeed.FeedFor(new LiveDemoOptions(), demoSeededThisRun: true)!.Archetype);
    }
}
