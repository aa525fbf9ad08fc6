using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Audit;
using CommandCenter.Core.Common;
using CommandCenter.Core.Integrations;
using Microsoft.Extensions.Options;

namespace CommandCenter.Api;

/// <summary>No API key, or one that is unknown or revoked (HTTP 401).</summary>
internal sealed class ApiKeyRequiredException(string message) : Exception(message);

/// <summary>The key's rate limit is used up (HTTP 429 with Retry-After).</summary>
internal sealed class RateLimitedException(string message, TimeSpan retryAfter) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>The "Security:ApiKeys" configuration section: how many unknown keys are tolerated before 429.</summary>
public sealed class ApiKeyThrottleOptions
{
    public const string Section = "Security:ApiKeys";

    /// <summary>Unknown or revoked keys one client address may present within <see cref="Window"/>.</summary>
    public int MaxFailuresPerClient { get; set; } = 20;

    /// <summary>Unknown keys starting with the same prefix (the first 12 characters, as listed on the API keys page) from anywhere.</summary>
    public int MaxFailuresPerKeyPrefix { get; set; } = 20;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// The door of the ingestion endpoints: who is sending (the API key, from <c>Authorization: Bearer</c>, <c>X-Api-Key</c>
/// or, for PagerDuty-style events, the body's routing_key) and whether their rate limit allows one more request.
/// Each key has a token bucket holding ten seconds' worth of its per-minute limit, refilled every second. Guessing is
/// throttled: after repeated unknown keys from one address, or aimed at one key prefix, the answer is 429 with
/// Retry-After whatever key comes next (a prefix under attack is blocked for everyone until the window passes; revoking
/// and reissuing the key gives its source a new prefix).
/// </summary>
internal sealed partial class IngestionAccess(ApiKeyService keys, IOptions<ApiKeyThrottleOptions> throttleOptions, TimeProvider clock,
    ILogger<IngestionAccess> logger)
{
    public const string HeaderName = "X-Api-Key";

    private readonly ConcurrentDictionary<(int Id, int Limit), TokenBucketRateLimiter> _buckets = new();
    private readonly FailureThrottle _perClient = new(throttleOptions.Value.MaxFailuresPerClient, throttleOptions.Value.Window, clock);
    private readonly FailureThrottle _perPrefix = new(throttleOptions.Value.MaxFailuresPerKeyPrefix, throttleOptions.Value.Window, clock);

    public async Task<ApiKeyIdentity> AdmitAsync(HttpContext context, string? bodyKey = null)
    {
        var presented = FromHeaders(context.Request) ?? bodyKey;
        if (string.IsNullOrWhiteSpace(presented))
        {
            throw new ApiKeyRequiredException(
                $"Send the source's API key as 'Authorization: Bearer <key>' or '{HeaderName}: <key>'. Keys are created under Settings → API keys.");
        }
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var prefix = presented.Trim() is { Length: >= ApiKey.PrefixLength } trimmed ? trimmed[..ApiKey.PrefixLength] : presented.Trim();
        if (_perClient.IsBlocked(client, out var blockedFor) || _perPrefix.IsBlocked(prefix, out blockedFor))
        {
            throw new RateLimitedException(
                $"Too many unknown API keys from this address or for this key; retry after {Math.Ceiling(blockedFor.TotalSeconds)} s.", blockedFor);
        }
        var identity = await keys.AuthenticateAsync(presented, context.RequestAborted);
        if (identity is null)
        {
            _perClient.RecordFailure(client);
            _perPrefix.RecordFailure(prefix);
            LogUnknownKey(LogText.Escape(prefix, ApiKey.PrefixLength), client);
            throw new ApiKeyRequiredException("This API key is unknown or has been revoked.");
        }
        context.Items[typeof(IngestionKey)] = new IngestionKey(prefix, identity.Name, identity.Source);

        var bucket = _buckets.GetOrAdd((identity.Id, identity.RequestsPerMinute), key => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, key.Limit / 6),
            TokensPerPeriod = Math.Max(1, (int)Math.Ceiling(key.Limit / 60.0)),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        using var lease = bucket.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
            throw new RateLimitedException(
                $"The key '{identity.Name}' allows {identity.RequestsPerMinute} requests per minute; retry after {Math.Ceiling(retryAfter.TotalSeconds)} s.",
                retryAfter);
        }
        return identity;
    }

    /// <summary>The key <see cref="AdmitAsync"/> recognised for this request (even if its rate limit then refused it), for the audit trail.</summary>
    public static IngestionKey? AdmittedKey(HttpContext context) => context.Items.TryGetValue(typeof(IngestionKey), out var key) ? key as IngestionKey : null;

    [LoggerMessage(LogLevel.Warning, "Unknown or revoked API key starting '{Prefix}' from {Client}")]
    private partial void LogUnknownKey(string prefix, string client);

    private static string? FromHeaders(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrWhiteSpace(header))
        {
            return header.ToString().Trim();
        }
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }
}
