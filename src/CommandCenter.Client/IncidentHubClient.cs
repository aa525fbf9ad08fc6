using System.Net;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CommandCenter.Client;

/// <summary>
/// CommandCenter's <c>/hubs/incidents</c> feed, typed, over the official SignalR client. It reconnects by itself and
/// then subscribes again to what was subscribed, because the server forgets a connection's groups when it drops.
/// </summary>
/// <remarks>
/// Create one with <see cref="WithSessionCookie"/> or <see cref="WithAccessToken"/>, attach handlers, then
/// <see cref="StartAsync"/> and subscribe. Handlers run one message at a time in arrival order (SignalR awaits a
/// message's handlers before the next), so a slow handler delays the feed; one that throws does not stop the others.
/// Messages sent while the connection was down are not replayed: reload what you show on <see cref="Reconnected"/>.
/// Use either <see cref="SubscribeAllAsync"/> or <see cref="SubscribeAsync"/> on one client, not both: the server
/// would send an incident's messages twice.
/// </remarks>
public sealed class IncidentHubClient : IAsyncDisposable
{
    /// <summary>The hub's path under the app's base URL.</summary>
    public const string HubPath = "hubs/incidents";

    /// <summary>The name of the app's sign-in cookie (set by <c>POST /api/session</c> and by the browser's sign-in).</summary>
    public const string SessionCookieName = "commandcenter.session";

    private readonly HubConnection _connection;
    // One subscription change at a time, re-subscription included, so an Unsubscribe cannot be undone by a
    // re-subscription that read the set just before it.
    private readonly SemaphoreSlim _subscriptionGate = new(1, 1);
    private readonly HashSet<string> _keys = new(StringComparer.OrdinalIgnoreCase);
    private bool _all;

    private IncidentHubClient(Uri baseUrl, Action<HttpConnectionOptions> configure)
    {
        _connection = new HubConnectionBuilder()
            .WithUrl(HubUrl(baseUrl), configure)
            .WithAutomaticReconnect()
            .Build();
        _connection.On<IncidentSummaryMessage>("IncidentUpdated", message => RaiseAsync(IncidentUpdated, message));
        _connection.On<TimelineEntryMessage>("TimelineEntryAdded", message => RaiseAsync(TimelineEntryAdded, message));
        _connection.Reconnected += _ => ResubscribeAsync();
        _connection.Closed += error => RaiseAsync(Closed, error);
    }

    /// <summary>An incident was declared or changed in any way (a new timeline entry included).</summary>
    public event Func<IncidentSummaryMessage, Task>? IncidentUpdated;

    /// <summary>A timeline entry was added: by a person, as a correction, or by the system after a change.</summary>
    public event Func<TimelineEntryMessage, Task>? TimelineEntryAdded;

    /// <summary>
    /// The connection came back and the subscriptions were sent again. Anything that changed while it was down was
    /// not delivered, so this is the moment to reload. A key the hub now refuses is dropped from the subscriptions.
    /// </summary>
    public event Func<Task>? Reconnected;

    /// <summary>
    /// The connection ended for good: stopped or disposed (null), or lost and not recovered by the reconnect attempts
    /// (the error). Not raised for a drop that reconnects.
    /// </summary>
    public event Func<Exception?, Task>? Closed;

    /// <summary>Connected, reconnecting, or down; a tool can show it next to the feed.</summary>
    public HubConnectionState State => _connection.State;

