using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Simulation;

/// <summary>One timed item of a feed: at <see cref="Offset"/> from T0 (the first anomalous signal), a signal or a change.</summary>
/// <param name="Id">Stable within a feed; a sender prefixes its run id to make the idempotency key.</param>
public abstract record FeedItem(TimeSpan Offset, string Id);

public sealed record SignalFeedItem(TimeSpan Offset, string Id, IncomingSignal Signal) : FeedItem(Offset, Id);

public sealed record ChangeFeedItem(TimeSpan Offset, string Id, RecordChange Change) : FeedItem(Offset, Id);

/// <summary>How a feed is generated. The same options always give the same feed.</summary>
/// <param name="Noise">0 is the clean curve; 1 is realistic jitter in values and timing; up to 3 is very noisy.</param>
/// <param name="Background">Short-lived alerts from the other systems of the demo inventory, firing and resolving.</param>
/// <param name="SummaryPrefix">Put before every summary, e.g. "Simulated demo feed".</param>
public sealed record FeedOptions(int Seed = 1, double Noise = 1, bool Background = true, string? SummaryPrefix = null)
{
    public const double MaxNoise = 3;
}

/// <summary>A generated feed: the scenario it plays and its items ordered by offset.</summary>
public sealed record Feed(Scenario Scenario, IReadOnlyList<FeedItem> Items)
{
    public TimeSpan Start => Items.Count == 0 ? TimeSpan.Zero : Items[0].Offset;

    public TimeSpan End => Items.Count == 0 ? TimeSpan.Zero : Items[^1].Offset;

    public IEnumerable<SignalFeedItem> Signals => Items.OfType<SignalFeedItem>();

    public IEnumerable<ChangeFeedItem> Changes => Items.OfType<ChangeFeedItem>();

    public Archetype Archetype => Scenario.Archetype;
}
