using System.Threading.Channels;
using CommandCenter.Core.Incidents;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Core.Events;

/// <summary>Where the browser views and the SignalR hub forwarder listen. Dispose the handle to stop listening.</summary>
public interface IIncidentNotifier
{
    IDisposable Subscribe(Func<IncidentNotification, Task> handler);
}

/// <summary>
/// The incident events of this process: what the incident use cases publish after a commit and what the browser views and
/// the hub forwarder listen to.
/// </summary>
public sealed class IncidentEventBus(ILogger<IncidentEventBus> logger)
    : NotificationBus<IncidentNotification>(logger), IIncidentEventPublisher, IIncidentNotifier;

/// <summary>
/// A fan-out of notifications. Publishing never blocks the writer: notifications queue on a channel and one loop
/// delivers them in order, to all subscribers at once, isolating a failing subscriber.
/// </summary>
public abstract class NotificationBus<TNotification> : IAsyncDisposable
    where TNotification : class
{
    private readonly Channel<TNotification> _queue = Channel.CreateUnbounded<TNotification>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _lock = new();
    private readonly List<Subscription> _subscriptions = [];
    private readonly ILogger _logger;
    private readonly Task _loop;

    protected NotificationBus(ILogger logger)
    {
        _logger = logger;
        _loop = Task.Run(DeliverAsync);
    }

    public void Publish(IReadOnlyList<TNotification> notifications)
    {
        foreach (var notification in notifications)
        {
            _queue.Writer.TryWrite(notification);
        }
    }

    public IDisposable Subscribe(Func<TNotification, Task> handler)
    {
        var subscription = new Subscription(this, handler);
        lock (_lock)
        {
            _subscriptions.Add(subscription);
        }
        return subscription;
    }

    public int SubscriberCount
    {
        get
        {
            lock (_lock)
            {
                return _subscriptions.Count;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task DeliverAsync()
    {
        await foreach (var notification in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            Subscription[] targets;
            lock (_lock)
            {
                targets = [.. _subscriptions];
            }
            if (targets.Length == 0)
            {
                continue;
            }
            await Task.WhenAll(targets.Select(t => InvokeAsync(t, notification))).ConfigureAwait(false);
        }
    }

    private async Task InvokeAsync(Subscription subscription, TNotification notification)
    {
        try
        {
            await subscription.Handler(notification).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "A subscriber failed to handle {Notification}", notification);
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_lock)
        {
            _subscriptions.Remove(subscription);
        }
    }

    private sealed class Subscription(NotificationBus<TNotification> bus, Func<TNotification, Task> handler) : IDisposable
    {
        public Func<TNotification, Task> Handler { get; } = handler;

        public void Dispose() => bus.Remove(this);
    }
}
