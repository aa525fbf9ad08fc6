using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Persistence;
using CommandCenter.Core.Regulatory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommandCenter.Core.Playbooks;

/// <summary>
/// Playbooks and their use on incidents. Administrators edit a playbook by saving a new version; an incident runs the
/// version that was current when it was first seen, and every step handled on it is written on its timeline in the
/// same write (through <see cref="IncidentWriter"/>), so the war room and the audit trail never disagree.
/// </summary>
public sealed class PlaybookService(
    IDbContextFactory<CommandCenterDbContext> contextFactory,
    WriteGate writeGate,
    IncidentWriter incidents,
    TimeProvider clock,
    IOptions<RegulatoryOptions> regulatory,
    AccessGuard guard,
    IIncidentEventPublisher publisher)
{
    /// <summary>The seven playbooks, in archetype order, with their current version.</summary>
    public async Task<IReadOnlyList<PlaybookSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var current = await db.PlaybookVersions.AsNoTracking()
            .Where(v => v.Number == v.Playbook!.CurrentVersion)
            .Select(v => new { v.Playbook!.Archetype, v.Number, v.Content, v.EditedBy, v.EditedAt })
            .ToListAsync(cancellationToken);
        return current
            .OrderBy(v => v.Archetype)
            .Select(v => new PlaybookSummary(v.Archetype, v.Content.Title, v.Number, v.EditedBy, v.EditedAt))
            .ToList();
    }

    /// <summary>The current version of <paramref name="archetype"/>'s playbook, or version <paramref name="version"/>, with the history.</summary>
    public async Task<PlaybookDetail> GetAsync(Archetype archetype, int? version = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var playbook = await FindAsync(db, archetype, cancellationToken);
        var number = version ?? playbook.CurrentVersion;
        var shown = await db.PlaybookVersions.AsNoTracking()
            .SingleOrDefaultAsync(v => v.PlaybookId == playbook.Id && v.Number == number, cancellationToken)
            ?? throw new NotFoundException($"The {archetype.Name().ToLowerInvariant()} playbook has no version {number} " +
                $"(versions 1 to {playbook.CurrentVersion}).");
        var history = await db.PlaybookVersions.AsNoTracking()
            .Where(v => v.PlaybookId == playbook.Id)
            .OrderByDescending(v => v.Number)
            .Select(v => new PlaybookVersionInfo(v.Number, v.EditedBy, v.EditedAt, v.ChangeNote))
            .ToListAsync(cancellationToken);
        return new PlaybookDetail(archetype, shown.Number, playbook.CurrentVersion, shown.Content, shown.EditedBy, shown.EditedAt,
            shown.ChangeNote, history);
    }

    /// <summary>Saves <paramref name="content"/> as the next version of the playbook (administrators only). The change note is required.</summary>
    public Task<PlaybookDetail> SaveVersionAsync(Archetype archetype, PlaybookContent? content, string? changeNote, Actor actor,
        CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.EditPlaybooks, archetype.Code(), new { archetype, content, changeNote }, async () =>
    {
        var v = new Validator();
        var note = v.RequiredText("changeNote", changeNote, Playbook.ChangeNoteLength, "A change note");
        PlaybookContent? validated = null;
        try
        {
            validated = PlaybookValidator.Validate(content);
        }
        catch (ValidationException invalid)
        {
            foreach (var (field, messages) in invalid.Errors)
            {
                foreach (var message in messages)
                {
                    v.Add(field, message);
                }
            }
        }
        v.ThrowIfInvalid();

        await writeGate.RunAsync(async ct =>
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            var playbook = await db.Playbooks.SingleOrDefaultAsync(p => p.Archetype == archetype, ct) ?? db.Playbooks.Add(new Playbook(archetype)).Entity;
            db.PlaybookVersions.Add(playbook.AddVersion(validated!, actor.Name.Trim(), Now(), note!));
            await db.SaveChangesAsync(ct);
            return playbook.CurrentVersion;
        }, cancellationToken);
        return await GetAsync(archetype, cancellationToken: cancellationToken);
    });

    /// <summary>
    /// The incident's run of its playbook, or null while none is attached (a read: declaration attaches one, and
    /// <see cref="AttachAsync(string, Actor, CancellationToken)"/> does for an incident declared before playbooks existed).
    /// </summary>
    public async Task<IncidentPlaybookRun?> ForIncidentAsync(string key, CancellationToken cancellationToken = default)
    {
        var incident = await incidents.LoadIncidentAsync(key, cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var attachment = await db.IncidentPlaybooks.AsNoTracking().Include(p => p.PlaybookVersion).ThenInclude(v => v!.Playbook)
            .SingleOrDefaultAsync(p => p.IncidentId == incident.Id, cancellationToken);
        if (attachment is null)
        {
            return null;
        }
        var records = await db.PlaybookStepRecords.AsNoTracking().Where(r => r.IncidentId == incident.Id).ToListAsync(cancellationToken);
        return Run(incident, attachment, records.Select(r => r.ToRecord()));
    }

    /// <summary>Attaches the current version of the archetype's playbook unless the incident already runs one (whoever may run the playbook).</summary>
    public Task<IncidentPlaybookRun> AttachAsync(string key, Actor actor, CancellationToken cancellationToken = default) =>
        guard.AuditedAsync(actor, Permission.RunPlaybook, key, new { key }, async () =>
        {
            await AttachAsync(key, cancellationToken);
            return await AttachedRunAsync(key, cancellationToken);
        });

    /// <summary>The declaration reaction: attaches the current playbook version unless the incident already runs one.</summary>
    internal async Task AttachAsync(string key, CancellationToken cancellationToken = default)
    {
        var incident = await incidents.LoadIncidentAsync(key, cancellationToken);
        var attached = await writeGate.RunAsync(async ct =>
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            if (!await AttachedOrAttachAsync(db, incident, Now(), ct))
            {
                return false;
            }
            await db.SaveChangesAsync(ct);
            return true;
        }, cancellationToken);
        if (attached)
        {
            publisher.Publish([new PlaybookProgressedNotification(incident.Key)]);
        }
    }

    /// <summary>
    /// Attaches the current playbook to every active incident that runs none (a one-off at startup for incidents declared
    /// before playbooks existed, or while no worker ran). Returns how many it attached; resolved and closed ones stay as they are.
    /// </summary>
    internal static async Task<int> AttachMissingAsync(CommandCenterDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var missing = await db.Incidents.AsNoTracking()
            .WhereActive()
            .Where(i => !db.IncidentPlaybooks.Any(p => p.IncidentId == i.Id))
            .ToListAsync(cancellationToken);
        foreach (var incident in missing)
        {
            await AttachedOrAttachAsync(db, incident, now, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return missing.Count;
    }

    private async Task<IncidentPlaybookRun> AttachedRunAsync(string key, CancellationToken cancellationToken) =>
        await ForIncidentAsync(key, cancellationToken)
        ?? throw new InvalidOperationException($"{key} has no playbook right after a command attached one.");

    /// <summary>Marks an ordinary step done (its owner role's holder or the Incident Commander); writes an Action on the timeline.</summary>
    public Task<IncidentPlaybookRun> CheckAsync(string key, string stepId, string? note, Actor actor, CancellationToken cancellationToken = default) =>
        HandleAsync(key, actor, "check off a playbook step", new { key, stepId, note }, (incident, progress, now) =>
        {
            var record = progress.Check(stepId, actor.Name, incident.RolesOf(actor.Name), now, note);
            var step = Step(progress, stepId);
            var entry = incident.Record(TimelineEntryKind.Action,
                TimelineText($"Playbook step done: {step.Text}", record.Note is null ? null : $"Note: {record.Note}"),
                actor.Name, now);
            return (record, entry);
        }, cancellationToken);

    /// <summary>Marks a step (a gate too) as deliberately not done, with the reason; writes a Note on the timeline.</summary>
    public Task<IncidentPlaybookRun> SkipAsync(string key, string stepId, string? reason, Actor actor, CancellationToken cancellationToken = default) =>
        HandleAsync(key, actor, "skip a playbook step", new { key, stepId, reason }, (incident, progress, now) =>
        {
            var record = progress.Skip(stepId, reason!, actor.Name, incident.RolesOf(actor.Name), now);
            var step = Step(progress, stepId);
            var entry = incident.Record(TimelineEntryKind.Note,
                TimelineText($"Playbook step skipped: {step.Text}", $"Reason: {record.Note}"), actor.Name, now);
            return (record, entry);
        }, cancellationToken);

    /// <summary>
    /// Answers a decision gate; writes a Decision on the timeline. A yes on a gate that starts a regulatory clock starts the
    /// clocks that apply to the incident's system in the same write; when none applies the answer is recorded anyway and
    /// the timeline says why no clock started.
    /// </summary>
    public Task<IncidentPlaybookRun> AnswerGateAsync(string key, string stepId, bool yes, string? note, Actor actor,
        CancellationToken cancellationToken = default) =>
        HandleAsync(key, actor, "answer a playbook gate", new { key, stepId, yes, note }, (incident, progress, now) =>
        {
            var decision = progress.AnswerGate(stepId, yes, actor.Name, incident.RolesOf(actor.Name), now, note);
            var step = Step(progress, stepId);
            var gate = step.Gate!;
            string? consequence = null;
            if (decision.ClockToStart is { } trigger)
            {
                var definitions = ClockSelection.For(trigger, incident.AiSystem!.RiskTier, regulatory.Value);
                try
                {
                    var started = incident.StartClocks(trigger, definitions, now, actor.Name, now);
                    consequence = $"Started {string.Join(", ", started.Select(c => c.Name))}.";
                }
                catch (InvalidTransitionException noClock)
                {
                    consequence = $"No regulatory clock started: {noClock.Message}";
                }
            }
            var entry = incident.Record(TimelineEntryKind.Decision,
                TimelineText($"Playbook gate: {gate.Question} {(yes ? "Yes" : "No")}.",
                    yes ? gate.IfYes : null, consequence, decision.Record.Note is null ? null : $"Note: {decision.Record.Note}"),
                actor.Name, now);
            return (decision.Record, entry);
        }, cancellationToken);

    /// <summary>
    /// The IC corrects the incident's archetype. With <paramref name="swapPlaybook"/> the incident runs the current
    /// playbook of the new archetype from now on (steps already handled stay on the timeline; a step both playbooks
    /// share keeps its record); without it the playbook in use stays. One write, one timeline entry saying which.
    /// </summary>
    public Task<IncidentPlaybookRun> ChangeArchetypeAsync(string key, string? archetype, bool swapPlaybook, string? reason, Actor actor,
        CancellationToken cancellationToken = default) =>
        guard.AuditedAsync(actor, Permission.ChangeSeverity, key, new { key, archetype, swapPlaybook, reason }, () =>
            ChangeArchetypeCoreAsync(key, archetype, swapPlaybook, reason, actor, cancellationToken));

    private async Task<IncidentPlaybookRun> ChangeArchetypeCoreAsync(string key, string? archetype, bool swapPlaybook, string? reason, Actor actor,
        CancellationToken cancellationToken)
    {
        var v = new Validator();
        var target = v.Parsed("archetype", archetype, Archetypes.Parse, "Archetype", Archetypes.Allowed);
        var why = v.OptionalText("reason", reason, Limits.TimelineTextLength / 2, "Reason");
        v.ThrowIfInvalid();
        await incidents.ChangeWithAsync(key, actor, "correct the archetype", async (incident, db, now) =>
        {
            if (!swapPlaybook)
            {
                // Kept means the playbook it runs now: attach it first if the incident has not been seen with one yet.
                await AttachedOrAttachAsync(db, incident, now, cancellationToken);
                return incident.ChangeArchetype(target!.Value, actor.Name, now, why, "The playbook in use stays.");
            }
            var current = await db.PlaybookVersions.Include(pv => pv.Playbook)
                .Where(pv => pv.Playbook!.Archetype == target!.Value && pv.Number == pv.Playbook.CurrentVersion)
                .SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException($"There is no {target!.Value.Name().ToLowerInvariant()} playbook to swap to.");
            db.IncidentPlaybooks.RemoveRange(await db.IncidentPlaybooks.Where(p => p.IncidentId == incident.Id).ToListAsync(cancellationToken));
            db.IncidentPlaybooks.Add(new IncidentPlaybook(incident.Id, current, now));
            return incident.ChangeArchetype(target!.Value, actor.Name, now, why,
                $"Playbook swapped to “{current.Content.Title}” (version {current.Number}).");
        }, cancellationToken, k => new PlaybookProgressedNotification(k));
        return await AttachedRunAsync(key, cancellationToken);
    }

    /// <summary>Seeds version 1 of every built-in playbook when there are no playbooks at all (first start of any installation).</summary>
    internal static async Task<bool> SeedBuiltInsAsync(CommandCenterDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        if (await db.Playbooks.AnyAsync(cancellationToken))
        {
            return false;
        }
        foreach (var (archetype, content) in BuiltInPlaybooks.All)
        {
            var playbook = new Playbook(archetype);
            db.Playbooks.Add(playbook);
            db.PlaybookVersions.Add(playbook.AddVersion(content, "CommandCenter", now, "Built-in playbook shipped with CommandCenter."));
        }
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private Task<IncidentPlaybookRun> HandleAsync(string key, Actor actor, string what, object arguments,
        Func<Incident, PlaybookProgress, DateTime, (StepRecord Record, TimelineEntry Entry)> handle, CancellationToken cancellationToken,
        [System.Runtime.CompilerServices.CallerMemberName] string command = "") => guard.AuditedAsync(actor, Permission.RunPlaybook, key, arguments, async () =>
    {
        await incidents.ChangeWithAsync(key, actor, what, async (incident, db, now) =>
        {
            await AttachedOrAttachAsync(db, incident, now, cancellationToken);
            var version = db.IncidentPlaybooks.Local.FirstOrDefault(p => p.IncidentId == incident.Id)?.PlaybookVersion
                ?? await db.IncidentPlaybooks.Where(p => p.IncidentId == incident.Id).Select(p => p.PlaybookVersion!).SingleAsync(cancellationToken);
            var records = await db.PlaybookStepRecords.AsNoTracking().Where(r => r.IncidentId == incident.Id).ToListAsync(cancellationToken);
            var progress = new PlaybookProgress(version.Content, records.Select(r => r.ToRecord()));
            var (record, entry) = handle(incident, progress, now);
            db.PlaybookStepRecords.Add(new PlaybookStepRecord(incident.Id, record));
            return entry;
        }, cancellationToken, k => new PlaybookProgressedNotification(k));
        return await AttachedRunAsync(key, cancellationToken);
    }, command);

    /// <summary>True when it added an attachment to <paramref name="db"/> (not yet saved); false when one was already there.</summary>
    private static async Task<bool> AttachedOrAttachAsync(CommandCenterDbContext db, Incident incident, DateTime now, CancellationToken cancellationToken)
    {
        if (await db.IncidentPlaybooks.AnyAsync(p => p.IncidentId == incident.Id, cancellationToken))
        {
            return false;
        }
        var current = await db.PlaybookVersions
            .Where(v => v.Playbook!.Archetype == incident.Archetype && v.Number == v.Playbook.CurrentVersion)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"There is no {incident.Archetype.Name().ToLowerInvariant()} playbook yet.");
        db.IncidentPlaybooks.Add(new IncidentPlaybook(incident.Id, current, now));
        return true;
    }

    private static IncidentPlaybookRun Run(Incident incident, IncidentPlaybook attachment, IEnumerable<StepRecord> records)
    {
        var version = attachment.PlaybookVersion!;
        var progress = new PlaybookProgress(version.Content, records);
        var nextSteps = IncidentRoles.All
            .Select(role => new RoleNextSteps(role, incident.HolderOf(role), progress.NextSteps(role).Select(s => s.Id).ToList()))
            .ToList();
        return new IncidentPlaybookRun(incident.Key, incident.Archetype, version.Number, version.Playbook!.CurrentVersion,
            attachment.AttachedAt, version.Content, progress.Records, progress.Coverage, nextSteps);
    }

    private static PlaybookStep Step(PlaybookProgress progress, string stepId) => progress.Content.Steps.First(s => s.Id == stepId);

    private static string TimelineText(params string?[] parts)
    {
        var text = string.Join(" ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
        return text.Length <= Limits.TimelineTextLength ? text : text[..(Limits.TimelineTextLength - 1)] + "…";
    }

    private static async Task<Playbook> FindAsync(CommandCenterDbContext db, Archetype archetype, CancellationToken cancellationToken) =>
        await db.Playbooks.AsNoTracking().SingleOrDefaultAsync(p => p.Archetype == archetype, cancellationToken)
        ?? throw new NotFoundException($"There is no {archetype.Name().ToLowerInvariant()} playbook yet.");

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
