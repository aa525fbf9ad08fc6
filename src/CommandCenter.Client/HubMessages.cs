namespace CommandCenter.Client;

/// <summary>
/// The argument of the hub's <c>IncidentUpdated</c> message: an incident summary, as <c>GET /api/incidents</c> lists it.
/// Codes stay strings (<c>SEV2</c>, <c>triaged</c>, <c>prompt-injection</c>) so a code the server adds later does not
/// break a client built today.
/// </summary>
/// <param name="IsExercise">A tabletop exercise incident (never a real one); false from a server older than the flag.</param>
public sealed record IncidentSummaryMessage(
    string Key,
    string Title,
    string Severity,
    string Archetype,
    string Status,
    string SystemSlug,
    string SystemName,
    string? IncidentCommander,
    DateTimeOffset DetectedAt,
    DateTimeOffset UpdatedAt,
    int TimelineCount,
    bool IsExercise = false);

/// <summary>
/// The argument of the hub's <c>TimelineEntryAdded</c> message: one timeline entry, exactly the body
/// <c>POST /api/incidents/{key}/timeline</c> answers with. <see cref="Kind"/> is a string for the same reason as above.
/// </summary>
public sealed record TimelineEntryMessage(
    string IncidentKey,
    int Sequence,
    string Kind,
    string Text,
    string Author,
    string? AuthorRole,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    int? CorrectsSequence,
    int? CorrectedBySequence,
    bool IsCorrection,
    bool IsCorrected,
    bool IsBackdated);
