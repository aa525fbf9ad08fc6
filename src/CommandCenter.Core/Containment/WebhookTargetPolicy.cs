using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace CommandCenter.Core.Containment;

/// <summary>The "Containment" configuration section: where control webhooks may point.</summary>
public sealed class ContainmentSecurityOptions
{
    public const string Section = "Containment";

    /// <summary>
    /// Host names a control webhook may point at: <c>hooks.example.com</c>, or <c>*.example.com</c> for any host under
    /// example.com (not example.com itself). Empty: any host with a public address.
    /// </summary>
    public List<string> WebhookAllowList { get; set; } = [];

    /// <summary>
    /// Lets webhooks reach loopback, private and link-local addresses (a receiver on the same machine or network, tests).
    /// Off by default: otherwise the server would make signed requests into its own network on an administrator's word.
    /// </summary>
    public bool AllowPrivateWebhookTargets { get; set; }
}

/// <summary>The webhook's address is not one the server may call (thrown from the connection, never retried).</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);

/// <summary>
/// Where the server may send control webhook requests. A control webhook is a request the server makes on an
/// administrator's say-so, so it is checked twice: when the URL is saved (a clear answer on the form) and when each
/// connection is opened (<see cref="ConnectAsync"/>: the name is resolved again and only public addresses are dialled,
/// so a name that later resolves to 127.0.0.1 or 169.254.169.254 is still refused).
/// </summary>
public sealed class WebhookTargetPolicy
{
    private readonly ContainmentSecurityOptions _options;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    public WebhookTargetPolicy(ContainmentSecurityOptions options, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _resolve = resolve ?? Dns.GetHostAddressesAsync;
    }

    /// <summary>Whether <paramref name="host"/> is on the allow-list (always, when the list is empty).</summary>
    public bool IsAllowedHost(string host) =>
        _options.WebhookAllowList.Count == 0 || _options.WebhookAllowList.Any(pattern => Matches(pattern, host));

    /// <summary>Null when <paramref name="url"/> may be saved; otherwise what is wrong with it, for the url field.</summary>
    public async Task<string?> CheckAsync(Uri url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        var host = HostOf(url.IdnHost);
        if (!IsAllowedHost(host))
        {
            return $"{host} is not on this installation's webhook allow-list (Containment:WebhookAllowList).";
        }
        if (_options.AllowPrivateWebhookTargets)
        {
            return null;
        }
        if (IsLocalName(host))
        {
            return PrivateTarget(host);
        }
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await _resolve(host, cancellationToken);
            }
            catch (SocketException)
            {
                // Not resolvable from here right now: saved, and checked again when a connection is opened.
                return null;
            }
        }
        return addresses.All(IsPublic) ? null : PrivateTarget(host);
    }

    /// <summary>
    /// <see cref="SocketsHttpHandler.ConnectCallback"/> for the webhook client: resolves the host and dials only the
    /// addresses this policy allows.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = HostOf(context.DnsEndPoint.Host);
        if (!IsAllowedHost(host))
        {
            throw new WebhookTargetRefusedException($"{host} is not on the webhook allow-list");
        }
        if (!_options.AllowPrivateWebhookTargets && IsLocalName(host))
        {
            throw new WebhookTargetRefusedException(PrivateTarget(host));
        }
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await _resolve(host, cancellationToken);
        if (!_options.AllowPrivateWebhookTargets)
        {
            addresses = addresses.Where(IsPublic).ToArray();
            if (addresses.Length == 0)
            {
                throw new WebhookTargetRefusedException(PrivateTarget(host));
            }
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Whether an address is on the public internet: not loopback (127/8, ::1), private (10/8, 172.16/12, 192.168/16,
    /// fc00::/7), link-local (169.254/16 with the cloud metadata service, fe80::/10), carrier-grade NAT (100.64/10),
    /// unspecified, multicast or reserved; IPv4 inside IPv6 (::ffff:0:0/96, 64:ff9b::/96) is judged as the IPv4 address.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return IsPublic(address.MapToIPv4());
        }
        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
            {
                // ::, ::1 and the deprecated IPv4-compatible form.
                return false;
            }
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
            {
                return IsPublic(new IPAddress(b.AsSpan(12, 4)));
            }
            return (b[0] & 0xFE) != 0xFC            // fc00::/7 unique local
                && !(b[0] == 0xFE && (b[1] & 0x80) == 0x80) // fe80::/10 link-local, fec0::/10 site-local
                && b[0] != 0xFF;                   // multicast
        }
        return b[0] switch
        {
            0 or 10 or 127 => false,
            100 when (b[1] & 0xC0) == 64 => false,
            169 when b[1] == 254 => false,
            172 when (b[1] & 0xF0) == 16 => false,
            192 when b[1] == 168 || (b[1] == 0 && b[2] == 0) => false,
            198 when (b[1] & 0xFE) == 18 => false,
            >= 224 => false,
            _ => true,
        };
    }

    /// <summary>
    /// Whether an allow-list <paramref name="pattern"/> covers <paramref name="host"/>: whole names, case-insensitive;
    /// <c>*.example.com</c> covers names under example.com only.
    /// </summary>
    public static bool Matches(string pattern, string host)
    {
        var p = HostOf(pattern);
        var h = HostOf(host);
        if (p.StartsWith("*.", StringComparison.Ordinal))
        {
            var suffix = p[1..];
            return h.Length > suffix.Length && h.EndsWith(suffix, StringComparison.Ordinal);
        }
        return p.Length > 0 && p == h;
    }

    private static string HostOf(string host) => host.Trim().TrimStart('[').TrimEnd(']').TrimEnd('.').ToLowerInvariant();

    private static bool IsLocalName(string host) => host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal);

    private static string PrivateTarget(string host) =>
        $"{host} is a loopback, private or link-local address; control webhooks go to public addresses "
        + "(Containment:AllowPrivateWebhookTargets lifts this for a receiver inside your network).";
}
