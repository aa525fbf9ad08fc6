using CommandCenter.Core.Events;
using Microsoft.AspNetCore.SignalR;

namespace CommandCenter.Hubs;

/// <summary>
/// Real-time feed for tools outside the browser. A client calls <c>SubscribeAll()</c> (every incident) or
/// <c>Subscribe(key)</c> (one incident) and receives <c>IncidentUpdated</c> and <c>TimelineEntryAdded</c>.
/// Use one or the other on a connection: a connection in both receives an incident's messages twice.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize]
public sealed class IncidentsHub(Core.Incidents.IncidentService incidents) : Hub
{
    public const string Path = "/hubs/incidents";
    public const string AllGroup = "incidents:all";

    public static string GroupFor(string key) => "incident:" + key.Trim().ToUpperInvariant();

    public Task SubscribeAll() => Groups.AddToGroupAsync(Context.ConnectionId, AllGroup);

    public Task UnsubscribeAll() => Groups.RemoveFromGroupAsync(Context.ConnectionId, AllGroup);

    /// <summary>Joins one incident's group; an unknown key is refused (HubException) rather than silently never firing.</summary>
    public async Task Subscribe(string key)
    {
        try
        {
            await incidents.GetAsync(key, Context.ConnectionAborted);
        }
        catch (Core.Common.NotFoundException e)
        {
            throw new HubException(e.Message);
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupFor(key));
    }

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
        // Signed-in accounts only (the browser's session cookie, or one from POST /api/session for tools).
        endpoints.MapHub<IncidentsHub>(IncidentsHub.Path).RequireAuthorization();
        return endpoints;
    }
}
