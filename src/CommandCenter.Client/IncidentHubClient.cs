using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace CommandCenter.Client;

/// <summary>
/// A minimal client for CommandCenter's <c>/hubs/incidents</c> SignalR hub: the JSON hub protocol (version 1)
/// over a single WebSocket, without negotiation and without reconnection.
/// </summary>
/// <remarks>
/// Sends are serialized (one frame at a time) so any thread may call <see cref="InvokeAsync"/>. Handlers registered
/// with <see cref="On{T}"/> run one at a time, in arrival order, on a dispatcher loop separate from the receive
/// loop, so a handler may itself await <see cref="InvokeAsync"/>. A handler that throws is skipped over; the
/// connection stays up. When the connection ends, <see cref="Closed"/> completes and pending invocations fail.
/// </remarks>
public sealed class IncidentHubClient : IAsyncDisposable
{
    /// <summary>Server method names on the hub.</summary>
    public static class Methods
    {
        public const string SubscribeAll = "SubscribeAll";
        public const string UnsubscribeAll = "UnsubscribeAll";
        public const string Subscribe = "Subscribe";
        public const string Unsubscribe = "Unsubscribe";
    }

    /// <summary>Messages the server sends: <c>IncidentUpdated</c> (an incident summary), <c>TimelineEntryAdded</c> (a timeline entry).</summary>
    public static class Events
    {
        public const string IncidentUpdated = "IncidentUpdated";
        public const string TimelineEntryAdded = "TimelineEntryAdded";
    }

    /// <summary>How often a ping is sent; the server drops a client it has not heard from in 30 seconds.</summary>
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(15);

    private const byte RecordSeparator = 0x1E;
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private static readonly byte[] PingRecord = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    private readonly WebSocket _socket;
    private readonly RecordReader _reader;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly Lock _handlersLock = new();
    private readonly Dictionary<string, List<Func<JsonElement, Task>>> _handlers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Channel<(string Target, JsonElement Arguments)> _inbox = Channel.CreateUnbounded<(string, JsonElement)>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiveLoop = Task.CompletedTask;
    private Task _dispatchLoop = Task.CompletedTask;
    private Task _pingLoop = Task.CompletedTask;
    private int _nextInvocationId;
    private int _disposed;

    private IncidentHubClient(WebSocket socket)
    {
        _socket = socket;
        _reader = new RecordReader(socket);
    }

    /// <summary>Completes when the connection ends: with null after a clean close, or with the error that ended it.</summary>
    public Task<Exception?> Closed => _closed.Task;

