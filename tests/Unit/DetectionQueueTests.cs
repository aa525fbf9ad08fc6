using CommandCenter.Core.Detection;
using static CommandCenter.Tests.Unit.Support.TestSignals;

namespace CommandCenter.Tests.Unit;

/// <summary>The detection loop's inbox on its own: what comes out together, in which order, and who is answered.</summary>
public sealed class DetectionQueueTests : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromMinutes(1));
    private readonly DetectionQueue _queue = new(capacity: 100, maxGroupSignals: 5);
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _stop.Dispose();
    }

    /// <summary>What the loop takes next, waiting (on another thread, as the loop's own thread would) until there is some.</summary>
    private async Task<DetectionWork> NextAsync()
    {
        DetectionWork? work;
        while (!_queue.TryTake(out work))
        {
            await Task.Run(() => _queue.WaitForWork(_stop.Token));
        }
        return work;
    }

    private Task<IReadOnlyList<IngestItemResult>> Ingest(int signals) =>
        _queue.IngestAsync(Enumerable.Range(0, signals).Select(i => Trigger(index: i)).ToList(), _stop.Token);

    [Fact]
    public async Task BatchesWaitingTogetherComeOutAsOneGroup()
    {
        var senders = new[] { Ingest(1), Ingest(1), Ingest(2) };

        var group = Assert.IsType<IngestGroup>(await NextAsync());

        Assert.Equal([1, 1, 2], group.Batches.Select(b => b.SignalCountForTest()));
        Assert.All(senders, s => Assert.False(s.IsCompleted));
    }

    [Fact]
    public async Task AWaitingLoopIsWokenByTheNextWrite()
    {
        var waiting = Task.Run(() => _queue.WaitForWork(_stop.Token));

        var sender = Ingest(1);
        await waiting.WaitAsync(_stop.Token);

        Assert.True(_queue.TryTake(out var work));
        Assert.IsType<IngestGroup>(work);
        Assert.False(sender.IsCompleted);
    }

    [Fact]
    public async Task AGroupStopsOnceItHoldsEnoughSignalsAndTheRestWait()
    {
        _ = new[] { Ingest(3), Ingest(3), Ingest(3) };

        var first = Assert.IsType<IngestGroup>(await NextAsync());
        var second = Assert.IsType<IngestGroup>(await NextAsync());

        Assert.Equal(6, first.SignalCount);
        Assert.Equal(3, second.SignalCount);
    }

    [Fact]
    public async Task ADecisionOrATickKeepsItsPlaceBetweenBatches()
    {
        _ = Ingest(1);
        _ = _queue.DecideAsync(7, _ => Task.CompletedTask, _stop.Token);
        _ = Ingest(1);
        Assert.True(_queue.TryTick());
        _ = Ingest(1);

        var order = new List<DetectionWork>();
        for (var i = 0; i < 5; i++)
        {
            order.Add(await NextAsync());
        }

        Assert.Collection(order,
            w => Assert.IsType<IngestGroup>(w),
            w => Assert.Equal(7, Assert.IsType<DecisionWork>(w).CandidateId),
            w => Assert.IsType<IngestGroup>(w),
            w => Assert.IsType<TickWork>(w),
            w => Assert.IsType<IngestGroup>(w));
    }

    [Fact]
    public async Task EachSenderGetsTheResultsOfItsOwnBatch()
    {
        var first = Ingest(1);
        var second = Ingest(2);
        var group = Assert.IsType<IngestGroup>(await NextAsync());

        foreach (var batch in group.Batches)
        {
            batch.Complete([.. Enumerable.Range(0, batch.SignalCountForTest())
                .Select(i => new IngestItemResult(i, IngestOutcome.Accepted, 100 + batch.SignalCountForTest(), null, null))]);
        }

        Assert.Equal([101L], (await first).Select(r => r.SignalId!.Value));
        Assert.Equal([102L, 102L], (await second).Select(r => r.SignalId!.Value));
    }

    [Fact]
    public async Task ASenderThatStopsWaitingIsNotAnswered()
    {
        using var impatient = new CancellationTokenSource();
        var sender = _queue.IngestAsync([Trigger()], impatient.Token);
        await NextAsync();

        await impatient.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sender);
    }
}

internal static class IngestBatchTestExtensions
{
    public static int SignalCountForTest(this IngestBatch batch) => batch.Signals.Count;

    public static void Complete(this IngestBatch batch, IReadOnlyList<IngestItemResult> results) => batch.Completion.TrySetResult(results);
}
