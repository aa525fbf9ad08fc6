using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using CommandCenter.Client;

namespace CommandCenter.Tests.Api;

/// <summary>The client's protocol handling against a scripted WebSocket: framing, handshake errors, completions, close.</summary>
public sealed class IncidentHubClientTests
{
    private const string Rs = "\u001e";
    private static readonly Uri HubUrl = new("ws://localhost/hubs/incidents");

    private sealed record Ping(int N);

    private static Task<IncidentHubClient> ConnectAsync(ScriptedWebSocket socket) =>
        IncidentHubClient.ConnectAsync(HubUrl, (_, _) => Task.FromResult<WebSocket>(socket), CancellationToken.None);

    [Fact]
    public async Task HandshakeIsSentFirstAndAnErrorReplyFailsTheConnect()
    {
        var socket = new ScriptedWebSocket();
        socket.Push("{\"error\":\"Requested protocol 'json' is not available.\"}" + Rs);

        var error = await Assert.ThrowsAsync<IncidentHubException>(() => ConnectAsync(socket));

        Assert.Contains("not available", error.Message);
        Assert.Equal("{\"protocol\":\"json\",\"version\":1}" + Rs, await socket.NextSentAsync());
    }

    [Fact]
    public async Task RecordsSplitAcrossMessagesOrBatchedInOneAreEachDeliveredInOrder()
    {
        var socket = new ScriptedWebSocket();
        var first = "{\"type\":1,\"target\":\"Tick\",\"arguments\":[{\"n\":1}]}" + Rs;
        // The handshake reply and the start of a record in one message, the rest a few bytes at a time.
        socket.Push("{}" + Rs + first[..7]);
        foreach (var piece in first[7..].Chunk(5))
        {
            socket.Push(new string(piece));
        }
        // Two records and a ping in a single message, with a non-ASCII character straddling nothing in particular.
        socket.Push("{\"type\":1,\"target\":\"Tick\",\"arguments\":[{\"n\":2}]}" + Rs + "{\"type\":6}" + Rs
            + "{\"type\":1,\"target\":\"tick\",\"arguments\":[{\"n\":3}]}" + Rs);
        var received = new List<int>();
        var three = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await using var client = await ConnectAsync(socket);
        using var _ = client.On<Ping>("Tick", p =>
        {
            received.Add(p.N);
            if (received.Count == 3)
            {
                three.SetResult();
            }
            return Task.CompletedTask;
        });
        socket.Release();

        await three.Task.WaitAsync(ApiTestExtensions.Timeout);
        Assert.Equal([1, 2, 3], received);
    }

    [Fact]
    public async Task InvokeCompletesOnResultAndThrowsOnError()
    {
        var socket = new ScriptedWebSocket();
        socket.Push("{}" + Rs);
        socket.Release();
        await using var client = await ConnectAsync(socket);
        await socket.NextSentAsync(); // handshake

        var ok = client.InvokeAsync("Subscribe", "INC-2026-0001");
        var sent = JsonDocument.Parse((await socket.NextSentAsync()).TrimEnd('\u001e')).RootElement;
        Assert.Equal((1, "Subscribe", "INC-2026-0001"),
            (sent.GetProperty("type").GetInt32(), sent.GetProperty("target").GetString(), sent.GetProperty("arguments")[0].GetString()));
        socket.Push($"{{\"type\":3,\"invocationId\":\"{sent.GetProperty("invocationId").GetString()}\",\"result\":null}}" + Rs);
        await ok.WaitAsync(ApiTestExtensions.Timeout);

        var failing = client.InvokeAsync("Subscribe", "x");
        var id = JsonDocument.Parse((await socket.NextSentAsync()).TrimEnd('\u001e')).RootElement.GetProperty("invocationId").GetString();
        socket.Push($"{{\"type\":3,\"invocationId\":\"{id}\",\"error\":\"Failed to invoke 'Subscribe'.\"}}" + Rs);
        var error = await Assert.ThrowsAsync<IncidentHubException>(() => failing.WaitAsync(ApiTestExtensions.Timeout));
        Assert.Contains("Failed to invoke", error.Message);
    }

    [Fact]
    public async Task ACloseMessageEndsTheConnectionAndFailsPendingCalls()
    {
        var socket = new ScriptedWebSocket();
        socket.Push("{}" + Rs);
        socket.Release();
        await using var client = await ConnectAsync(socket);
        await socket.NextSentAsync(); // handshake
        var pending = client.InvokeAsync("SubscribeAll");
        await socket.NextSentAsync();

        socket.Push("{\"type\":7,\"error\":\"Server is shutting down.\"}" + Rs);

        var closedBy = await client.Closed.WaitAsync(ApiTestExtensions.Timeout);
        Assert.Contains("shutting down", closedBy?.Message);
        await Assert.ThrowsAsync<IncidentHubException>(() => pending.WaitAsync(ApiTestExtensions.Timeout));
    }

    /// <summary>
    /// A WebSocket whose incoming messages a test scripts. Messages after the first wait for <see cref="Release"/>, so a
    /// test can register handlers between the handshake and the records that follow it in the script.
    /// </summary>
    private sealed class ScriptedWebSocket : WebSocket
    {
        private readonly Channel<byte[]> _incoming = Channel.CreateUnbounded<byte[]>();
        private readonly Channel<string> _sent = Channel.CreateUnbounded<string>();
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private byte[] _current = [];
        private int _offset;
        private int _received;
        private WebSocketState _state = WebSocketState.Open;

        public void Push(string message) => _incoming.Writer.TryWrite(Encoding.UTF8.GetBytes(message));

        public void Release() => _released.TrySetResult();

        public async Task<string> NextSentAsync() => await _sent.Reader.ReadAsync().AsTask().WaitAsync(ApiTestExtensions.Timeout);

        public override WebSocketCloseStatus? CloseStatus => null;
        public override string? CloseStatusDescription => null;
        public override WebSocketState State => _state;
        public override string? SubProtocol => null;

        public override void Abort() => _state = WebSocketState.Aborted;

        public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
            CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

        public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
        {
            _state = WebSocketState.Closed;
            _incoming.Writer.TryComplete();
            return Task.CompletedTask;
        }

        public override void Dispose() => _state = WebSocketState.Closed;

        public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
        {
            if (_offset == _current.Length)
            {
                if (_received++ > 0)
                {
                    await _released.Task.WaitAsync(cancellationToken);
                }
                if (!await _incoming.Reader.WaitToReadAsync(cancellationToken) || !_incoming.Reader.TryRead(out var next))
                {
                    return new WebSocketReceiveResult(0, WebSocketMessageType.Close, true, WebSocketCloseStatus.NormalClosure, null);
                }
                (_current, _offset) = (next, 0);
            }
            var count = Math.Min(buffer.Count, _current.Length - _offset);
            _current.AsSpan(_offset, count).CopyTo(buffer);
            _offset += count;
            return new WebSocketReceiveResult(count, WebSocketMessageType.Text, _offset == _current.Length);
        }

        public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
        {
            _sent.Writer.TryWrite(Encoding.UTF8.GetString(buffer));
            return Task.CompletedTask;
        }
    }
}
