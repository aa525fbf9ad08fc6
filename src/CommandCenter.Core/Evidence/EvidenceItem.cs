namespace CommandCenter.Core.Evidence;

/// <summary>
/// One artefact attached to an incident. The content itself lives in the <see cref="IEvidenceStore"/> under its SHA-256
/// and never changes; this row says what it is, who collected it, from where and when, and carries its custody log.
/// </summary>
public sealed class EvidenceItem
{
    private readonly List<CustodyEvent> _custody = [];

    private EvidenceItem()
    {
    }

    internal EvidenceItem(int incidentId, EvidenceKind kind, string title, string source, StoredContent content, string? fileName,
        string collectedBy, DateTime collectedAt, long? redactedFromId = null)
    {
        IncidentId = incidentId;
        Kind = kind;
        Title = title;
        Source = source;
        Sha256 = content.Sha256;
        Size = content.Size;
        ContentType = content.ContentType;
        FileName = fileName;
        CollectedBy = collectedBy;
        CollectedAt = collectedAt;
        RedactedFromId = redactedFromId;
        _custody.Add(new CustodyEvent(CustodyAction.Collected, collectedBy, collectedAt,
            redactedFromId is null ? $"from {source}" : $"redacted shared copy of evidence #{redactedFromId}"));
    }

    public long Id { get; private set; }
    public int IncidentId { get; private set; }
    public EvidenceKind Kind { get; private set; }
    public string Title { get; private set; } = "";

    /// <summary>Where it came from, in the collector's words (a trace id, a log query, "ticket 4411 screenshot").</summary>
    public string Source { get; private set; } = "";

    public string Sha256 { get; private set; } = "";
    public long Size { get; private set; }
    public string ContentType { get; private set; } = "";
    public string? FileName { get; private set; }
    public string CollectedBy { get; private set; } = "";
    public DateTime CollectedAt { get; private set; }

    /// <summary>Set on a shared copy with PII redacted: the original it was made from (which is kept unchanged).</summary>
    public long? RedactedFromId { get; private set; }

    public IReadOnlyList<CustodyEvent> Custody => _custody.AsReadOnly();

    public bool IsText => ContentType.StartsWith("text/", StringComparison.Ordinal) || ContentType is "application/json" or "application/x-ndjson";

    /// <summary>
    /// Whether the bytes were deleted (by a person or by retention). The row is append-only, so the deletion is its custody
    /// event: metadata, hash and custody log stay.
    /// </summary>
    public bool ContentRemoved => _custody.Any(c => c.Action is CustodyAction.Deleted or CustodyAction.Purged);

    internal CustodyEvent Log(CustodyAction action, string who, DateTime at, string? detail = null)
    {
        var custodyEvent = new CustodyEvent(action, who, at, detail);
        _custody.Add(custodyEvent);
        return custodyEvent;
    }
}

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<CustodyAction>))]
public enum CustodyAction
{
    Collected = 1,
    Viewed,
    Downloaded,
    RedactedCopyMade,

    /// <summary>The content was deleted by a person (Incident Commander or administrator), with a reason.</summary>
    Deleted,

    /// <summary>The content was deleted by the retention job after the retention period following closure.</summary>
    Purged,
}

/// <summary>One hand the artefact passed through: collected, viewed, downloaded, copied with redactions. Append-only.</summary>
public sealed class CustodyEvent
{
    private CustodyEvent()
    {
    }

    internal CustodyEvent(CustodyAction action, string who, DateTime at, string? detail)
    {
        Action = action;
        Who = who;
        At = at;
        Detail = detail;
    }

    public long Id { get; private set; }
    public long EvidenceItemId { get; private set; }
    public CustodyAction Action { get; private set; }
    public string Who { get; private set; } = "";
    public DateTime At { get; private set; }
    public string? Detail { get; private set; }
}

public sealed record CustodyEventView(CustodyAction Action, string Who, DateTime At, string? Detail);

public sealed record EvidenceView(long Id, string IncidentKey, string Kind, string KindLabel, string Title, string Source, string Sha256,
    long Size, string ContentType, string? FileName, string CollectedBy, DateTime CollectedAt, long? RedactedFromId, bool IsText,
    IReadOnlyList<CustodyEventView> Custody, bool ContentRemoved = false);

/// <summary>What a person may do about deleting an incident's evidence: <see cref="MayDelete"/>, or <see cref="Why"/> not (legal hold).</summary>
public sealed record EvidenceDeletion(bool MayDelete, string? Why)
{
    public static readonly EvidenceDeletion NotAllowed = new(false, null);
}
