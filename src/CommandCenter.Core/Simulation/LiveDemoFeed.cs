using CommandCenter.Core.Demo;
using CommandCenter.Core.Detection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.Core.Simulation;

/// <summary>Configuration section "Demo".</summary>
public sealed class LiveDemoOptions
{
    public const string Section = "Demo";

    /// <summary>On the demo's first run (when the demo data is seeded), play one simulated incident live.</summary>
    public bool LiveSimulation { get; set; } = true;

    /// <summary>Which scenario (an archetype code).</summary>
    public string Scenario { get; set; } = "prompt-injection";

    public int Seed { get; set; } = 2026;

    /// <summary>1 is real time (about 20 minutes).</summary>
    public double Speed { get; set; } = 1;

    /// <summary>Feed time the demo starts from: the cause (an index change) is then already minutes old and the first signals come soon.</summary>
    public TimeSpan StartAt { get; set; } = TimeSpan.FromMinutes(-1);
}

/// <summary>
/// The live part of the demo: on the first run, when the demo data has just been seeded, plays one scenario's feed
/// in-process through the real ingestion path, so the board shows a simulated incident forming, opening and unfolding.
/// Every signal carries the label <c>simulated=true</c> and every summary starts with "Simulated demo feed".
/// </summary>
public sealed class LiveDemoFeed(FeedPlayer player, DemoSeeder seeder, IOptions<LiveDemoOptions> options, ILogger<LiveDemoFeed> logger)
    : BackgroundService
{
    public const string Source = "simulated-demo";
    public const string SummaryPrefix = "Simulated demo feed";

    /// <summary>Null when the demo is not on its first run or the live feed is switched off.</summary>
    public static Feed? FeedFor(LiveDemoOptions options, bool demoSeededThisRun) =>
        options.LiveSimulation && demoSeededThisRun
            ? FeedGenerator.Generate(options.Scenario, new FeedOptions(options.Seed, Noise: 1, Background: false, SummaryPrefix))
            : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (FeedFor(options.Value, seeder.SeededThisRun) is not { } feed)
        {
            return;
        }
        logger.LogInformation("Playing the simulated {Scenario} feed on {System} live ({Items} items; Demo:LiveSimulation=false turns it off)",
            feed.Scenario.Code, feed.Scenario.System, feed.Items.Count);
        try
        {
            var played = await player.PlayAsync(feed, new Playback(Source, "demo", options.Value.Speed, options.Value.StartAt),
                item =>
                {
                    if (item.Signal?.Errors is { } errors)
                    {
                        logger.LogWarning("Simulated signal {Id} was rejected: {Errors}", item.Item.Id,
                            string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
                    }
                }, stoppingToken);
            logger.LogInformation("The simulated demo feed finished ({Count} items played)", played.Count);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The demo's live feed is decoration: the app keeps running without it.
            logger.LogError(ex, "The simulated demo feed stopped");
        }
    }
}

public static class SimulationServices
{
    /// <summary>
    /// The feed player (in-process, real time), the live demo feed (it plays only when Demo:LiveSimulation is not false and
    /// the demo was seeded in this run) and the incident link that labels its incident.
    /// </summary>
    public static IServiceCollection AddCommandCenterLiveDemo(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LiveDemoOptions>(configuration.GetSection(LiveDemoOptions.Section));
        services.AddSingleton<IFeedPacer, RealTimePacer>();
        services.AddSingleton<FeedPlayer>();
        services.AddHostedService<LiveDemoFeed>();
        // Registered after Core's, so detection gets this one: the simulated incident says so in its title.
        services.AddSingleton<IIncidentLink>(sp => new SimulatedIncidentLink(ActivatorUtilities.CreateInstance<IncidentLink>(sp)));
        return services;
    }
}
