using CommandCenter.Core.Events;
using CommandCenter.Core.Incidents;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace CommandCenter.Hubs;

/// <summary>
/// Real-time feed for tools outside the browser. A client calls <c>SubscribeAll()</c> (every incident) or
/// <c>Subscribe(key)</c> (one incident) and receives <c>IncidentUpdated</c> and <c>TimelineEntryAdded</c>.
/// Use one or the other on a connection: a connection in both receives an incident's messages twice.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize]
public sealed class IncidentsHub(Core.Incidents.IncidentService incidents, HubConnectionLimit limit) : Hub
{
    public const string Path = "/hubs/incidents";
    public const string AllGroup = "incidents:all";

    private const string HoldsSlot = "cc:holds-slot";

    /// <summary>Refuses a connection beyond the account's limit (<see cref="HubConnectionLimit"/>): the client gets the reason in the close message.</summary>
    public override Task OnConnectedAsync()
    {
        var user = UserKey;
        if (!limit.TryAcquire(user))
        {
            limit.Refused(user);
            throw new HubException($"This account already has {limit.MaxPerUser} live connections to the hub; close one before opening another.");
        }
        Context.Items[HoldsSlot] = true;
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.Remove(HoldsSlot))
        {
            limit.Release(UserKey);
        }
        return base.OnDisconnectedAsync(exception);
    }

    private string UserKey => Context.UserIdentifier ?? Context.User?.Identity?.Name ?? "anonymous";

    public static string GroupFor(string key) => "incident:" + Core.Incidents.IncidentKey.Normalize(key);

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

/// <summary>The "Hub" configuration section.</summary>
public sealed class IncidentsHubOptions
{
    public const string Section = "Hub";

    /// <summary>Live connections one account may hold at once (every browser tab and tool counts one).</summary>
    public int MaxConnectionsPerUser { get; set; } = 20;
}

/// <summary>
/// Live hub connections per account, so one account (a leaked cookie, a script opening connections in a loop) cannot
/// hold the server's connections; the browser's own war room runs over the Blazor circuit, not this hub.
/// </summary>
public sealed partial class HubConnectionLimit(IOptions<IncidentsHubOptions> options, ILogger<HubConnectionLimit> logger)
{
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int MaxPerUser { get; } = Math.Max(1, options.Value.MaxConnectionsPerUser);

    public bool TryAcquire(string user)
    {
        lock (_lock)
        {
            var open = _open.GetValueOrDefault(user);
            if (open >= MaxPerUser)
            {
                return false;
            }
            _open[user] = open + 1;
            return true;
        }
    }

    public void Release(string user)
    {
        lock (_lock)
        {
            if (_open.TryGetValue(user, out var open))
            {
                if (open <= 1)
                {
                    _open.Remove(user);
                }
                else
                {
                    _open[user] = open - 1;
                }
            }
        }
    }

    public void Refused(string user) => LogRefused(Core.Common.LogText.Escape(user), MaxPerUser);

    [LoggerMessage(LogLevel.Warning, "Hub connection refused for user {User}: already {Max} live connections")]
    private partial void LogRefused(string user, int max);
}

public static class HubExtensions
{
    public static IServiceCollection AddCommandCenterHub(this IServiceCollection services)
    {
        services.AddOptions<IncidentsHubOptions>().BindConfiguration(IncidentsHubOptions.Section);
        services.AddSingleton<HubConnectionLimit>();
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
