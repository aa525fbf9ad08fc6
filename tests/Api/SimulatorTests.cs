using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Integrations;
using CommandCenter.Core.Simulation;
using CommandCenter.Simulator;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Api;

/// <summary>The simulator's HTTP senders against the app: each way in turns a scenario's feed into a candidate of its archetype.</summary>
public sealed class SimulatorTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private CandidateService Candidates => factory.Services.GetRequiredService<CandidateService>();

    private sealed class NoWait : IFeedPacer
    {
        public Task WaitUntilAsync(DateTimeOffset due, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private async Task<HttpClient> ClientWithKeyAsync(string source)
    {
        var key = await factory.Services.GetRequiredService<ApiKeyService>().CreateAsync(new CreateApiKey($"{source} key", source, null),
            new CommandCenter.Core.Accounts.Actor("Ana Diaz", CommandCenter.Core.Accounts.OrgRole.Administrator));
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key.Secret);
        return http;
    }

    [Theory]
    [InlineData(Via.Signals, "prompt-injection")]
    [InlineData(Via.Alertmanager, "agentic-misalignment")]
    [InlineData(Via.Events, "model-drift")]
    public async Task AReplayedFeedProducesACandidateOfItsArchetype(Via via, string scenario)
    {
        using var http = await ClientWithKeyAsync($"simulator-{via}".ToLowerInvariant());
        var ingestion = new HttpIngestion(http, via);
        var feed = FeedGenerator.Generate(scenario, new FeedOptions(Seed: 9, Background: false));

        var played = await new FeedPlayer(ingestion, ingestion, new NoWait(), TimeProvider.System)
            .PlayAsync(feed, new Playback("simulator", $"api-{via}"));

        Assert.All(played.Where(p => p.Signal is not null), p => Assert.Equal(IngestOutcome.Accepted, p.Signal!.Outcome));
        Assert.All(played.Where(p => p.Item is ChangeFeedItem), p => Assert.True(p.ChangeCreated));
        var candidate = Assert.Single(await Candidates.ListAsync(), c => c.Source == $"simulator-{via}".ToLowerInvariant() && !c.Kinds.All(k => k.Kind is "user-report"));
        Assert.Equal(feed.Archetype, candidate.Archetype);
        Assert.Equal(feed.Scenario.System, candidate.SystemSlug);
    }

    [Fact]
    public async Task TheLoadGeneratorsAlertsAreAllAcknowledgedAndAReplayedBatchIsOnlyDuplicates()
    {
        using var http = await ClientWithKeyAsync("simulator-load");
        var load = new LoadGenerator(http, clients: 2, batch: 50);

        var figures = await load.RunAsync("t", TimeSpan.FromSeconds(1), CancellationToken.None);
        var replay = await load.ReplayAsync("t", client: 0, first: 0, CancellationToken.None);

        Assert.Equal(0, figures.Failures);
        Assert.Equal(figures.Requests * 50L, figures.Accepted);
        Assert.Equal((0L, 50L), replay);
        Assert.True(figures.Percentile(50) > 0);
    }
}
