using CommandCenter.Core.Accounts;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Evidence;

/// <summary>
/// Who may delete evidence content and when it must stay. A person deletes (the Incident Commander of the incident or an
/// administrator, giving a reason); retention deletes after <see cref="EvidenceOptions.RetentionDays"/> past closure; a
/// legal hold stops both.
/// </summary>
public static class EvidenceDeletionPolicy
{
    public static bool MayDelete(Incident incident, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Role == OrgRole.Administrator
            || (actor.Role == OrgRole.Responder && incident.IncidentCommander is { } commander && IncidentRules.SamePerson(commander, actor.Name));
    }

    public static string WhoMayDelete(Incident incident) =>
        $"Only the Incident Commander{(incident.IncidentCommander is { } commander ? $" ({commander})" : "")} or an administrator can delete evidence on {incident.Key}.";

    /// <summary>Why the evidence must stay whoever asks (a legal hold), or null.</summary>
    public static string? WhyKept(Incident incident) => incident.LegalHold
        ? $"{incident.Key} is under legal hold (placed by {incident.LegalHoldBy}): its evidence cannot be deleted until the hold is lifted."
        : null;

    /// <summary>When the retention job may delete evidence of this incident, or why not (legal hold, not closed, retention running).</summary>
    public static string? WhyNotDeletable(Incident incident, DateTime now, EvidenceOptions options) => incident switch
    {
        { LegalHold: true } => "The incident is under legal hold: its evidence cannot be deleted.",
        { ClosedAt: null } => "Evidence is kept while the incident is open.",
        { ClosedAt: { } closed } when closed + options.RetentionAfterClosure > now =>
            $"Evidence is kept until {(closed + options.RetentionAfterClosure):yyyy-MM-dd} ({options.RetentionDays} days after closure).",
        _ => null,
    };
}