    /// <summary>
    /// A client that signs in with the app's session cookie. <paramref name="sessionCookie"/> is either the
    /// <c>Cookie</c> header value (<c>commandcenter.session=…</c>, several pairs separated by <c>;</c> when the server
    /// chunked a large cookie) or the bare value of <see cref="SessionCookieName"/>.
    /// </summary>
    /// <param name="baseUrl">The app's base URL, e.g. <c>https://commandcenter.example.com/</c>; the hub is at <see cref="HubPath"/> under it.</param>
    /// <param name="configure">Further connection options; tests route the connection through TestServer here
    /// (<see cref="HttpConnectionOptions.HttpMessageHandlerFactory"/>, <see cref="HttpConnectionOptions.WebSocketFactory"/>).</param>
    public static IncidentHubClient WithSessionCookie(Uri baseUrl, string sessionCookie, Action<HttpConnectionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionCookie);
        var cookies = ParseCookies(sessionCookie);
        return new IncidentHubClient(baseUrl, options =>
        {
            foreach (var cookie in cookies)
            {
                options.Cookies.Add(baseUrl, cookie);
            }
            configure?.Invoke(options);
        });
    }

    /// <summary>
    /// A client that sends <c>Authorization: Bearer</c> with the token <paramref name="accessTokenProvider"/> returns,
    /// asked again on every (re)connect so an expiring token can be renewed. For a gateway or identity provider in front
    /// of the app: the app itself signs people in with its session cookie (<see cref="WithSessionCookie"/>).
    /// </summary>
    public static IncidentHubClient WithAccessToken(Uri baseUrl, Func<Task<string?>> accessTokenProvider, Action<HttpConnectionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(accessTokenProvider);
        return new IncidentHubClient(baseUrl, options =>
        {
            options.AccessTokenProvider = accessTokenProvider;
            configure?.Invoke(options);
        });
    }

    /// <summary>Connects; throws (an <see cref="HttpRequestException"/> with status 401 without a valid session) when the hub refuses.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => _connection.StartAsync(cancellationToken);

    /// <summary>Receive every incident's messages; kept across reconnects until <see cref="UnsubscribeAllAsync"/>.</summary>
    public Task SubscribeAllAsync(CancellationToken cancellationToken = default) =>
        ChangeSubscriptionsAsync(async () =>
        {
            await _connection.InvokeAsync("SubscribeAll", cancellationToken);
            _all = true;
        }, cancellationToken);

    /// <summary>Stop receiving every incident's messages (one-incident subscriptions stay).</summary>
    public Task UnsubscribeAllAsync(CancellationToken cancellationToken = default) =>
        ChangeSubscriptionsAsync(async () =>
        {
            // Forgotten before the call: even if the call fails with the connection, a reconnect must not bring it back.
            _all = false;
            await _connection.InvokeAsync("UnsubscribeAll", cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Receive one incident's messages (key such as <c>INC-2026-0005</c>, any case); kept across reconnects. An unknown
    /// key is refused with a <see cref="HubException"/> naming it, rather than never firing.
    /// </summary>
    public Task SubscribeAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        key = key.Trim();
        return ChangeSubscriptionsAsync(async () =>
        {
            await _connection.InvokeAsync("Subscribe", key, cancellationToken);
            _keys.Add(key);
        }, cancellationToken);
    }

    /// <summary>Stop receiving one incident's messages.</summary>
    public Task UnsubscribeAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        key = key.Trim();
        return ChangeSubscriptionsAsync(async () =>
        {
            _keys.Remove(key);
            await _connection.InvokeAsync("Unsubscribe", key, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Closes the connection (raising <see cref="Closed"/> with null) and stops reconnecting.</summary>
    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async Task ChangeSubscriptionsAsync(Func<Task> change, CancellationToken cancellationToken)
    {
        await _subscriptionGate.WaitAsync(cancellationToken);
        try
        {
            await change();
        }
        finally
        {
            _subscriptionGate.Release();
        }
    }

    private async Task ResubscribeAsync()
    {
        await _subscriptionGate.WaitAsync();
        try
        {
            if (_all)
            {
                await _connection.InvokeAsync("SubscribeAll");
            }
            foreach (var key in _keys.ToArray())
            {
                try
                {
                    await _connection.InvokeAsync("Subscribe", key);
                }
                catch (HubException)
                {
                    // Refused now (the incident is no longer visible to this account): asking on every reconnect would not change that.
                    _keys.Remove(key);
                }
            }
        }
        finally
        {
            _subscriptionGate.Release();
        }
        // Any other failure (the connection dropped again) ends up in SignalR's log, and the next reconnect tries again.
        await RaiseAsync(Reconnected);
    }

    private static Task RaiseAsync(Func<Task>? handlers) => RaiseAsync(handlers, handler => handler());

    private static Task RaiseAsync<T>(Func<T, Task>? handlers, T argument) => RaiseAsync(handlers, handler => handler(argument));

    /// <summary>Runs every handler in turn (a multicast delegate would await only the last) and reports failures after all ran.</summary>
    private static async Task RaiseAsync<THandler>(THandler? handlers, Func<THandler, Task> invoke) where THandler : Delegate
    {
        if (handlers is null)
        {
            return;
        }
        List<Exception>? failures = null;
        foreach (var handler in handlers.GetInvocationList().Cast<THandler>())
        {
            try
            {
                await invoke(handler);
            }
            catch (Exception e)
            {
                (failures ??= []).Add(e);
            }
        }
        if (failures is not null)
        {
            // SignalR logs what a handler throws and carries on with the next message.
            throw new AggregateException("An IncidentHubClient event handler failed.", failures);
        }
    }

    private static Uri HubUrl(Uri baseUrl)
    {
        if (!baseUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("The app's base URL must be absolute, e.g. https://commandcenter.example.com/.", nameof(baseUrl));
        }
        // Without the trailing slash, "https://host/cc" + "hubs/incidents" would lose "cc".
        var root = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        return new Uri(root, HubPath);
    }

    private static List<Cookie> ParseCookies(string sessionCookie)
    {
        var pairs = sessionCookie.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (pairs is [var bare] && !bare.Contains('=', StringComparison.Ordinal))
        {
            return [new Cookie(SessionCookieName, bare, "/")];
        }
        return [.. pairs.Select(pair =>
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"'{pair}' is not a name=value cookie pair.", nameof(sessionCookie));
            }
            return new Cookie(pair[..equals].Trim(), pair[(equals + 1)..].Trim(), "/");
        })];
    }
}
