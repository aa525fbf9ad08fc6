using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;

namespace CommandCenter.Core.Incidents;

/// <summary>The findings with legal consequences: regulatory clocks, what is exposed, and the legal hold.</summary>
public sealed class IncidentLegalRecords(
    AccessGuard guard,
    IncidentWriter writer,
    Microsoft.Extensions.Options.IOptions<Regulatory.RegulatoryOptions> regulatory)
{
    /// <summary>Records a finding with legal consequences and starts the clocks it triggers for this system (see <see cref="Regulatory.ClockSelection"/>).</summary>
    public Task<IncidentSummary> StartClocksAsync(string key, string? trigger, DateTime? awareAt, Actor actor,
        CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.RegulatoryClocks, key, new { key, trigger, awareAt }, () =>
    {
        var v = new Validator();
        var who = v.ActorName(actor.Name);
        var parsed = v.Parsed("trigger", trigger, Regulatory.ClockSelection.Parse, "Trigger", Regulatory.ClockSelection.Allowed);
        v.ThrowIfInvalid();
        return writer.ChangeAsync(key, actor, (incident, now) =>
        {
            var definitions = Regulatory.ClockSelection.For(parsed!.Value, incident.AiSystem!.RiskTier, regulatory.Value);
            incident.StartClocks(parsed.Value, definitions, awareAt?.AsUtc() ?? now, who!, now);
        }, cancellationToken, k => new ClocksChangedNotification(k));
    }, nameof(IncidentService));

    /// <summary>The obligation behind a clock was met (e.g. the authority was notified).</summary>
    public Task<IncidentSummary> MeetClockAsync(string key, string code, Actor actor, CancellationToken cancellationToken = default) =>
        guard.AuditedAsync(actor, Permission.RegulatoryClocks, key, new { key, code }, () =>
    {
        var v = new Validator();
        var who = v.ActorName(actor.Name);
        v.ThrowIfInvalid();
        return writer.ChangeAsync(key, actor, (incident, now) => incident.MeetClock(code, who!, now), cancellationToken,
            k => new ClocksChangedNotification(k));
    }, nameof(IncidentService));

    /// <summary>Records which systems and data categories are exposed and how many people are affected (IC or Legal liaison).</summary>
    public Task<IncidentSummary> RecordExposureAsync(string key, IReadOnlyList<string>? systems, IReadOnlyList<string>? dataCategories,
        int? affectedUsers, Actor actor, CancellationToken cancellationToken = default) =>
        guard.AuditedAsync(actor, Permission.LegalRecords, key, new { key, systems, dataCategories, affectedUsers }, () =>
    {
        var v = new Validator();
        var who = v.ActorName(actor.Name);
        var cleanSystems = CleanList(v, "systems", systems);
        var cleanCategories = CleanList(v, "dataCategories", dataCategories);
        v.ThrowIfInvalid();
        return writer.ChangeAsync(key, actor, (incident, now) => incident.RecordExposure(cleanSystems, cleanCategories, affectedUsers, who!, now),
            cancellationToken, k => new LegalChangedNotification(k));
    }, nameof(IncidentService));

    /// <summary>Places or lifts a legal hold; a held incident cannot be closed.</summary>
    public Task<IncidentSummary> SetLegalHoldAsync(string key, bool on, string? reason, Actor actor, CancellationToken cancellationToken = default) =>
        guard.AuditedAsync(actor, Permission.LegalRecords, key, new { key, on, reason }, () =>
    {
        var v = new Validator();
        var who = v.ActorName(actor.Name);
        var why = v.OptionalText("reason", reason, Limits.TimelineTextLength, "Reason");
        v.ThrowIfInvalid();
        return writer.ChangeAsync(key, actor, (incident, now) => incident.ChangeLegalHold(on, why, who!, now), cancellationToken,
            k => new LegalChangedNotification(k));
    }, nameof(IncidentService));

    private static List<string> CleanList(Validator v, string field, IReadOnlyList<string>? items)
    {
        var clean = new List<string>();
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var item = v.OptionalText($"{field}[{i}]", items![i], Limits.SystemNameLength, "Entry");
            if (item is not null && !clean.Contains(item, StringComparer.OrdinalIgnoreCase))
            {
                clean.Add(item);
            }
        }
        if (clean.Count > 50)
        {
            v.Add(field, "List at most 50 entries.");
        }
        return clean;
    }
}
