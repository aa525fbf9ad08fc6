namespace CommandCenter.Api;

/// <summary>
/// Headers every answer carries, pages, API and static files alike (errors too: they are added when the response starts,
/// after any handler has cleared it). The policy allows only our own scripts, so an injected &lt;script&gt; or inline
/// event handler does not run; styles may be inline because the component library sets them; the circuit and the hub
/// use WebSockets to the same host.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "connect-src 'self' ws: wss:; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public Task InvokeAsync(HttpContext context)
    {
        var response = context.Response;
        response.OnStarting(() =>
        {
            var headers = response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
