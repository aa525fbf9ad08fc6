using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;

namespace CommandCenter.Tests.Api;

/// <summary>Routes a SignalR client connection through WebApplicationFactory's in-memory TestServer.</summary>
internal static class HubOverTestServer
{
    /// <summary>
    /// Negotiates through the TestServer's handler and opens the WebSocket with its WebSocket client, carrying the
    /// cookies, headers and access token of <paramref name="options"/> as the default handler and socket would (theirs
    /// cannot reach an in-memory server). <paramref name="wrap"/> sees every socket opened, reconnects included.
    /// </summary>
    public static void UseTestServer(this HttpConnectionOptions options, TestServer server, Func<WebSocket, WebSocket>? wrap = null)
    {
        options.Transports = HttpTransportType.WebSockets;
        options.HttpMessageHandlerFactory = _ => new CookieContainerHandler(options.Cookies) { InnerHandler = server.CreateHandler() };
        options.WebSocketFactory = async (context, cancellationToken) =>
        {
            var httpUri = new UriBuilder(context.Uri) { Scheme = Uri.UriSchemeHttp }.Uri;
            var cookies = context.Options.Cookies.GetCookieHeader(httpUri);
            var token = context.Options.AccessTokenProvider is { } provider ? await provider() : null;
            var client = server.CreateWebSocketClient();
            client.ConfigureRequest = request =>
            {
                foreach (var (name, value) in context.Options.Headers)
                {
                    request.Headers[name] = value;
                }
                if (cookies.Length > 0)
                {
                    request.Headers.Cookie = cookies;
                }
                if (!string.IsNullOrEmpty(token))
                {
                    request.Headers.Authorization = "Bearer " + token;
                }
            };
            var socket = await client.ConnectAsync(context.Uri, cancellationToken);
            return wrap is null ? socket : wrap(socket);
        };
    }
}

/// <summary>
/// A WebSocket a test can cut as a network failure would: the pending and every later receive fail, so the client
/// sees its connection lost (not closed) and its automatic reconnect starts.
/// </summary>
internal sealed class SeverableWebSocket(WebSocket inner) : WebSocket
{
    private readonly CancellationTokenSource _severed = new();

    public void Sever()
    {
        _severed.Cancel();
        inner.Abort();
    }

    public override WebSocketCloseStatus? CloseStatus => inner.CloseStatus;
    public override string? CloseStatusDescription => inner.CloseStatusDescription;
    public override WebSocketState State => _severed.IsCancellationRequested ? WebSocketState.Aborted : inner.State;
    public override string? SubProtocol => inner.SubProtocol;

    public override void Abort() => inner.Abort();

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        _severed.IsCancellationRequested ? Task.CompletedTask : inner.CloseAsync(closeStatus, statusDescription, cancellationToken);

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        _severed.IsCancellationRequested ? Task.CompletedTask : inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    // _severed is left to the GC: a receive cut by it may still be unwinding when the client disposes the socket.
    public override void Dispose() => inner.Dispose();

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.ReceiveAsync(buffer, cancellationToken).WaitAsync(_severed.Token);
        }
        catch (OperationCanceledException) when (_severed.IsCancellationRequested)
        {
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely);
        }
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        _severed.IsCancellationRequested
            ? Task.FromException(new WebSocketException(WebSocketError.ConnectionClosedPrematurely))
            : inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);
}
