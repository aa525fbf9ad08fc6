namespace CommandCenter.Core.Incidents;

// Commands carry raw input (strings as typed or posted); IncidentService validates them all in one place,
// so the API and the UI give the same field errors.

public sealed record DeclareIncident(
    string? Title,
    string? Summary,
    string? Severity,
    string? Archetype,
    string? System,
    bool TakeCommand = false,
    DateTime? ImpactStartedAt = null);

public sealed record RecordTimelineEntry(string? Kind, string? Text, DateTime? OccurredAt = null);

public sealed record CorrectTimelineEntry(int Sequence, string? Text);
