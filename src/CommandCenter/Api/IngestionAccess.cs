using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using CommandCenter.Core.Integrations;

namespace CommandCenter.Api;

/// <summary>No API key, or one that is unknown or revoked (HTTP 401).</summary>
internal sealed class ApiKeyRequiredException(string message) : Exception(message);

/// <summary>The key's rate limit is used up (HTTP 429 with Retry-After).</summary>
internal sealed class RateLimitedException(string message, TimeSpan retryAfter) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// The door of the ingestion endpoints: who is sending (the API key, from <c>Authorization: Bearer</c>, <c>X-Api-Key</c>
/// or, for PagerDuty-style events, the body's routing_key) and whether their rate limit allows one more request.
/// Each key has a token bucket holding ten seconds' worth of its per-minute limit, refilled every second.
/// </summary>
internal sealed class IngestionAccess(ApiKeyService keys)
{
    public const string HeaderName = "X-Api-Key";

    private readonly ConcurrentDictionary<(int Id, int Limit), TokenBucketRateLimiter> _buckets = new();

    public async Task<ApiKeyIdentity> AdmitAsync(HttpContext context, string? bodyKey = null)
    {
        var presented = FromHeaders(context.Request) ?? bodyKey;
        if (string.IsNullOrWhiteSpace(presented))
        {
            throw new ApiKeyRequiredException(
                $"Send the source's API key as 'Authorization: Bearer <key>' or '{HeaderName}: <key>'. Keys are created under Settings → API keys.");
        }
        var identity = await keys.AuthenticateAsync(presented, context.RequestAborted)
            ?? throw new ApiKeyRequiredException("This API key is unknown or has been revoked.");

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
