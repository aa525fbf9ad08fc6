using System.Globalization;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommandCenter.Core.Communications;

/// <summary>
/// "What We Know" status updates of an incident: prefilled from the timeline, drafted and sent by the Communications Lead
/// (or the Incident Commander), external text approved by the incident's Legal/Compliance Liaison first. Submitting,
/// approving, rejecting and sending also write on the timeline, in the same write as the update.
/// </summary>
public sealed class StatusUpdateService(
    IDbContextFactory<CommandCenterDbContext> contextFactory,
    IncidentService incidents,
    IncidentWriter writer,
    WriteGate writeGate,
    IIncidentEventPublisher publisher,
    TimeProvider clock,
    IOptions<UpdateCadence> cadence,
    AccessGuard guard)
{
    private const int TimelineSummaryLength = 160;

    public async Task<IncidentStatusUpdates> ListAsync(string key, CancellationToken cancellationToken = default)
    {
        var incident = await writer.LoadIncidentAsync(key, cancellationToken);
        var updates = await LoadUpdatesAsync(incident.Id, cancellationToken);
        return new IncidentStatusUpdates(incident.Key, incident.Title, incident.Severity, incident.Status,
            incident.IncidentCommander, incident.HolderOf(IncidentRole.CommunicationsLead), incident.HolderOf(IncidentRole.LegalLiaison),
            updates.OrderByDescending(u => u.DraftedAt).ThenByDescending(u => u.Id).Select(u => StatusUpdateView.From(u, incident.Key)).ToList(),
            Schedule(incident, updates));
    }

    public async Task<IncidentUpdateSchedule> ScheduleAsync(string key, CancellationToken cancellationToken = default)
    {
        var incident = await writer.LoadIncidentAsync(key, cancellationToken);
        return Schedule(incident, await LoadUpdatesAsync(incident.Id, cancellationToken));
    }

    /// <summary>A starting text for <paramref name="audience"/> from the incident's timeline; nothing is stored.</summary>
    public async Task<StatusUpdateContent> PrefillAsync(string key, string? audience, CancellationToken cancellationToken = default)
    {
        var v = new Validator();
        var parsed = v.Parsed("audience", audience, UpdateAudiences.Parse, "Audience", UpdateAudiences.Allowed);
        v.ThrowIfInvalid();
        var incident = await incidents.GetWithTimelineAsync(key, cancellationToken);
        return UpdateDraft.FromTimeline(incident.Timeline, IncidentFacts.From(incident.Detail), parsed!.Value, Now(), cadence.Value);
    }

    public Task<StatusUpdateView> DraftAsync(string key, string? audience, StatusUpdateText text, Actor actor,
        CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.ComposeUpdates, key, new { key, audience, text }, async () =>
    {
        var now = Now();
        var v = new Validator();
        var parsed = v.Parsed("audience", audience, UpdateAudiences.Parse, "Audience", UpdateAudiences.Allowed);
        var content = Validate(v, text, now);
        v.ThrowIfInvalid();

        var view = await guard.LoggingDenialsAsync(actor, "draft a status update", key, () => writeGate.RunAsync(async ct =>
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            var incident = await LoadIncidentWithRolesAsync(db, key, ct);
            EnsureComposer(incident, actor, "draft status updates");
            var update = StatusUpdate.Draft(incident.Id, parsed!.Value, content!, actor.Name, now);
            db.StatusUpdates.Add(update);
            await db.SaveChangesAsync(ct);
            return StatusUpdateView.From(update, incident.Key);
        }, cancellationToken));
        Changed(view.IncidentKey);
        return view;
    });

    /// <summary>Changes the text of an unsent update; an approved external update goes back to Legal.</summary>
    public Task<StatusUpdateView> ReviseAsync(string key, int id, StatusUpdateText text, Actor actor,
        CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.ComposeUpdates, key, new { key, id, text }, async () =>
    {
        var now = Now();
        var v = new Validator();
        var content = Validate(v, text, now);
        v.ThrowIfInvalid();

        var view = await guard.LoggingDenialsAsync(actor, "revise a status update", key, () => writeGate.RunAsync(async ct =>
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            var incident = await LoadIncidentWithRolesAsync(db, key, ct);
            EnsureComposer(incident, actor, "revise status updates");
            var update = await FindAsync(db, incident, id, ct);
            update.Revise(content!, actor.Name, now);
            await db.SaveChangesAsync(ct);
            return StatusUpdateView.From(update, incident.Key);
        }, cancellationToken));
        Changed(view.IncidentKey);
        return view;
    });

    public Task<StatusUpdateView> SubmitAsync(string key, int id, Actor actor, CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.ComposeUpdates, key, new { key, id }, () =>
    {
        return ChangeAsync(key, id, actor, "submit a status update", (incident, update, now) =>
        {
            EnsureComposer(incident, actor, "submit status updates");
            update.SubmitForApproval(actor.Name, now);
            return incident.Record(TimelineEntryKind.Note,
                $"{Describe(update)} submitted for approval by the Legal/Compliance Liaison.", actor.Name, now);
        }, cancellationToken);
    });

    public Task<StatusUpdateView> ApproveAsync(string key, int id, Actor actor, CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.ApproveUpdates, key, new { key, id }, () =>
    {
        return ChangeAsync(key, id, actor, "approve a status update", (incident, update, now) =>
        {
            update.Approve(actor.Name, now, IsLegal(incident, actor));
            return incident.Record(TimelineEntryKind.Note,
                $"{Describe(update)} approved for sending" + (update.ApprovedByAuthor ? " (the approver also wrote it)." : "."), actor.Name, now);
        }, cancellationToken);
    });

    public Task<StatusUpdateView> RejectAsync(string key, int id, string? reason, Actor actor, CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.ApproveUpdates, key, new { key, id, reason }, () =>
    {
        var v = new Validator();
        var why = v.RequiredText("reason", reason, StatusUpdate.ReasonLength, "The reason");
        v.ThrowIfInvalid();
        return ChangeAsync(key, id, actor, "reject a status update", (incident, update, now) =>
        {
            update.Reject(actor.Name, why!, now, IsLegal(incident, actor));
            return incident.Record(TimelineEntryKind.Note,
                $"{Describe(update)} sent back by the Legal/Compliance Liaison: {Shorten(update.RejectionReason!, TimelineSummaryLength)}", actor.Name, now);
        }, cancellationToken);
    });

    /// <summary>Records that the update went out, with a Communication entry on the timeline in the same write.</summary>
    public Task<StatusUpdateView> MarkSentAsync(string key, int id, Actor actor, CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.ComposeUpdates, key, new { key, id }, () =>
    {
        return ChangeAsync(key, id, actor, "send a status update", (incident, update, now) =>
        {
            EnsureComposer(incident, actor, "send status updates");
            update.MarkSent(actor.Name, now);
            // An exercise's update is marked sent for the drill, and says on the record that it went nowhere.
            return incident.Record(TimelineEntryKind.Communication,
                (incident.IsExercise ? "EXERCISE (not sent outside): " : "") + SentText(update), actor.Name, now);
        }, cancellationToken);
    });

    /// <summary>What each audience was told (sent updates only), as markdown for the postmortem and regulators.</summary>
    public async Task<string> ExportMarkdownAsync(string key, CancellationToken cancellationToken = default)
    {
        var incident = await writer.LoadIncidentAsync(key, cancellationToken);
        return UpdateExport.ToMarkdown(incident.Key, incident.Title, await LoadUpdatesAsync(incident.Id, cancellationToken));
    }

    /// <summary>The Legal queue: updates waiting for approval on active incidents, oldest submission first.</summary>
    public async Task<IReadOnlyList<PendingApproval>> PendingApprovalsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var waiting = await db.StatusUpdates.AsNoTracking()
            .Where(u => u.State == StatusUpdateState.AwaitingApproval)
            .Join(db.Incidents.AsNoTracking().WhereActive(),
                u => u.IncidentId, i => i.Id, (u, i) => new { Update = u, Incident = i })
            .ToListAsync(cancellationToken);
        if (waiting.Count == 0)
        {
            return [];
        }
        var incidentIds = waiting.Select(w => w.Incident.Id).Distinct().ToList();
        var legal = await db.RoleAssignments.AsNoTracking()
            .Where(r => incidentIds.Contains(r.IncidentId) && r.Role == IncidentRole.LegalLiaison)
            .Select(r => new { r.IncidentId, r.Person })
            .ToDictionaryAsync(r => r.IncidentId, r => r.Person, cancellationToken);
        return waiting
            .OrderBy(w => w.Update.SubmittedAt).ThenBy(w => w.Update.Id)
            .Select(w => new PendingApproval(w.Incident.Key, w.Incident.Title, w.Incident.Severity, legal.GetValueOrDefault(w.Incident.Id),
                StatusUpdateView.From(w.Update, w.Incident.Key)))
            .ToList();
    }

    /// <summary>How many updates wait for Legal on active incidents (the navigation badge).</summary>
    public async Task<int> PendingApprovalCountAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.StatusUpdates.AsNoTracking()
            .Where(u => u.State == StatusUpdateState.AwaitingApproval)
            .Join(db.Incidents.WhereActive(),
                u => u.IncidentId, i => i.Id, (u, _) => u.Id)
            .CountAsync(cancellationToken);
    }

    private async Task<StatusUpdateView> ChangeAsync(string key, int id, Actor actor, string what,
        Func<Incident, StatusUpdate, DateTime, TimelineEntry> change, CancellationToken cancellationToken)
    {
        StatusUpdate? changed = null;
        var entry = await writer.ChangeWithAsync(key, actor, what, async (incident, db, now) =>
        {
            EnsureNotClosed(incident);
            var update = await FindAsync(db, incident, id, cancellationToken);
            var appended = change(incident, update, now);
            changed = update;
            return appended;
        }, cancellationToken);
        Changed(entry.IncidentKey);
        return StatusUpdateView.From(changed!, entry.IncidentKey);
    }

    private async Task<List<StatusUpdate>> LoadUpdatesAsync(int incidentId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.StatusUpdates.AsNoTracking().Where(u => u.IncidentId == incidentId).ToListAsync(cancellationToken);
    }

    private IncidentUpdateSchedule Schedule(Incident incident, IEnumerable<StatusUpdate> updates) =>
        UpdateSchedule.ForIncident(incident.Severity, incident.Status, incident.DetectedAt, updates, Now(), cadence.Value);

    private static async Task<Incident> LoadIncidentWithRolesAsync(CommandCenterDbContext db, string key, CancellationToken cancellationToken)
    {
        var normalized = IncidentKey.Normalize(key);
        var incident = await db.Incidents.AsNoTracking().Include(i => i.Roles).SingleOrDefaultAsync(i => i.Key == normalized, cancellationToken)
            ?? throw new NotFoundException($"No incident {key}.");
        EnsureNotClosed(incident);
        return incident;
    }

    private static async Task<StatusUpdate> FindAsync(CommandCenterDbContext db, Incident incident, int id, CancellationToken cancellationToken) =>
        await db.StatusUpdates.SingleOrDefaultAsync(u => u.Id == id && u.IncidentId == incident.Id, cancellationToken)
        ?? throw new NotFoundException($"{incident.Key} has no status update #{id}.");

    private static StatusUpdateContent? Validate(Validator v, StatusUpdateText text, DateTime now) =>
        StatusUpdateContent.Validate(v, text.WhatHappened, text.WhatWeAreTesting, text.WhatWeAreDoing, text.WhatWeDontKnow,
            text.NextUpdateAt, now);

    private static void EnsureComposer(Incident incident, Actor actor, string what)
    {
        var commander = incident.IncidentCommander;
        var comms = incident.HolderOf(IncidentRole.CommunicationsLead);
        if (!StatusUpdateRules.MayCompose(commander, comms, actor.Name))
        {
            throw new ForbiddenActionException(
                $"Only the Communications Lead{(comms is null ? "" : $" ({comms})")} or the Incident Commander ({commander}) can {what} on {incident.Key}.");
        }
    }

    private static bool IsLegal(Incident incident, Actor actor) => incident.RolesOf(actor.Name).Contains(IncidentRole.LegalLiaison);

    private static void EnsureNotClosed(Incident incident)
    {
        if (!incident.Status.IsOpen())
        {
            throw new InvalidTransitionException($"{incident.Key} is closed; its status updates can no longer change.");
        }
    }

    private void Changed(string key) => publisher.Publish([new StatusUpdatesChangedNotification(key)]);

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    /// <summary>"Update to customers sent: …; next update by 10:40 UTC".</summary>
    internal static string SentText(StatusUpdate update) =>
        $"Update to {Recipients(update.Audience)} sent: {Shorten(update.WhatHappened, TimelineSummaryLength)}; next update by "
        + update.NextUpdateAt.ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static string Recipients(UpdateAudience audience) => audience switch
    {
        UpdateAudience.Internal => "the internal team",
        _ => audience.Code(),
    };

    private static string Describe(StatusUpdate update) =>
        $"{update.Audience.Label()} update #{update.Id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>One line from the bullets the composer writes ("- a\n- b" reads "a; b"), cut at <paramref name="max"/>.</summary>
    private static string Shorten(string text, int max)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n')
            .Select(l => l.Trim().TrimStart('-', '*', '•').Trim().TrimEnd('.', ';'))
            .Where(l => l.Length > 0);
        var oneLine = string.Join("; ", lines);
        return oneLine.Length <= max ? oneLine : oneLine[..(max - 1)].TrimEnd() + "…";
    }
}
