using System.Collections.Concurrent;
using CommandCenter.Core.Events;
using CommandCenter.Core.Incidents;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Tests.Unit;

public sealed class IncidentEventBusTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly ListLogger _logger = new();
    private readonly IncidentEventBus _bus;

    public IncidentEventBusTests() => _bus = new IncidentEventBus(_logger);

    public ValueTask DisposeAsync() => _bus.DisposeAsync();

    private static IncidentNotification Notification(int n) => new TimelineEntryAddedNotification(new TimelineEntryView(
        $"INC-2026-{n:D4}", n, TimelineEntryKind.Note, $"note {n}", "Tom Okafor", null,
        DateTime.UnixEpoch, DateTime.UnixEpoch, null, null));

    [Fact]
    public async Task EverySubscriberReceivesNotificationsInPublishOrder()
    {
        var first = new Collector(100);
        var second = new Collector(100);
        using var a = _bus.Subscribe(first.HandleAsync);
        using var b = _bus.Subscribe(second.HandleAsync);

        for (var batch = 0; batch < 10; batch++)
        {
            _bus.Publish(Enumerable.Range(batch * 10 + 1, 10).Select(Notification).ToList());
        }

        await first.Done.WaitAsync(Patience);
        await second.Done.WaitAsync(Patience);
        Assert.Equal(Enumerable.Range(1, 100).Select(n => $"INC-2026-{n:D4}"), first.Keys);
        Assert.Equal(first.Keys, second.Keys);
    }

    [Fact]
    public async Task DisposingASubscriptionStopsDelivery()
    {
        var leaving = new Collector(1);
        var staying = new Collector(2);
        var subscription = _bus.Subscribe(leaving.HandleAsync);
        using var stays = _bus.Subscribe(staying.HandleAsync);
        _bus.Publish([Notification(1)]);
        await leaving.Done.WaitAsync(Patience);
        Assert.Equal(2, _bus.SubscriberCount);

        subscription.Dispose();
        subscription.Dispose();
        _bus.Publish([Notification(2)]);

        await staying.Done.WaitAsync(Patience);
        Assert.Equal(1, _bus.SubscriberCount);
        // Each notification goes to all subscribers before the next one is taken, so #2 would have reached both by now.
        Assert.Equal(["INC-2026-0001"], leaving.Keys);
        Assert.Equal(["INC-2026-0001", "INC-2026-0002"], staying.Keys);
    }

    [Fact]
    public async Task AThrowingSubscriberDoesNotStopTheOthers()
    {
        var throwingCalls = 0;
        var faultingCalls = 0;
        var healthy = new Collector(3);
        using var throws = _bus.Subscribe(_ =>
        {
            Interlocked.Increment(ref throwingCalls);
            throw new InvalidOperationException("subscriber bug");
        });
        using var faults = _bus.Subscribe(async _ =>
        {
            Interlocked.Increment(ref faultingCalls);
            await Task.Yield();
            throw new InvalidOperationException("async subscriber bug");
        });
        using var ok = _bus.Subscribe(healthy.HandleAsync);

        _bus.Publish([Notification(1), Notification(2)]);
        _bus.Publish([Notification(3)]);

        await healthy.Done.WaitAsync(Patience);
        Assert.Equal(["INC-2026-0001", "INC-2026-0002", "INC-2026-0003"], healthy.Keys);
        await _bus.DisposeAsync();
        Assert.Equal(3, throwingCalls);
        Assert.Equal(3, faultingCalls);
        Assert.Equal(6, _logger.Warnings.Count);
        Assert.Contains(_logger.Warnings, w => w.Contains("INC-2026-0002", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PublishingDoesNotWaitForASlowSubscriber()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new Collector(5);
        using var subscription = _bus.Subscribe(async n =>
        {
            await gate.Task;
            await slow.HandleAsync(n);
        });

        for (var n = 1; n <= 5; n++)
        {
            _bus.Publish([Notification(n)]);
        }

        Assert.Empty(slow.Keys);
        gate.SetResult();
        await slow.Done.WaitAsync(Patience);
        Assert.Equal(5, slow.Keys.Count);
    }

    [Fact]
    public async Task DisposeDeliversWhatWasAlreadyPublished()
    {
        var collector = new Collector(5);
        using var subscription = _bus.Subscribe(collector.HandleAsync);

        _bus.Publish(Enumerable.Range(1, 5).Select(Notification).ToList());
        await _bus.DisposeAsync();

        Assert.True(collector.Done.IsCompletedSuccessfully);
        Assert.Equal(5, collector.Keys.Count);
    }

    private sealed class Collector(int expected)
    {
        private readonly ConcurrentQueue<string> _keys = new();
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Done => _done.Task;

        public IReadOnlyList<string> Keys => [.. _keys];

        public Task HandleAsync(IncidentNotification notification)
        {
            _keys.Enqueue(notification.IncidentKey);
            if (_keys.Count >= expected)
            {
                _done.TrySetResult();
            }
            return Task.CompletedTask;
        }
    }

    private sealed class ListLogger : ILogger<IncidentEventBus>
    {
        private readonly ConcurrentQueue<string> _warnings = new();

        public IReadOnlyList<string> Warnings => [.. _warnings];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                _warnings.Enqueue(formatter(state, exception));
            }
        }
    }
}
