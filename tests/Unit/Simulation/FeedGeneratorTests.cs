using System.Text.Json;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Simulation;

namespace CommandCenter.Tests.Unit.Simulation;

public sealed class FeedGeneratorTests
{
    private static readonly string[] DemoSystems =
        ["kb-retrieval", "content-moderation", "support-assistant", "voice-concierge", "refund-agent", "fraud-scoring"];

    public static TheoryData<string> Codes() => [.. Scenarios.All.Select(s => s.Code)];

    private static string Json(Feed feed) => JsonSerializer.Serialize(feed.Items.Select(i => (object)i).ToList());

    [Fact]
    public void EveryArchetypeHasOneScenarioOnASystemOfTheDemoInventory()
    {
        Assert.Equal(Enum.GetValues<Archetype>().Order(), Scenarios.All.Select(s => s.Archetype).Order());
        Assert.All(Scenarios.All, s => Assert.Contains(s.System, DemoSystems));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void TheSameSeedGivesTheSameFeed(string code)
    {
        var first = FeedGenerator.Generate(code, new FeedOptions(Seed: 42));
        var second = FeedGenerator.Generate(code, new FeedOptions(Seed: 42));

        Assert.Equal(Json(first), Json(second));
        Assert.NotEqual(Json(first), Json(FeedGenerator.Generate(code, new FeedOptions(Seed: 43))));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void ACauseComesFirstThenSignalsInTimeOrder(string code)
    {
        var feed = FeedGenerator.Generate(code, new FeedOptions(Seed: 7, Noise: 3));

        Assert.IsType<ChangeFeedItem>(feed.Items[0]);
        Assert.True(feed.Items[0].Offset < TimeSpan.Zero, "the change lands before T0");
        Assert.Equal(feed.Items.Select(i => i.Offset).Order(), feed.Items.Select(i => i.Offset));
        Assert.Equal(feed.Items.Count, feed.Items.Select(i => i.Id).Distinct().Count());
        Assert.InRange(feed.End, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(25));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void EverySignalOfTheScenarioIsLabelledSimulatedAndAnAlertResolvesOnlyAfterItFired(string code)
    {
        var feed = FeedGenerator.Generate(code, new FeedOptions(Seed: 3, Background: false));

        Assert.All(feed.Signals, s => Assert.Equal("true", s.Signal.Labels!["simulated"]));
        Assert.All(feed.Signals, s => Assert.Equal(feed.Scenario.System, s.Signal.System));
        var triggers = feed.Signals.Where(s => s.Signal.Action == SignalAction.Trigger).ToList();
        Assert.Contains(triggers, s => ArchetypeEstimator.Evidence.GetValueOrDefault(SignalKinds.Parse(s.Signal.Kind)!.Value) == feed.Archetype);
        foreach (var resolve in feed.Signals.Where(s => s.Signal.Action == SignalAction.Resolve))
        {
            Assert.Contains(triggers, t => t.Signal.Fingerprint == resolve.Signal.Fingerprint && t.Offset <= resolve.Offset);
        }
    }

    [Fact]
    public void WithoutNoiseASignalCarriesItsCurveValue()
    {
        var feed = FeedGenerator.Generate(Scenarios.PromptInjection, new FeedOptions(Noise: 0, Background: false));

        var first = feed.Signals.First(s => s.Signal.Kind == "prompt-injection-hit");
        Assert.Equal(TimeSpan.Zero, first.Offset);
        Assert.Equal(0.028, first.Signal.Value);
        Assert.Equal("1350", first.Signal.Labels!["affected_sessions"]);
        Assert.Contains("2.8% of billing sessions", first.Signal.Summary);
    }

    [Fact]
    public void BackgroundTrafficComesFromTheOtherSystemsAndEveryFlapResolves()
    {
        var feed = FeedGenerator.Generate(Scenarios.AgenticMisalignment, new FeedOptions(Seed: 11));

        var background = feed.Signals.Where(s => s.Signal.Labels!.ContainsKey("background")).ToList();
        Assert.NotEmpty(background);
        Assert.DoesNotContain(background, s => s.Signal.System == "refund-agent");
        Assert.All(background.GroupBy(s => s.Signal.Fingerprint), flap => Assert.Equal(SignalAction.Resolve, flap.Last().Signal.Action));
        Assert.All(background, s => Assert.True(s.Signal.Kind is "p90-latency-ms" or "task-completion-rate", "only symptoms: no archetype evidence"));
    }

    [Fact]
    public void ASummaryPrefixMarksEverySignalAndChange()
    {
        var feed = FeedGenerator.Generate(Scenarios.ModelDrift, new FeedOptions(SummaryPrefix: "Simulated demo feed"));

        Assert.All(feed.Signals, s => Assert.StartsWith("Simulated demo feed: ", s.Signal.Summary));
        Assert.All(feed.Changes, c => Assert.StartsWith("Simulated demo feed: ", c.Change.Summary));
    }

    [Fact]
    public void AnUnknownScenarioIsRefusedNamingTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => FeedGenerator.Generate("prompt-injektion", new FeedOptions()));
        Assert.Contains("model-drift", error.Message);
    }
}
