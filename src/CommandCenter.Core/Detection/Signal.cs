namespace CommandCenter.Core.Detection;

/// <summary>
/// One stored monitoring signal. Written in bulk by <see cref="SignalIntake"/> (raw SQL, behind the signal journal), read by the
/// triage pack and the signal chart; never changed afterwards.
/// </summary>
public sealed class Signal
{
    private Signal()
    {
    }

    public long Id { get; private set; }

    /// <summary>The source that sent it (its API key's source name). Idempotency is per source.</summary>
    public string Source { get; private set; } = "";

    public string IdempotencyKey { get; private set; } = "";

    /// <summary>
    /// 64 bits of SHA-256 over source and idempotency key: what the duplicate check looks up. An index on the short integer
    /// instead of the long random text keeps inserts fast; a hit is confirmed against the full key, so a hash collision
    /// can never drop a genuine signal.
    /// </summary>
    public long KeyHash { get; private set; }
    public long CandidateId { get; private set; }
    public int AiSystemId { get; private set; }
    public SignalKind Kind { get; private set; }

    /// <summary>The kind exactly as sent when it was not one we know (stored as <see cref="SignalKind.Generic"/>).</summary>
    public string? RawKind { get; private set; }

    public double? Value { get; private set; }
    public double? Threshold { get; private set; }
    public string LabelsJson { get; private set; } = "{}";
    public string? Fingerprint { get; private set; }
    public SignalAction Action { get; private set; }
    public string? Summary { get; private set; }
    public DateTime OccurredAt { get; private set; }
    public DateTime ReceivedAt { get; private set; }
}
