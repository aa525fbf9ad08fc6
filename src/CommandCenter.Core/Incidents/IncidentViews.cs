using CommandCenter.Core.Systems;

namespace CommandCenter.Core.Incidents;

/// <summary>What a board row, an API list item and the hub's <c>IncidentUpdated</c> message carry.</summary>
/// <param name="IsExercise">A tabletop exercise (the one truth; the <c>EX-</c> key prefix only shapes new keys).</param>
public sealed record IncidentSummary(
    string Key,
    string Title,
    Severity Severity,
    Archetype Archetype,
    IncidentStatus Status,
    string SystemSlug,
    string SystemName,
    string? IncidentCommander,
    DateTime DetectedAt,
    DateTime UpdatedAt,
    int TimelineCount,
    bool IsExercise);

/// <summary>One timeline entry as shown and as sent by the hub's <c>TimelineEntryAdded</c> message.</summary>
public sealed record TimelineEntryView(
    string IncidentKey,
    int Sequence,
    TimelineEntryKind Kind,
    string Text,
    string Author,
    string? AuthorRole,
    DateTime OccurredAt,
    DateTime RecordedAt,
    int? CorrectsSequence,
    int? CorrectedBySequence)
{
    public bool IsCorrection => CorrectsSequence is not null;
    public bool IsCorrected => CorrectedBySequence is not null;
    public bool IsBackdated => RecordedAt - OccurredAt > TimeSpan.FromMinutes(1);
}

public sealed record RoleAssignmentView(IncidentRole Role, string Person, DateTime AssignedAt);

public sealed record PhaseTimes(DateTime? ImpactStartedAt, DateTime DetectedAt, DateTime? TriagedAt, DateTime? ContainedAt,
    DateTime? RecoveredAt, DateTime? ResolvedAt, DateTime? ClosedAt)
{
    public DateTime? At(IncidentStatus status) => status switch
    {
        IncidentStatus.Detected => DetectedAt,
        IncidentStatus.Triaged => TriagedAt,
        IncidentStatus.Contained => ContainedAt,
        IncidentStatus.Recovered => RecoveredAt,
        IncidentStatus.Resolved => ResolvedAt,
        _ => ClosedAt,
    };
}

/// <summary>Everything the war room header and roster need, without the timeline (which pages separately).</summary>
/// <param name="RosterGaps">Empty seats the response needs, most important first (<see cref="IncidentRules.RosterGaps"/>).</param>
public sealed record IncidentDetail(
    IncidentSummary Incident,
    string Summary,
    string DeclaredBy,
    AiSystemView System,
    IReadOnlyList<RoleAssignmentView> Roles,
    PhaseTimes Phases,
    IncidentMetrics Metrics,
    IReadOnlyList<IncidentStatus> NextStatuses,
    IReadOnlyList<Regulatory.RegulatoryClockView> Clocks,
    IReadOnlyList<IncidentRole> RosterGaps,
    ExposureView? Exposure = null,
    LegalHoldView? LegalHold = null)
{
    public string? HolderOf(IncidentRole role) => Roles.FirstOrDefault(r => r.Role == role)?.Person;

    /// <summary>What <paramref name="actor"/> may do on this incident (the aggregate's rules, on this view's roster and status).</summary>
    public IncidentPermissions PermissionsFor(Accounts.Actor actor) =>
        IncidentPermissions.For(Incident.Status, HolderOf, Roles.Select(r => (r.Role, r.Person)), actor);
}

/// <summary>The API's full view of an incident: detail plus its timeline, newest first.</summary>
public sealed record IncidentWithTimeline(IncidentDetail Detail, IReadOnlyList<TimelineEntryView> Timeline);

internal static class IncidentMapping
{
    public static IncidentSummary ToSummary(this Incident incident) => new(
        incident.Key, incident.Title, incident.Severity, incident.Archetype, incident.Status,
        incident.AiSystem?.Slug ?? "", incident.AiSystem?.Name ?? "", incident.IncidentCommander,
        incident.DetectedAt, incident.UpdatedAt, incident.TimelineHeadSequence, incident.IsExercise);

    public static TimelineEntryView ToView(this TimelineEntry e, string key, int? correctedBy = null) => new(
        key, e.Sequence, e.Kind, e.Text, e.Author, e.AuthorRole, e.OccurredAt, e.RecordedAt, e.CorrectsSequence, correctedBy);

    public static IncidentDetail ToDetail(this Incident i, DateTime now, Regulatory.RegulatoryOptions regulatory) => new(
        i.ToSummary(), i.Summary, i.DeclaredBy, i.AiSystem!.ToView(),
        i.Roles.OrderBy(r => r.Role).Select(r => new RoleAssignmentView(r.Role, r.Person, r.AssignedAt)).ToList(),
        new PhaseTimes(i.ImpactStartedAt, i.DetectedAt, i.TriagedAt, i.ContainedAt, i.RecoveredAt, i.ResolvedAt, i.ClosedAt),
        i.Metrics, i.NextStatuses, i.Clocks.OrderBy(c => c.MetAt is not null).ThenBy(c => c.Deadline).Select(c => c.ToView(now, regulatory)).ToList(),
        i.RosterGaps,
        new ExposureView(i.Exposure.Systems, i.Exposure.DataCategories, i.Exposure.AffectedUsers, i.Exposure.UpdatedBy, i.Exposure.UpdatedAt),
        new LegalHoldView(i.LegalHold, i.LegalHoldBy, i.LegalHoldAt));
}

/// <summary>The recorded data-exposure scope; empty lists and a null count while nothing is known.</summary>
public sealed record ExposureView(IReadOnlyList<string> Systems, IReadOnlyList<string> DataCategories, int? AffectedUsers,
    string? UpdatedBy, DateTime? UpdatedAt)
{
    public bool IsRecorded => UpdatedAt is not null;
}

public sealed record LegalHoldView(bool On, string? By, DateTime? Since);
