using System.Text.Json.Serialization;

namespace CommandCenter.Core.Detection;

/// <summary>What a source says about an alert: it is happening, someone is on it, or it stopped.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SignalAction>))]
public enum SignalAction
{
    [JsonStringEnumMemberName("trigger")] Trigger = 1,
    [JsonStringEnumMemberName("acknowledge")] Acknowledge = 2,
    [JsonStringEnumMemberName("resolve")] Resolve = 3,
}

/// <summary>
/// One signal as a source sent it, before validation. Every ingestion endpoint (our JSON, Alertmanager, PagerDuty-style
/// events) maps its own format to this, and <see cref="ISignalIngestor"/> validates, de-duplicates and groups it.
/// </summary>
public sealed record IncomingSignal
{
    /// <summary>The AI system's slug (or name).</summary>
    public string? System { get; init; }

    /// <summary>A <see cref="SignalKind"/> code; an unknown kind is kept as generic with a warning.</summary>
    public string? Kind { get; init; }

    public double? Value { get; init; }
    public double? Threshold { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Identifies the alert across repeats (Alertmanager fingerprint, PagerDuty dedup_key). Groups with it.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>When the condition was observed; defaults to the time it was received.</summary>
    public DateTime? OccurredAt { get; init; }

    /// <summary>A human-readable line (alert summary, PagerDuty payload.summary).</summary>
    public string? Summary { get; init; }

    public SignalAction Action { get; init; } = SignalAction.Trigger;

    /// <summary>
    /// Idempotency key: a second signal from the same source with the same key is a replay and is not counted again.
    /// When null, the ingestor derives one from the content (system, kind, value, threshold, labels, fingerprint,
    /// occurredAt, action), so replaying the same payload never double-counts.
    /// </summary>
    public string? IdempotencyKey { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<IngestOutcome>))]
public enum IngestOutcome
{
    [JsonStringEnumMemberName("accepted")] Accepted = 1,
    [JsonStringEnumMemberName("duplicate")] Duplicate = 2,
    [JsonStringEnumMemberName("rejected")] Rejected = 3,
}

/// <summary>What happened to one item of a batch, by its position in the request.</summary>
public sealed record IngestItemResult(
    int Index,
    IngestOutcome Outcome,
    long? SignalId,
    string? Warning,
    IReadOnlyDictionary<string, string[]>? Errors);

/// <summary>
/// The answer to a batch. Accepted items are durable (written to the signal journal) before this is returned; rejected ones
/// say which field was wrong; duplicates were seen before and change nothing.
/// </summary>
public sealed record IngestResult(int Accepted, int Duplicates, int Rejected, IReadOnlyList<IngestItemResult> Items);

/// <summary>Validates, de-duplicates, durably stores and groups signals. Thread-safe; batches writes across callers.</summary>
public interface ISignalIngestor
{
    /// <param name="source">The name of the sending source (its API key's source name); idempotency is per source.</param>
    Task<IngestResult> IngestAsync(string source, IReadOnlyList<IncomingSignal> signals, CancellationToken cancellationToken = default);
}

/// <summary>
/// Acknowledged signals reach the signal table (and their candidates' stored state) shortly after their answer. A reader
/// that must show every answered signal waits for <see cref="CaughtUpAsync"/> first; it returns at once when nothing waits.
/// </summary>
public interface ISignalBacklog
{
    Task CaughtUpAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Asks the detection loop to apply the journaled signals when any wait. Code the loop runs (a tick, a decision, what they
/// publish and await) returns at once: the loop applied everything journaled before that work began, and waiting for
/// itself would never end.
/// </summary>
public sealed class SignalBacklog(SignalIntake intake, DetectionQueue queue) : ISignalBacklog
{
    public Task CaughtUpAsync(CancellationToken cancellationToken = default) =>
        intake.PendingSignals == 0 || DetectionQueue.OnLoop ? Task.CompletedTask : queue.CatchUpAsync(cancellationToken);
}
