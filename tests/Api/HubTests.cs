using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using CommandCenter.Client;
using CommandCenter.Core.Incidents;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CommandCenter.Tests.Api;

/// <summary>The /hubs/incidents feed as an external subscriber sees it, through CommandCenter.Client over TestServer.</summary>
public sealed class HubTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.As("Ana Diaz");

    /// <summary>A started client with a fresh session of Ana Diaz; <paramref name="wrap"/> sees each socket it opens.</summary>
    private async Task<IncidentHubClient> ConnectAsync(Func<WebSocket, WebSocket>? wrap = null)
    {
        var hub = IncidentHubClient.WithSessionCookie(factory.Server.BaseAddress, factory.SessionCookie("Ana Diaz"),
            options => options.UseTestServer(factory.Server, wrap));
        await hub.StartAsync();
        return hub;
    }

    /// <summary>A plain SignalR connection (no CommandCenter.Client), for what the server puts on the wire.</summary>
    private HubConnection RawConnection(string? cookieHeader) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, IncidentHubClient.HubPath), options =>
            {
                if (cookieHeader is not null)
                {
                    options.Headers["Cookie"] = cookieHeader;
                }
                options.UseTestServer(factory.Server);
            })
            .Build();

    private Task<HttpResponseMessage> AddNoteAsync(string key, string text) =>
        _client.PostJsonAsync($"/api/incidents/{key}/timeline", new { kind = "note", text });

    [Fact]
    public async Task TheHubRefusesAConnectionWithoutASession()
    {
        await using var connection = RawConnection(cookieHeader: null);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task TheHubRefusesAForgedSessionCookie()
    {
        await using var hub = IncidentHubClient.WithSessionCookie(factory.Server.BaseAddress, "commandcenter.session=forged",
            options => options.UseTestServer(factory.Server));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
    }

    [Fact]
    public async Task SubscribingToAnUnknownIncidentIsRefused()
    {
        await using var hub = await ConnectAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => hub.SubscribeAsync("INC-1999-0001"));

        Assert.Contains("INC-1999-0001", error.Message);
        Assert.Equal(HubConnectionState.Connected, hub.State);
    }

    [Fact]
    public async Task SubscribeAllReceivesIncidentUpdatedAfterADeclaration()
    {
        await using var hub = await ConnectAsync();
        var updates = Inbox.Of(hub, (IncidentSummaryMessage m) => m.Key);
        await hub.SubscribeAllAsync();

        var declared = await _client.DeclareAsync(title: "Hub sees this one", severity: "SEV2");

        var message = await updates.WaitForKeyAsync(declared.Key);
        Assert.Equal(
            (declared.Title, "SEV2", "data-leakage", "detected", declared.SystemSlug, declared.SystemName, declared.TimelineCount),
            (message.Title, message.Severity, message.Archetype, message.Status, message.SystemSlug, message.SystemName, message.TimelineCount));
        Assert.Equal(declared.DetectedAt, message.DetectedAt.UtcDateTime);
    }

    [Fact]
    public async Task SubscribeToAKeyReceivesTimelineEntryAddedAsTheEntryThePostAnswered()
    {
        var incident = await _client.DeclareAsync(severity: "SEV2");
        await using var hub = await ConnectAsync();
        var entries = Inbox.Of(hub, (TimelineEntryMessage e) => e.IncidentKey);
        var updates = Inbox.Of(hub, (IncidentSummaryMessage m) => m.Key);
        await hub.SubscribeAsync(incident.Key.ToLowerInvariant());

        var posted = await (await AddNoteAsync(incident.Key, "Seen from the hub")).ReadAsync<TimelineEntryView>(HttpStatusCode.Created);

        var entry = await entries.WaitForKeyAsync(incident.Key);
        Assert.Equal(
            (posted.Sequence, "note", posted.Text, posted.Author, posted.AuthorRole, posted.OccurredAt, posted.RecordedAt, false, false),
            (entry.Sequence, entry.Kind, entry.Text, entry.Author, entry.AuthorRole, entry.OccurredAt.UtcDateTime, entry.RecordedAt.UtcDateTime,
             entry.IsCorrection, entry.IsBackdated));
        var summary = await updates.WaitForKeyAsync(incident.Key);
        Assert.Equal(("SEV2", "data-leakage"), (summary.Severity, summary.Archetype));
    }

    [Fact]
    public async Task TimelineEntryAddedHasTheDocumentedShapeOnTheWire()
    {
        var incident = await _client.DeclareAsync();
        await using var connection = RawConnection(factory.SessionCookie("Ana Diaz"));
        var received = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<JsonElement>("TimelineEntryAdded", message => received.TrySetResult(message));
        await connection.StartAsync();
        await connection.InvokeAsync("Subscribe", incident.Key);

        await AddNoteAsync(incident.Key, "Seen on the wire");

        var message = await received.Task.WaitAsync(ApiTestExtensions.Timeout);
        Assert.Equal(
            ["author", "authorRole", "correctedBySequence", "correctsSequence", "incidentKey", "isBackdated", "isCorrected", "isCorrection",
             "kind", "occurredAt", "recordedAt", "sequence", "text"],
            message.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains("\"kind\":\"note\"", message.GetRawText());
        Assert.Contains("\"text\":\"Seen on the wire\"", message.GetRawText());
    }

    [Fact]
    public async Task ASubscriberToAnotherIncidentReceivesNothingForThisOne()
    {
        var watched = await _client.DeclareAsync(title: "Watched");
        var other = await _client.DeclareAsync(title: "Other");
        await using var watcher = await ConnectAsync();
        await using var bystander = await ConnectAsync();
        var watcherEntries = Inbox.Of(watcher, (TimelineEntryMessage e) => e.IncidentKey);
        var bystanderEntries = Inbox.Of(bystander, (TimelineEntryMessage e) => e.IncidentKey);
        await watcher.SubscribeAsync(watched.Key);
        await bystander.SubscribeAsync(other.Key);

        await AddNoteAsync(watched.Key, "for the watcher");
        await watcherEntries.WaitForKeyAsync(watched.Key);
        // Messages reach a connection in order, so once the bystander sees this later entry it has seen all it ever will of the first.
        await AddNoteAsync(other.Key, "for the bystander");
        await bystanderEntries.WaitForKeyAsync(other.Key);

        Assert.All(bystanderEntries.Keys, key => Assert.Equal(other.Key, key));
        Assert.DoesNotContain(other.Key, watcherEntries.Keys);
    }

    [Fact]
    public async Task UnsubscribeStopsOneIncidentsMessages()
    {
        var dropped = await _client.DeclareAsync(title: "Dropped");
        var kept = await _client.DeclareAsync(title: "Kept");
        await using var hub = await ConnectAsync();
        var entries = Inbox.Of(hub, (TimelineEntryMessage e) => e.IncidentKey);
        await hub.SubscribeAsync(dropped.Key);
        await hub.SubscribeAsync(kept.Key);

        await hub.UnsubscribeAsync(dropped.Key.ToLowerInvariant());
        await AddNoteAsync(dropped.Key, "nobody hears this");
        await AddNoteAsync(kept.Key, "after the other one");

        await entries.WaitForKeyAsync(kept.Key);
        Assert.DoesNotContain(dropped.Key, entries.Keys);
    }

    [Fact]
    public async Task UnsubscribeAllStopsTheFeed()
    {
        var watched = await _client.DeclareAsync(title: "Watched on its own");
        await using var hub = await ConnectAsync();
        var entries = Inbox.Of(hub, (TimelineEntryMessage e) => e.IncidentKey);
        await hub.SubscribeAllAsync();
        await AddNoteAsync(watched.Key, "while subscribed to all");
        await entries.WaitForKeyAsync(watched.Key);

        await hub.UnsubscribeAllAsync();
        var unwatched = await _client.DeclareAsync(title: "Declared after UnsubscribeAll");
        await hub.SubscribeAsync(watched.Key);
        await AddNoteAsync(unwatched.Key, "nobody hears this");
        await AddNoteAsync(watched.Key, "after the other one");

        await entries.WaitForAsync(e => e.Text == "after the other one");
        Assert.DoesNotContain(unwatched.Key, entries.Keys);
    }

    [Fact]
    public async Task AHandlerThatThrowsDoesNotStopTheOtherHandlersOrTheFeed()
    {
        var incident = await _client.DeclareAsync();
        await using var hub = await ConnectAsync();
        hub.TimelineEntryAdded += _ => throw new InvalidOperationException("a subscriber's bug");
        var entries = Inbox.Of(hub, (TimelineEntryMessage e) => e.IncidentKey);
        await hub.SubscribeAsync(incident.Key);

        await AddNoteAsync(incident.Key, "first");
        await AddNoteAsync(incident.Key, "second");

        await entries.WaitForAsync(e => e.Text == "first");
        await entries.WaitForAsync(e => e.Text == "second");
    }

    [Fact]
    public async Task DisposingTheClientClosesTheConnectionCleanly()
    {
        var hub = await ConnectAsync();
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += error => Task.FromResult(closed.TrySetResult(error));
        await hub.SubscribeAllAsync();

        await hub.DisposeAsync();

        Assert.Null(await closed.Task.WaitAsync(ApiTestExtensions.Timeout));
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => hub.SubscribeAllAsync());
    }

    [Fact]
    public async Task AfterALostConnectionTheClientReconnectsAndSubscribesAgainToItsIncidents()
    {
        var watched = await _client.DeclareAsync(title: "Watched across a reconnect");
        var dropped = await _client.DeclareAsync(title: "Unsubscribed before the reconnect");
        var sockets = new ConcurrentQueue<SeverableWebSocket>();
        await using var hub = await ConnectAsync(wrap: socket => Enqueue(sockets, new SeverableWebSocket(socket)));
        var reconnected = Signal(hub);
        var entries = Inbox.Of(hub, (TimelineEntryMessage e) => e.IncidentKey);
        await hub.SubscribeAsync(watched.Key);
        await hub.SubscribeAsync(dropped.Key);
        await hub.UnsubscribeAsync(dropped.Key);

        Assert.Single(sockets).Sever();
        await reconnected.WaitAsync(ApiTestExtensions.Timeout);

        Assert.Equal(2, sockets.Count);
        Assert.Equal(HubConnectionState.Connected, hub.State);
        await AddNoteAsync(dropped.Key, "must not arrive: unsubscribed");
        await AddNoteAsync(watched.Key, "after the reconnect");
        await entries.WaitForAsync(e => e.Text == "after the reconnect");
        Assert.DoesNotContain(dropped.Key, entries.Keys);
    }

    [Fact]
    public async Task AfterALostConnectionTheClientSubscribesAgainToAllIncidents()
    {
        var sockets = new ConcurrentQueue<SeverableWebSocket>();
        await using var hub = await ConnectAsync(wrap: socket => Enqueue(sockets, new SeverableWebSocket(socket)));
        var reconnected = Signal(hub);
        var updates = Inbox.Of(hub, (IncidentSummaryMessage m) => m.Key);
        await hub.SubscribeAllAsync();

        Assert.Single(sockets).Sever();
        await reconnected.WaitAsync(ApiTestExtensions.Timeout);

        var declared = await _client.DeclareAsync(title: "Declared after the reconnect");
        await updates.WaitForKeyAsync(declared.Key);
    }

    private static SeverableWebSocket Enqueue(ConcurrentQueue<SeverableWebSocket> sockets, SeverableWebSocket socket)
    {
        sockets.Enqueue(socket);
        return socket;
    }

    private static Task Signal(IncidentHubClient hub)
    {
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Reconnected += () =>
        {
            reconnected.TrySetResult();
            return Task.CompletedTask;
        };
        return reconnected.Task;
    }

    /// <summary>Collects one message type from a client and lets a test wait for the first that matches.</summary>
    private sealed class Inbox<T>(Func<T, string> keyOf)
    {
        private readonly List<T> _messages = [];
        private readonly List<(Func<T, bool> Match, TaskCompletionSource<T> Found)> _waiters = [];
        private readonly Lock _lock = new();

        public IReadOnlyList<string> Keys
        {
            get
            {
                lock (_lock)
                {
                    return [.. _messages.Select(keyOf)];
                }
            }
        }

        public Task OnMessage(T message)
        {
            lock (_lock)
            {
                _messages.Add(message);
                foreach (var (match, found) in _waiters.Where(w => w.Match(message)))
                {
                    found.TrySetResult(message);
                }
            }
            return Task.CompletedTask;
        }

        public Task<T> WaitForAsync(Func<T, bool> match)
        {
            lock (_lock)
            {
                var found = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_messages.Where(match).Take(1).ToList() is [var earlier])
                {
                    found.SetResult(earlier);
                }
                _waiters.Add((match, found));
                return found.Task.WaitAsync(ApiTestExtensions.Timeout);
            }
        }

        public Task<T> WaitForKeyAsync(string key) => WaitForAsync(m => keyOf(m) == key);
    }

    private static class Inbox
    {
        public static Inbox<IncidentSummaryMessage> Of(IncidentHubClient hub, Func<IncidentSummaryMessage, string> keyOf)
        {
            var inbox = new Inbox<IncidentSummaryMessage>(keyOf);
            hub.IncidentUpdated += inbox.OnMessage;
            return inbox;
        }

        public static Inbox<TimelineEntryMessage> Of(IncidentHubClient hub, Func<TimelineEntryMessage, string> keyOf)
        {
            var inbox = new Inbox<TimelineEntryMessage>(keyOf);
            hub.TimelineEntryAdded += inbox.OnMessage;
            return inbox;
        }
    }
}
