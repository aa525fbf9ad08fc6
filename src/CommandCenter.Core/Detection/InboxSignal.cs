namespace CommandCenter.Core.Detection;

/// <summary>
/// A signal that is durable but not yet in <see cref="Signal"/>s: the group commit appends accepted signals here (a table
/// without secondary indexes, so a commit writes a few pages), answers their senders, and later moves many of them at
/// once into the indexed signal table together with their candidates' new state (<see cref="SignalGroupCommit.ApplyAsync"/>).
/// After a crash the rows still here are replayed into their candidates and applied before the app serves. Written and
/// read with raw SQL by <see cref="SignalTable"/> only; mapped so the schema is the model's.
/// </summary>
public sealed class InboxSignal
{
    private InboxSignal()
    {
    }

    /// <summary>The id the signal keeps in the signal table (given when it was accepted, and returned to its sender).</summary>
    public long Id { get; private set; }

    public string Source { get; private set; } = "";
    public string IdempotencyKey { get; private set; } = "";
    public long KeyHash { get; private set; }
    public long CandidateId { get; private set; }
    public int AiSystemId { get; private set; }
    public SignalKind Kind { get; private set; }
    public string? RawKind { get; private set; }
    public double? Value { get; private set; }
    public double? Threshold { get; private set; }
    public string LabelsJson { get; private set; } = "{}";
    public string? Fingerprint { get; private set; }
    public SignalAction Action { get; private set; }
    public string? Summary { get; private set; }
    public DateTime OccurredAt { get; private set; }
    public DateTime ReceivedAt { get; private set; }

    /// <summary>The detection loop's clock when it placed the signal in its candidate (what a replay places it with).</summary>
    public DateTime PlacedAt { get; private set; }
}
