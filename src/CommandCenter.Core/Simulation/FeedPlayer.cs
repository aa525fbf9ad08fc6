using CommandCenter.Core.Detection;

namespace CommandCenter.Core.Simulation;

/// <summary>Waits until a feed item is due. Real time in the app; a test moves its manual clock instead of sleeping.</summary>
public interface IFeedPacer
{
    Task WaitUntilAsync(DateTimeOffset due, CancellationToken cancellationToken);
}

public sealed class RealTimePacer(TimeProvider clock) : IFeedPacer
{
    public Task WaitUntilAsync(DateTimeOffset due, CancellationToken cancellationToken)
    {
        var wait = due - clock.GetUtcNow();
        return wait > TimeSpan.Zero ? Task.Delay(wait, clock, cancellationToken) : Task.CompletedTask;
    }
}

/// <summary>How a feed is played.</summary>
/// <param name="Source">The source name signals and changes are stored under (an API key's source over HTTP).</param>
/// <param name="RunId">Makes this run's idempotency keys: replaying a run changes nothing, a new run is new.</param>
/// <param name="Speed">10 plays ten minutes of feed in one.</param>
/// <param name="StartAt">
/// Feed time to start from; items before it are sent at once with their past times (a change "six minutes ago").
/// Null starts at the feed's first item.
/// </param>
public sealed record Playback(string Source, string RunId, double Speed = 1, TimeSpan? StartAt = null)
{
    public const double MaxSpeed = 10_000;
}

/// <summary>What happened to one item: the ingestor's answer for a signal, the stored change for a change.</summary>
public sealed record PlayedItem(FeedItem Item, DateTimeOffset SentAt, IngestItemResult? Signal, ChangeView? Change, bool ChangeCreated);

/// <summary>
/// Plays a feed through the ingestion path at its pace (compressed by the speed): changes through
/// <see cref="IChangeRecorder"/>, signals due together as one batch through <see cref="ISignalIngestor"/>. In the app
/// these are Core's own services; the simulator tool plugs in HTTP senders with the same interfaces.
/// </summary>
public sealed class FeedPlayer(ISignalIngestor signals, IChangeRecorder changes, IFeedPacer pacer, TimeProvider clock)
{
    public async Task<IReadOnlyList<PlayedItem>> PlayAsync(Feed feed, Playback playback, Action<PlayedItem>? played = null,
        CancellationToken cancellationToken = default)
    {
        if (playback.Speed is <= 0 or > Playback.MaxSpeed)
        {
            throw new ArgumentOutOfRangeException(nameof(playback), $"Speed is above 0 and at most {Playback.MaxSpeed}.");
        }
        var startAt = playback.StartAt ?? feed.Start;
        var began = clock.GetUtcNow();
        DateTimeOffset FeedTime(TimeSpan offset) => began + (offset - startAt) / playback.Speed;

        var results = new List<PlayedItem>(feed.Items.Count);
        void Done(PlayedItem item)
        {
            results.Add(item);
            played?.Invoke(item);
        }

        var items = feed.Items;
        for (var i = 0; i < items.Count;)
        {
            var due = FeedTime(items[i].Offset);
            await pacer.WaitUntilAsync(due, cancellationToken);
            var now = clock.GetUtcNow();
            var occurredAt = (due < now ? due : now).UtcDateTime;
            if (items[i] is ChangeFeedItem change)
            {
                var (view, created) = await changes.RecordAsync(playback.Source,
                    change.Change with { OccurredAt = occurredAt, IdempotencyKey = Key(playback, change) }, cancellationToken);
                Done(new PlayedItem(change, now, null, view, created));
                i++;
                continue;
            }

            // Signals due at the same moment go as one batch, as a monitoring system's scrape would.
            var batch = new List<SignalFeedItem>();
            while (i < items.Count && items[i] is SignalFeedItem signal && FeedTime(signal.Offset) <= due)
            {
                batch.Add(signal);
                i++;
            }
            var answer = await signals.IngestAsync(playback.Source,
                [.. batch.Select(s => s.Signal with { OccurredAt = occurredAt, IdempotencyKey = Key(playback, s) })], cancellationToken);
            for (var b = 0; b < batch.Count; b++)
            {
                Done(new PlayedItem(batch[b], now, answer.Items.FirstOrDefault(r => r.Index == b), null, false));
            }
        }
        return results;
    }

    private static string Key(Playback playback, FeedItem item) => $"{playback.RunId}:{item.Id}";
}
