using System.Globalization;
using System.Net.Http.Headers;

namespace CommandCenter.Core.Containment;

public sealed record ControlWebhookOptions
{
    /// <summary>How long one attempt may take, response body included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    public int MaxAttempts { get; init; } = 3;

    /// <summary>The wait before the second attempt; it doubles before each later one.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromMilliseconds(200);
}

/// <summary>
/// One try at the webhook. StatusCode is null when no answer arrived; Error says why. What the receiver answered in its
/// body is deliberately not kept: whatever answers at that address (an internal service, if the URL was pointed at one)
/// must not be read back through the war room.
/// </summary>
public sealed record ControlWebhookAttempt(
    int Number,
    DateTime StartedAt,
    long DurationMs,
    int? StatusCode,
    string? Error);

/// <summary>
/// What happened when the webhook was called. <see cref="FinalStatus"/> is the last attempt's HTTP status (null when
/// it never answered); <see cref="Summary"/> is the line for the incident timeline.
/// </summary>
public sealed record ControlWebhookResult(
    bool Succeeded,
    IReadOnlyList<ControlWebhookAttempt> Attempts,
    int? FinalStatus,
    string Summary);

/// <summary>
/// POSTs a signed containment request to a system's control webhook, retrying what may be transient (timeouts,
/// connection failures, 5xx, 429) with exponential backoff. HTTP failures come back as a result for the timeline;
/// only cancellation by the caller throws.
/// </summary>
public sealed class ControlWebhookClient
{
    /// <summary>A Retry-After longer than this is cut short: a responder is waiting on the answer.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly TimeProvider _clock;
    private readonly ControlWebhookOptions _options;

    public ControlWebhookClient(HttpClient http, TimeProvider clock, ControlWebhookOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(clock);
        options ??= new ControlWebhookOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero, nameof(options.Timeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1, nameof(options.MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FirstBackoff, TimeSpan.Zero, nameof(options.FirstBackoff));
        _http = http;
        _clock = clock;
        _options = options;
    }

    public async Task<ControlWebhookResult> SendAsync(Uri url, string secret, ControlWebhookRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(request);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The control webhook must be an absolute http(s) URL, not '{url}'.", nameof(url));
        }

        var body = request.ToJsonBytes();
        var started = _clock.GetTimestamp();
        var attempts = new List<ControlWebhookAttempt>();
        for (var number = 1; ; number++)
        {
            var outcome = await AttemptAsync(number, url, secret, request.IdempotencyKey, body, cancellationToken);
            attempts.Add(outcome.Attempt);
            if (outcome.Succeeded || !outcome.Retryable || number >= _options.MaxAttempts)
            {
                return Result(outcome.Succeeded, attempts, _clock.GetElapsedTime(started));
            }
            await Task.Delay(outcome.RetryAfter ?? Backoff(number), _clock, cancellationToken);
        }
    }

    private async Task<Outcome> AttemptAsync(int number, Uri url, string secret, string idempotencyKey, byte[] body,
        CancellationToken cancellationToken)
    {
        var startedAt = _clock.GetUtcNow();
        var startTicks = _clock.GetTimestamp();
        using var timeout = new CancellationTokenSource(_options.Timeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);

        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        // Each attempt is signed at the time it is sent, so a receiver's freshness window holds for retries too.
        var timestamp = startedAt.ToUnixTimeSeconds();
        message.Headers.TryAddWithoutValidation(ControlWebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        message.Headers.TryAddWithoutValidation(ControlWebhookSignature.SignatureHeader, ControlWebhookSignature.Compute(secret, timestamp, body));
        message.Headers.TryAddWithoutValidation(ControlWebhookSignature.IdempotencyKeyHeader, idempotencyKey);

        int? status = null;
        string? error = null;
        TimeSpan? retryAfter = null;
        bool retryable;
        try
        {
            // Only the status line and headers are read; the body is never looked at (see ControlWebhookAttempt).
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            status = (int)response.StatusCode;
            retryable = status >= 500 || status == 429;
            retryAfter = retryable ? RetryAfter(response.Headers.RetryAfter) : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Our per-attempt timeout, or a shorter HttpClient.Timeout: either way the receiver took too long.
            error = $"timed out after {Describe(timeout.IsCancellationRequested ? _options.Timeout : _clock.GetElapsedTime(startTicks))}";
            retryable = true;
        }
        catch (HttpRequestException ex) when (ex.InnerException is WebhookTargetRefusedException refused)
        {
            error = $"refused: {refused.Message}";
            retryable = false;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            error = $"could not connect: {ex.Message}";
            retryable = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            error = $"request failed: {ex.Message}";
            retryable = false;
        }
        cancellationToken.ThrowIfCancellationRequested();

        var succeeded = status is >= 200 and < 300;
        var attempt = new ControlWebhookAttempt(number, startedAt.UtcDateTime, (long)_clock.GetElapsedTime(startTicks).TotalMilliseconds,
            status, error);
        return new Outcome(attempt, succeeded, !succeeded && retryable, retryAfter);
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        var wait = header?.Delta ?? (header?.Date is { } date ? date - _clock.GetUtcNow() : null);
        if (wait is null)
        {
            return null;
        }
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxRetryAfter ? MaxRetryAfter : wait;
    }

    private TimeSpan Backoff(int failedAttempt)
    {
        var wait = _options.FirstBackoff * Math.Pow(2, failedAttempt - 1);
        return wait > MaxBackoff ? MaxBackoff : wait;
    }

    private static ControlWebhookResult Result(bool succeeded, List<ControlWebhookAttempt> attempts, TimeSpan total)
    {
        var last = attempts[^1];
        var tries = attempts.Count == 1 ? "1 attempt" : $"{attempts.Count} attempts";
        var summary = succeeded
            ? $"Webhook answered {last.StatusCode} after {tries} ({Describe(total)})"
            : $"Webhook failed after {tries}: {last.Error ?? $"answered {last.StatusCode}"}";
        return new ControlWebhookResult(succeeded, attempts, last.StatusCode, summary);
    }

    private static string Describe(TimeSpan duration) => duration < TimeSpan.FromSeconds(1)
        ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.#} s");

    private readonly record struct Outcome(ControlWebhookAttempt Attempt, bool Succeeded, bool Retryable, TimeSpan? RetryAfter);
}
