using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;

namespace CommandCenter.Core.Incidents;

/// <summary>
/// Moving an incident through its statuses and severities. Closing asks the features that still have open work
/// (<see cref="IClosingCheck"/>) for a reason, and the <see cref="IClosingGate"/> (a SEV1/SEV2 postmortem) inside the write.
/// </summary>
public sealed class IncidentLifecycle(
    AccessGuard guard,
    IncidentWriter writer,
    IEnumerable<IClosingCheck> closingChecks,
    IClosingGate closingGate)
{
    public Task<IncidentSummary> ChangeStatusAsync(string key, string? status, Actor actor, string? reason = null,
        CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.ChangeStatus, key, new { key, status, reason }, async () =>
    {
        var v = new Validator();
        var who = v.ActorName(actor.Name);
        var target = v.Parsed("status", status, IncidentStatuses.Parse, "Status", IncidentStatuses.Allowed);
        var why = v.OptionalText("reason", reason, Limits.TimelineTextLength, "Reason");
        v.ThrowIfInvalid();
        if (target == IncidentStatus.Closed && why is null)
        {
            await RefuseClosingOverOpenWorkAsync(key, cancellationToken);
        }
        return await ChangeStatusCoreAsync(key, target!.Value, who!, why, actor, cancellationToken);
    }, nameof(IncidentService));

    public Task<IncidentSummary> ChangeSeverityAsync(string key, string? severity, Actor actor, string? reason = null,
        CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.ChangeSeverity, key, new { key, severity, reason }, () =>
    {
        var v = new Validator();
        var who = v.ActorName(actor.Name);
        var target = v.Parsed("severity", severity, SeverityText.Parse, "Severity", SeverityText.Allowed);
        var why = v.OptionalText("reason", reason, Limits.TimelineTextLength, "Reason");
        v.ThrowIfInvalid();
        return writer.ChangeAsync(key, actor, (incident, now) => incident.ChangeSeverity(target!.Value, who!, now, why), cancellationToken);
    }, nameof(IncidentService));

    /// <summary>What other features still have open (playbook steps, ...) asks for a reason before the incident closes.</summary>
    private async Task RefuseClosingOverOpenWorkAsync(string key, CancellationToken cancellationToken)
    {
        var incident = await writer.LoadIncidentAsync(key, cancellationToken);
        var open = new List<string>();
        foreach (var check in closingChecks)
        {
            if (await check.OpenWorkAsync(incident.Id, cancellationToken) is { } work)
            {
                open.Add(work);
            }
        }
        if (open.Count > 0)
        {
            throw ValidationException.For("reason",
                $"{string.Join("; ", open)}. Give the reason for closing anyway: it goes on the timeline with the status change.");
        }
    }

    private async Task<IncidentSummary> ChangeStatusCoreAsync(string key, IncidentStatus target, string who, string? why, Actor actor,
        CancellationToken cancellationToken)
    {
        Incident? changed = null;
        await writer.ChangeWithAsync(key, actor, "change the status", async (incident, db, now) =>
        {
            var gate = target == IncidentStatus.Closed ? await closingGate.PostmortemAsync(db, incident, cancellationToken) : null;
            incident.ChangeStatus(target, who, now, why, gate);
            changed = incident;
            return incident.Timeline[^1];
        }, cancellationToken, k => new StatusChangedNotification(k, target));
        return changed!.ToSummary();
    }
}