    /// <summary>
    /// Connects with a <see cref="ClientWebSocket"/>. <paramref name="hubUrl"/> may be http(s) or ws(s). The hub needs a
    /// signed-in session: pass the <c>Cookie</c> header value that POST /api/session set as <paramref name="cookie"/>.
    /// </summary>
    public static Task<IncidentHubClient> ConnectAsync(Uri hubUrl, string? cookie, CancellationToken cancellationToken = default) =>
        ConnectAsync(hubUrl, async (uri, ct) =>
        {
            var socket = new ClientWebSocket();
            if (!string.IsNullOrEmpty(cookie))
            {
                socket.Options.SetRequestHeader("Cookie", cookie);
            }
            try
            {
                await socket.ConnectAsync(uri, ct);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }, cancellationToken);

    /// <summary>Connects through <paramref name="connect"/> (for example TestServer's <c>CreateWebSocketClient().ConnectAsync</c>) and performs the handshake.</summary>
    public static async Task<IncidentHubClient> ConnectAsync(Uri hubUrl, Func<Uri, CancellationToken, Task<WebSocket>> connect,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hubUrl);
        ArgumentNullException.ThrowIfNull(connect);
        var socket = await connect(ToWebSocketUri(hubUrl), cancellationToken);
        var client = new IncidentHubClient(socket);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            await client.SendRawAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), timeout.Token);
            var reply = await client._reader.ReadAsync(timeout.Token)
                ?? throw new WebSocketException("The hub closed the connection during the handshake.");
            using var document = JsonDocument.Parse(reply);
            if (document.RootElement.TryGetProperty("error", out var error))
            {
                throw new IncidentHubException("The hub refused the handshake: " + error.GetString());
            }
        }
        catch
        {
            socket.Abort();
            socket.Dispose();
            throw;
        }
        client._receiveLoop = Task.Run(client.ReceiveLoopAsync, CancellationToken.None);
        client._dispatchLoop = Task.Run(client.DispatchLoopAsync, CancellationToken.None);
        client._pingLoop = Task.Run(client.PingLoopAsync, CancellationToken.None);
        return client;
    }

    /// <summary>Calls a hub method and waits for its completion; throws <see cref="IncidentHubException"/> when the hub reports an error.</summary>
    public async Task InvokeAsync(string method, params object?[] args)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        var id = Interlocked.Increment(ref _nextInvocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        if (_closed.Task.IsCompleted)
        {
            _pending.TryRemove(id, out _);
            throw new IncidentHubException("The hub connection is closed.", _closed.Task.Result);
        }
        try
        {
            await SendRawAsync(Serialize(id, method, args), _stopping.Token);
        }
        catch (Exception ex)
        {
            _pending.TryRemove(id, out _);
            throw new IncidentHubException($"Could not send '{method}' to the hub.", ex);
        }
        await completion.Task;
    }

    /// <summary>Receive every incident's messages on this connection.</summary>
    public Task SubscribeAllAsync() => InvokeAsync(Methods.SubscribeAll);

    /// <summary>Receive one incident's messages (key such as <c>INC-2026-0001</c>) on this connection.</summary>
    public Task SubscribeAsync(string key) => InvokeAsync(Methods.Subscribe, key);

    /// <summary>
    /// Runs <paramref name="handler"/> for each <paramref name="target"/> message, with its first argument read as
    /// <typeparamref name="T"/> (System.Text.Json web defaults). Dispose the result to stop.
    /// </summary>
    public IDisposable On<T>(string target, Func<T, Task> handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        ArgumentNullException.ThrowIfNull(handler);
        Func<JsonElement, Task> wrapper = arguments =>
        {
            var first = arguments.ValueKind == JsonValueKind.Array && arguments.GetArrayLength() > 0 ? arguments[0] : default;
            var value = first.ValueKind == JsonValueKind.Undefined ? default : first.Deserialize<T>(JsonOptions);
            return handler(value!);
        };
        lock (_handlersLock)
        {
            if (!_handlers.TryGetValue(target, out var list))
            {
                _handlers[target] = list = [];
            }
            list.Add(wrapper);
        }
        return new Registration(() =>
        {
            lock (_handlersLock)
            {
                _handlers[target].Remove(wrapper);
            }
        });
    }

    /// <summary>Closes the WebSocket (waiting briefly for the server's reply) and stops the loops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await CloseOutputQuietlyAsync();
        try
        {
            // The server answers our close with its own; the receive loop ends when it arrives.
            await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
            // The server did not answer in time; aborting below ends the connection regardless.
        }
        _stopping.Cancel();
        _socket.Abort();
        Finish(null);
        await Task.WhenAll(_receiveLoop, _dispatchLoop, _pingLoop);
        _socket.Dispose();
        _stopping.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (await _reader.ReadAsync(_stopping.Token) is { } record)
            {
                if (HandleRecord(record) is { } closedBy)
                {
                    Finish(closedBy.Length == 0 ? null : new IncidentHubException("The hub closed the connection: " + closedBy));
                    break;
                }
            }
            Finish(null);
            await CloseOutputQuietlyAsync();
        }
        catch (Exception ex)
        {
            Finish(_stopping.IsCancellationRequested ? null : ex);
        }
    }

    /// <summary>Handles one record; returns the close reason ("" when none) when the server sent a close message.</summary>
    private string? HandleRecord(byte[] record)
    {
        using var document = JsonDocument.Parse(record);
        var root = document.RootElement;
        switch (root.GetProperty("type").GetInt32())
        {
            case 1 when !root.TryGetProperty("invocationId", out _):
                var arguments = root.TryGetProperty("arguments", out var args) ? args.Clone() : default;
                _inbox.Writer.TryWrite((root.GetProperty("target").GetString()!, arguments));
                break;
            case 3 when _pending.TryRemove(root.GetProperty("invocationId").GetString()!, out var completion):
                if (root.TryGetProperty("error", out var error))
                {
                    completion.TrySetException(new IncidentHubException(error.GetString() ?? "The hub method failed."));
                }
                else
                {
                    completion.TrySetResult(root.TryGetProperty("result", out var result) ? result.Clone() : default);
                }
                break;
            case 7:
                return root.TryGetProperty("error", out var reason) ? reason.GetString() ?? "" : "";
        }
        return null; // pings (6) need no answer; stream messages (2, 4, 5) are not used by this hub.
    }

    private async Task CloseOutputQuietlyAsync()
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _sendLock.WaitAsync(timeout.Token);
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "closing", timeout.Token);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Best effort: the server has already gone.
        }
    }

    private async Task DispatchLoopAsync()
    {
        await foreach (var (target, arguments) in _inbox.Reader.ReadAllAsync())
        {
            Func<JsonElement, Task>[] handlers;
            lock (_handlersLock)
            {
                handlers = _handlers.TryGetValue(target, out var list) ? [.. list] : [];
            }
            foreach (var handler in handlers)
            {
                try
                {
                    await handler(arguments);
                }
                catch (Exception)
                {
                    // A subscriber's bug must not stop the feed for the others (documented on the class).
                }
            }
        }
    }

    private async Task PingLoopAsync()
    {
        using var timer = new PeriodicTimer(PingInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                await SendRawAsync(PingRecord, _stopping.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The connection is ending; the receive loop reports why.
        }
    }

    private async Task SendRawAsync(byte[] frame, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private void Finish(Exception? error)
    {
        if (!_closed.TrySetResult(error))
        {
            return;
        }
        _inbox.Writer.TryComplete();
        _stopping.Cancel();
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var completion))
            {
                completion.TrySetException(new IncidentHubException("The hub connection closed before the call completed.", error));
            }
        }
    }

    private static byte[] Serialize(string invocationId, string target, object?[] args)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("type", 1);
            writer.WriteString("invocationId", invocationId);
            writer.WriteString("target", target);
            writer.WriteStartArray("arguments");
            foreach (var arg in args ?? [null])
            {
                JsonSerializer.Serialize(writer, arg, arg?.GetType() ?? typeof(object), JsonOptions);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        buffer.WriteByte(RecordSeparator);
        return buffer.ToArray();
    }

    private static Uri ToWebSocketUri(Uri uri) => uri.Scheme switch
    {
        "http" => new UriBuilder(uri) { Scheme = "ws", Port = uri.IsDefaultPort ? -1 : uri.Port }.Uri,
        "https" => new UriBuilder(uri) { Scheme = "wss", Port = uri.IsDefaultPort ? -1 : uri.Port }.Uri,
        _ => uri,
    };

    private sealed class Registration(Action remove) : IDisposable
    {
        private Action? _remove = remove;

        public void Dispose() => Interlocked.Exchange(ref _remove, null)?.Invoke();
    }

    /// <summary>Splits the byte stream of WebSocket messages into 0x1E-terminated records, whatever the framing.</summary>
    private sealed class RecordReader(WebSocket socket)
    {
        private const int MaxRecordBytes = 4 * 1024 * 1024;
        private byte[] _buffer = new byte[16 * 1024];
        private int _start;
        private int _end;

        /// <summary>The next record without its separator, or null when the server closed the WebSocket.</summary>
        public async Task<byte[]?> ReadAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var separator = Array.IndexOf(_buffer, RecordSeparator, _start, _end - _start);
                if (separator >= 0)
                {
                    var record = _buffer[_start..separator];
                    _start = separator + 1;
                    return record;
                }
                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                }
                if (_end == _buffer.Length)
                {
                    if (_buffer.Length >= MaxRecordBytes)
                    {
                        throw new InvalidDataException($"A hub message exceeded {MaxRecordBytes} bytes.");
                    }
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }
                var received = await socket.ReceiveAsync(_buffer.AsMemory(_end), cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }
                _end += received.Count;
            }
        }
    }
}

/// <summary>The hub refused a handshake, failed a call, or the connection ended under it.</summary>
public sealed class IncidentHubException(string message, Exception? inner = null) : Exception(message, inner);
