using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using CommandCenter.Client;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Tests.Api;

/// <summary>The /hubs/incidents feed as an external subscriber sees it, through CommandCenter.Client over TestServer.</summary>
public sealed class HubTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.As("Ana Diaz");

    private Task<IncidentHubClient> ConnectAsync(string? cookie = "") =>
        IncidentHubClient.ConnectAsync(new Uri(factory.Server.BaseAddress, "hubs/incidents"), SocketClient(cookie).ConnectAsync, CancellationToken.None);

    /// <summary>TestServer's WebSocket client carrying a session cookie (Ana Diaz's unless told otherwise; null for none).</summary>
    private Microsoft.AspNetCore.TestHost.WebSocketClient SocketClient(string? cookie)
    {
        var client = factory.Server.CreateWebSocketClient();
        cookie = cookie == "" ? factory.SessionCookie("Ana Diaz") : cookie;
        if (cookie is not null)
        {
            client.ConfigureRequest = request => request.Headers.Cookie = cookie;
        }
        return client;
    }

    [Fact]
    public async Task TheHubRefusesAConnectionWithoutASession()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(cookie: null));
    }

    [Fact]
    public async Task SubscribingToAnUnknownIncidentIsRefused()
    {
        await using var hub = await ConnectAsync();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => hub.SubscribeAsync("INC-1999-0001"));
        Assert.Contains("INC-1999-0001", error.Message);
    }

    /// <summary>Collects the raw JSON of one message type and lets a test wait for the first that matches.</summary>
    private sealed class Inbox
    {
        private readonly ConcurrentQueue<JsonElement> _messages = new();
        private readonly List<(Func<JsonElement, bool> Match, TaskCompletionSource<JsonElement> Found)> _waiters = [];
        private readonly Lock _lock = new();

        public IReadOnlyCollection<JsonElement> Messages => _messages;

        public Task OnMessage(JsonElement message)
        {
            lock (_lock)
            {
                _messages.Enqueue(message);
                foreach (var (match, found) in _waiters.Where(w => w.Match(message)))
                {
                    found.TrySetResult(message);
                }
            }
            return Task.CompletedTask;
        }

        public Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match)
        {
            lock (_lock)
            {
                var found = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_messages.FirstOrDefault(match) is { ValueKind: not JsonValueKind.Undefined } earlier)
                {
                    found.SetResult(earlier);
                }
                _waiters.Add((match, found));
                return found.Task.WaitAsync(ApiTestExtensions.Timeout);
            }
        }

        public Task<JsonElement> WaitForKeyAsync(string key) =>
            WaitForAsync(m => (m.TryGetProperty("key", out var k) ? k : m.GetProperty("incidentKey")).GetString() == key);
    }

    [Fact]
    public async Task SubscribeAllReceivesIncidentUpdatedAfterADeclaration()
    {
        await using var hub = await ConnectAsync();
        var updates = new Inbox();
        using var _ = hub.On<JsonElement>(IncidentHubClient.Events.IncidentUpdated, updates.OnMessage);
        await hub.SubscribeAllAsync();

        var declared = await _client.DeclareAsync(title: "Hub sees this one", severity: "SEV2");

        var message = await updates.WaitForKeyAsync(declared.Key);
        Assert.Equal(declared, message.Deserialize<IncidentSummary>(ApiTestExtensions.Json));
        Assert.Equal("SEV2", message.GetProperty("severity").GetString());
        Assert.Equal("detected", message.GetProperty("status").GetString());
    }

    [Fact]
    public async Task SubscribeToAKeyReceivesTimelineEntryAddedInTheDocumentedShape()
    {
        var incident = await _client.DeclareAsync(severity: "SEV2");
        await using var hub = await ConnectAsync();
        var entries = new Inbox();
        var updates = new Inbox();
        var typed = new TaskCompletionSource<TimelineEntryView>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var raw = hub.On<JsonElement>(IncidentHubClient.Events.TimelineEntryAdded, entries.OnMessage);
        using var views = hub.On<TimelineEntryView>(IncidentHubClient.Events.TimelineEntryAdded, e => Task.FromResult(typed.TrySetResult(e)));
        using var summaries = hub.On<JsonElement>(IncidentHubClient.Events.IncidentUpdated, updates.OnMessage);
        await hub.SubscribeAsync(incident.Key.ToLowerInvariant());

        var posted = await (await factory.As("Ana Diaz").PostJsonAsync($"/api/incidents/{incident.Key}/timeline",
            new { kind = "note", text = "Seen from the hub" })).ReadAsync<TimelineEntryView>(HttpStatusCode.Created);

        var message = await entries.WaitForKeyAsync(incident.Key);
        Assert.Equal(posted, await typed.Task.WaitAsync(ApiTestExtensions.Timeout));
        Assert.Equal(
            ["author", "authorRole", "correctedBySequence", "correctsSequence", "incidentKey", "isBackdated", "isCorrected", "isCorrection",
             "kind", "occurredAt", "recordedAt", "sequence", "text"],
            message.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains("\"kind\":\"note\"", message.GetRawText());
        Assert.Contains("\"text\":\"Seen from the hub\"", message.GetRawText());
        var summary = await updates.WaitForKeyAsync(incident.Key);
        Assert.Contains("\"severity\":\"SEV2\"", summary.GetRawText());
        Assert.Contains("\"archetype\":\"data-leakage\"", summary.GetRawText());
    }

    [Fact]
    public async Task ASubscriberToAnotherIncidentReceivesNothingForThisOne()
    {
        var watched = await _client.DeclareAsync(title: "Watched");
        var other = await _client.DeclareAsync(title: "Other");
        await using var watcher = await ConnectAsync();
        await using var bystander = await ConnectAsync();
        var watcherEntries = new Inbox();
        var bystanderEntries = new Inbox();
        using var a = watcher.On<JsonElement>(IncidentHubClient.Events.TimelineEntryAdded, watcherEntries.OnMessage);
        using var b = bystander.On<JsonElement>(IncidentHubClient.Events.TimelineEntryAdded, bystanderEntries.OnMessage);
        await watcher.SubscribeAsync(watched.Key);
        await bystander.SubscribeAsync(other.Key);

        await factory.As("Ana").PostJsonAsync($"/api/incidents/{watched.Key}/timeline", new { kind = "note", text = "for the watcher" });
        await watcherEntries.WaitForKeyAsync(watched.Key);
        // Messages reach a connection in order, so once the bystander sees this later entry it has seen all it ever will of the first.
        await factory.As("Ana").PostJsonAsync($"/api/incidents/{other.Key}/timeline", new { kind = "note", text = "for the bystander" });
        await bystanderEntries.WaitForKeyAsync(other.Key);

        Assert.All(bystanderEntries.Messages, m => Assert.Equal(other.Key, m.GetProperty("incidentKey").GetString()));
        Assert.DoesNotContain(watcherEntries.Messages, m => m.GetProperty("incidentKey").GetString() == other.Key);
    }

    [Fact]
    public async Task AHandlerStopsReceivingOnceDisposed()
    {
        var incident = await _client.DeclareAsync();
        await using var hub = await ConnectAsync();
        var kept = new Inbox();
        var dropped = new Inbox();
        using var keep = hub.On<JsonElement>(IncidentHubClient.Events.TimelineEntryAdded, kept.OnMessage);
        hub.On<JsonElement>(IncidentHubClient.Events.TimelineEntryAdded, dropped.OnMessage).Dispose();
        await hub.SubscribeAsync(incident.Key);

        await factory.As("Ana").PostJsonAsync($"/api/incidents/{incident.Key}/timeline", new { kind = "note", text = "once" });
        await kept.WaitForKeyAsync(incident.Key);

        Assert.Empty(dropped.Messages);
    }

    [Fact]
    public async Task InvokingAMethodTheHubDoesNotHaveThrowsAndKeepsTheConnection()
    {
        await using var hub = await ConnectAsync();

        var error = await Assert.ThrowsAsync<IncidentHubException>(() => hub.InvokeAsync("Explode", 42));

        Assert.Contains("Explode", error.Message);
        await hub.SubscribeAllAsync();
        Assert.False(hub.Closed.IsCompleted);
    }

    [Fact]
    public async Task DisposingTheClientClosesTheConnectionCleanly()
    {
        var hub = await ConnectAsync();
        await hub.SubscribeAllAsync();

        await hub.DisposeAsync();

        Assert.Null(await hub.Closed.WaitAsync(ApiTestExtensions.Timeout));
        await Assert.ThrowsAsync<IncidentHubException>(() => hub.SubscribeAllAsync());
    }
}
