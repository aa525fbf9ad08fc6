using CommandCenter.Api;
using CommandCenter.Core.Common;
using Microsoft.Extensions.Options;

namespace CommandCenter.Identity;

/// <summary>Marks endpoints that authenticate with an API key and never with the session cookie (ingestion).</summary>
public sealed class ApiKeyAuthenticatedEndpoint
{
    public static readonly ApiKeyAuthenticatedEndpoint Instance = new();

    private ApiKeyAuthenticatedEndpoint()
    {
    }
}

/// <summary>The "Security" configuration section's origin settings.</summary>
public sealed class SameOriginOptions
{
    public const string Section = "Security";

    /// <summary>
    /// Other origins (<c>https://cc.example.com</c>) whose pages may post here, for an installation reached under a second
    /// name whose Host header the proxy rewrites.
    /// </summary>
    public List<string> TrustedOrigins { get; set; } = [];
}

/// <summary>
/// Cross-site request forgery: a browser attaches the session cookie to a form another site posts here. Every
/// state-changing request (anything but GET, HEAD, OPTIONS and TRACE) is checked: its Origin header, or the Referer when
/// there is no Origin, must name this host. A request carrying neither comes from a script or tool, not a page another
/// site made a browser send, and passes; endpoints authenticated by API key (<see cref="ApiKeyAuthenticatedEndpoint"/>)
/// never read the cookie and are exempt. Antiforgery tokens still guard the form posts; this also covers the JSON API and
/// sign-out, which have none.
/// </summary>
internal sealed partial class SameOriginRequests(RequestDelegate next, IOptions<SameOriginOptions> options, ILogger<SameOriginRequests> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || HttpMethods.IsTrace(request.Method)
            || context.GetEndpoint()?.Metadata.GetMetadata<ApiKeyAuthenticatedEndpoint>() is not null)
        {
            return next(context);
        }
        var origin = request.Headers.Origin.ToString();
        var claimed = origin.Length > 0 ? origin : request.Headers.Referer.ToString();
        if (claimed.Length == 0 || IsSameSite(claimed, request))
        {
            return next(context);
        }
        LogRefused(request.Method, request.Path, LogText.Escape(claimed, 200), context.Connection.RemoteIpAddress?.ToString() ?? "-");
        return ApiProblems.WriteAsync(context, ApiProblems.Create(StatusCodes.Status403Forbidden, "Request from another site.",
            "This request came from another site. Changes are accepted from CommandCenter's own pages, or from scripts and tools that send no Origin header."));
    }

    private bool IsSameSite(string claimed, HttpRequest request)
    {
        if (!Uri.TryCreate(claimed, UriKind.Absolute, out var from) || (from.Scheme != Uri.UriSchemeHttp && from.Scheme != Uri.UriSchemeHttps))
        {
            // "null" (a sandboxed frame, a file: page, a cross-site redirect) or anything unreadable.
            return false;
        }
        if (SameHost(from, request.Host))
        {
            return true;
        }
        return options.Value.TrustedOrigins.Any(trusted => Uri.TryCreate(trusted, UriKind.Absolute, out var t)
            && string.Equals(t.Scheme, from.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(t.IdnHost, from.IdnHost, StringComparison.OrdinalIgnoreCase) && t.Port == from.Port);
    }

    /// <summary>
    /// Same host name, and the same port when the request names one. The scheme is not compared: behind a proxy that ends
    /// TLS the app sees http while the browser's page is https; a Host without a port is what such a proxy forwards.
    /// </summary>
    private static bool SameHost(Uri from, HostString host) =>
        host.HasValue
        && string.Equals(from.IdnHost.TrimStart('[').TrimEnd(']'), host.Host.TrimStart('[').TrimEnd(']'), StringComparison.OrdinalIgnoreCase)
        && (host.Port is not { } port ? from.IsDefaultPort : port == from.Port);

    [LoggerMessage(LogLevel.Warning, "Refused {Method} {Path} from another site ({Origin}, client {Client})")]
    private partial void LogRefused(string method, PathString path, string origin, string client);
}
