using CommandCenter.Core.Events;
using Microsoft.AspNetCore.SignalR;

namespace CommandCenter.Hubs;

/// <summary>
/// Real-time feed for tools outside the browser. A client calls <c>SubscribeAll()</c> (every incident) or
/// <c>Subscribe(key)</c> (one incident) and receives <c>IncidentUpdated</c> and <c>TimelineEntryAdded</c>.
/// Use one or the other on a connection: a connection in both receives an incident's messages twice.
/// </summary>
public sealed class IncidentsHub : Hub
{
    public const string Path = "/hubs/incidents";
    public const string AllGroup = "incidents:all";

    public static string GroupFor(string key) => "incident:" + key.Trim().ToUpperInvariant();

    public Task SubscribeAll() => Groups.AddToGroupAsync(Context.ConnectionId, AllGroup);

    public Task UnsubscribeAll() => Groups.RemoveFromGroupAsync(Context.ConnectionId, AllGroup);

    public Task Subscribe(string key) => Groups.AddToGroupAsync(Context.ConnectionId, GroupFor(key));

    public Task Unsubscribe(string key) => Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupFor(key));
}

/// <summary>Feeds the hub from the same domain events the browser views get.</summary>
internal sealed class HubEventForwarder(IIncidentNotifier notifier, IHubContext<IncidentsHub> hub) : IHostedService
{
    public const string IncidentUpdated = "IncidentUpdated";
    public const string TimelineEntryAdded = "TimelineEntryAdded";

    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = notifier.Subscribe(ForwardAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private Task ForwardAsync(IncidentNotification notification)
    {
        var (method, payload) = notification switch
        {
            IncidentUpdatedNotification n => (IncidentUpdated, (object)n.Incident),
            TimelineEntryAddedNotification n => (TimelineEntryAdded, n.Entry),
            _ => (null, null!),
        };
        if (method is null)
        {
            return Task.CompletedTask;
        }
        // Groups() would deliver twice to a connection in both groups; the all-group is sent on its own and the
        // incident group excludes nobody, so clients are told (README) to use one or the other per connection.
        return Task.WhenAll(
            hub.Clients.Group(IncidentsHub.AllGroup).SendAsync(method, payload),
            hub.Clients.Group(IncidentsHub.GroupFor(notification.IncidentKey)).SendAsync(method, payload));
    }
}

public static class HubExtensions
{
    public static IServiceCollection AddCommandCenterHub(this IServiceCollection services)
    {
        services.AddSignalR();
        services.AddHostedService<HubEventForwarder>();
        return services;
    }

    public static IEndpointRouteBuilder MapCommandCenterHub(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<IncidentsHub>(IncidentsHub.Path).AllowAnonymous();
        return endpoints;
    }
}
