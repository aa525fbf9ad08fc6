using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Simulation;
using CommandCenter.Tests.Unit.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Unit.Simulation;

/// <summary>Each scenario's feed through the real detection on the demo inventory: our own classifier must recognise it.</summary>
public sealed class FeedDetectionSqliteTests
{
    public static TheoryData<string> Codes() => [.. Scenarios.All.Select(s => s.Code)];

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task AFeedProducesACandidateOfItsArchetypeOnItsSystem(string code)
    {
        await using var run = await SimulationRun.StartAsync();
        var feed = FeedGenerator.Generate(code, new FeedOptions(Seed: 5));

        var played = await run.PlayAsync(feed);

        Assert.All(played.Where(p => p.Signal is not null), p => Assert.NotEqual(IngestOutcome.Rejected, p.Signal!.Outcome));
        Assert.All(played.Where(p => p.Item is ChangeFeedItem), p => Assert.True(p.ChangeCreated));
        var candidates = await run.Candidates.ListAsync();
        var main = candidates.Where(c => c.SystemSlug == feed.Scenario.System).MaxBy(c => c.SignalCount);
        Assert.NotNull(main);
        Assert.Equal(feed.Archetype, main.Archetype);
        Assert.DoesNotContain(candidates, c => c.SystemSlug == feed.Scenario.System && c.Archetype != feed.Archetype && !c.Kinds.All(k => IsSymptom(k.Kind)));
    }

    [Fact]
    public async Task ThePromptInjectionFeedOpensAnIncidentAutomaticallyAndItsSignalsStopWithTheAlerts()
    {
        await using var run = await SimulationRun.StartAsync();
        var feed = FeedGenerator.Generate(Scenarios.PromptInjection, new FeedOptions(Seed: 2026, Background: false));

        await run.PlayAsync(feed);

        var candidate = Assert.Single(await run.Candidates.ListAsync(), c => c.SystemSlug == "support-assistant");
        Assert.Equal(CandidateDecision.AutoOpened, candidate.Decision);
        Assert.Equal(Severity.Sev1, candidate.Severity);
        Assert.NotNull(candidate.IncidentKey);
        Assert.False(candidate.IsOpen, "every alert resolved at the end of the feed");
    }

    private static bool IsSymptom(string kind) => SignalKinds.Parse(kind)!.Value.IsSymptom();
}

/// <summary>Core on a temp SQLite file with the demo inventory; a pacer that moves the manual clock and runs detection's tick.</summary>
internal sealed class SimulationRun : IAsyncDisposable, IFeedPacer
{
    private readonly TempDatabaseFolder _folder;
    private readonly TestHost _host;

    private SimulationRun(TempDatabaseFolder folder, TestHost host)
    {
        _folder = folder;
        _host = host;
    }

    public TestHost Host => _host;
    public CandidateService Candidates => _host.Services.GetRequiredService<CandidateService>();
    public DetectionEngine Engine => _host.Services.GetRequiredService<DetectionEngine>();

    /// <param name="configure">More services after Core's (the live demo's registrations, say).</param>
    public static async Task<SimulationRun> StartAsync(Action<IServiceCollection>? configure = null)
    {
        var folder = new TempDatabaseFolder();
        var host = await TestHost.StartAsync(folder.PathOf(), seedDemoData: true, addSystem: false, configure: configure);
        var run = new SimulationRun(folder, host);
        await run.Engine.StartAsync(CancellationToken.None);
        return run;
    }

    public FeedPlayer Player() => new(Engine, _host.Services.GetRequiredService<IChangeRecorder>(), this, _host.Clock);

    public async Task<IReadOnlyList<PlayedItem>> PlayAsync(Feed feed, double speed = 1)
    {
        var played = await Player().PlayAsync(feed, new Playback("simulator", "test", speed));
        // Past the resolve timeout: whatever is still open is judged one last time.
        await WaitUntilAsync(_host.Clock.GetUtcNow() + TimeSpan.FromSeconds(40), CancellationToken.None);
        return played;
    }

    /// <summary>Moves the clock in steps of at most 10 s, ticking detection at each, so group waits end when they would.</summary>
    public async Task WaitUntilAsync(DateTimeOffset due, CancellationToken cancellationToken)
    {
        while (_host.Clock.GetUtcNow() < due)
        {
            var step = due - _host.Clock.GetUtcNow();
            _host.Clock.Advance(step > TimeSpan.FromSeconds(10) ? TimeSpan.FromSeconds(10) : step);
            await Engine.TickNowAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.StopAsync(CancellationToken.None);
        await _host.DisposeAsync();
        _folder.Dispose();
    }
}
