using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Events;
using CommandCenter.Core.Persistence;
using CommandCenter.Core.Systems;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Core.Incidents;

/// <summary>
/// The use cases around incidents. Each call opens its own short-lived DbContext, writes through the
/// <see cref="WriteGate"/>, and publishes notifications only once the change is committed.
/// </summary>
public sealed class IncidentService(
    IDbContextFactory<CommandCenterDbContext> contextFactory,
    WriteGate writeGate,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<Regulatory.RegulatoryOptions> regulatory,
    AccessGuard guard,
    IncidentWriter writer,
    IEnumerable<IClosingCheck> closingChecks,
    PeopleDirectory people,
    Audit.ChainKey chainKey,
    IClosingGate closingGate)
{
    /// <summary>The page size the war room loads the timeline in.</summary>
    public const int TimelinePageSize = 200;

    public async Task<IReadOnlyList<IncidentSummary>> ListAsync(IncidentStatus? status = null, bool activeOnly = false,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Incidents.AsNoTracking().Include(i => i.AiSystem).Include(i => i.Roles).AsSplitQuery();
        if (status is { } s)
        {
            query = query.Where(i => i.Status == s);
        }
        else if (activeOnly)
        {
            query = query.Where(i => i.Status != IncidentStatus.Resolved && i.Status != IncidentStatus.Closed);
        }
        var incidents = await query.ToListAsync(cancellationToken);
        return incidents
            .OrderBy(i => i.Severity)
            .ThenByDescending(i => i.DetectedAt)
            .Select(i => i.ToSummary())
            .ToList();
    }

    public async Task<IncidentDetail> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var incident = await IncidentWriter.LoadAsync(db, key, tracking: false, cancellationToken);
        return incident.ToDetail(Now(), regulatory.Value);
    }

    /// <summary>Timeline entries newest first; pass the oldest sequence you have as <paramref name="beforeSequence"/> to page back.</summary>
    public async Task<IReadOnlyList<TimelineEntryView>> GetTimelineAsync(string key, int? beforeSequence = null,
        int take = TimelinePageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var incidentId = await db.Incidents.Where(i => i.Key == IncidentWriter.NormalizeKey(key)).Select(i => (int?)i.Id).SingleOrDefaultAsync(cancellationToken)
            ?? throw IncidentWriter.NotFound(key);
        var query = db.TimelineEntries.AsNoTracking().Where(e => e.IncidentId == incidentId);
        if (beforeSequence is { } before)
        {
            query = query.Where(e => e.Sequence < before);
        }
        var entries = await query.OrderByDescending(e => e.Sequence).Take(Math.Clamp(take, 1, 100_000)).ToListAsync(cancellationToken);
        if (entries.Count == 0)
        {
            return [];
        }
        var low = entries[^1].Sequence;
        var high = entries[0].Sequence;
        var corrections = await db.TimelineEntries.AsNoTracking()
            .Where(e => e.IncidentId == incidentId && e.CorrectsSequence >= low && e.CorrectsSequence <= high)
            .GroupBy(e => e.CorrectsSequence!.Value)
            .Select(g => new { Original = g.Key, Latest = g.Max(e => e.Sequence) })
            .ToDictionaryAsync(x => x.Original, x => x.Latest, cancellationToken);
        return entries.Select(e => e.ToView(IncidentWriter.NormalizeKey(key), corrections.TryGetValue(e.Sequence, out var by) ? by : null)).ToList();
    }

    public async Task<IncidentWithTimeline> GetWithTimelineAsync(string key, CancellationToken cancellationToken = default)
    {
        var detail = await GetAsync(key, cancellationToken);
        var timeline = await GetTimelineAsync(key, take: int.MaxValue, cancellationToken: cancellationToken);
        return new IncidentWithTimeline(detail, timeline);
    }

    /// <summary>Re-reads every entry and checks the hash chain and each entry's keyed MAC. Returns the first broken sequence, or null when intact.</summary>
    public async Task<int?> VerifyTimelineAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var incidentId = await db.Incidents.Where(i => i.Key == IncidentWriter.NormalizeKey(key)).Select(i => (int?)i.Id).SingleOrDefaultAsync(cancellationToken)
            ?? throw IncidentWriter.NotFound(key);
        var entries = await db.TimelineEntries.AsNoTracking().Where(e => e.IncidentId == incidentId).ToListAsync(cancellationToken);
        return TimelineEntry.FindBrokenLink(entries, chainKey);
    }

    public Task<IncidentSummary> DeclareAsync(DeclareIncident command, Actor actor, CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.DeclareIncident, null, new { command }, () =>
    {
        return DeclareAsync(command, actor.Name, alsoInTransaction: null, cancellationToken);
    });

    /// <param name="alsoInTransaction">Detection links its candidate here, so the incident and the link commit together.</param>
    internal async Task<IncidentSummary> DeclareAsync(DeclareIncident command, string actor,
        Func<CommandCenterDbContext, Incident, CancellationToken, Task>? alsoInTransaction, CancellationToken cancellationToken)
    {
        var v = new Validator();
        var who = ValidActor(v, actor);
        var title = v.RequiredText("title", command.Title, Limits.TitleLength, "Title");
        var summary = v.OptionalText("summary", command.Summary, Limits.SummaryLength, "Summary") ?? "";
        var severity = v.Parsed("severity", command.Severity, SeverityText.Parse, "Severity", SeverityText.Allowed);
        var archetype = v.Parsed("archetype", command.Archetype, Archetypes.Parse, "Archetype", Archetypes.Allowed);
        var systemRef = v.RequiredText("system", command.System, Limits.SystemNameLength, "Affected system");
        if (systemRef is not null && !await SystemExistsAsync(systemRef, cancellationToken))
        {
            // Checked here too, not only inside the write, so an unknown system is reported with every other bad field.
            v.Add("system", UnknownSystem(systemRef));
        }
        v.ThrowIfInvalid();

        var incident = await writeGate.RunAsync(async ct =>
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            var system = await FindSystemAsync(db, systemRef!, ct)
                ?? throw ValidationException.For("system", UnknownSystem(systemRef!));
            var now = Now();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var key = await IncidentKeyAllocator.AllocateAsync(db, now.Year, ct);
            var declared = Incident.Declare(key, title!, summary, severity!.Value, archetype!.Value, system, who!, now,
                command.ImpactStartedAt?.AsUtc());
            if (command.TakeCommand)
            {
                declared.AssignRole(IncidentRole.IncidentCommander, who!, who!, now);
            }
            db.Incidents.Add(declared);
            await db.SaveChangesAsync(ct);
            if (alsoInTransaction is not null)
            {
                await alsoInTransaction(db, declared, ct);
                await db.SaveChangesAsync(ct);
            }
            await transaction.CommitAsync(ct);
            return declared;
        }, cancellationToken);

        writer.Publish(incident, new IncidentDeclaredNotification(incident.ToSummary()));
        return incident.ToSummary();
    }

    public Task<TimelineEntryView> RecordAsync(string key, RecordTimelineEntry command, Actor author,
        CancellationToken cancellationToken = default) => guard.AuditedAsync(author, Permission.WriteTimeline, key, new { key, command }, () =>
    {
        var v = new Validator();
        var who = ValidActor(v, author.Name, "author");
        var kind = v.Parsed("kind", command.Kind, TimelineEntryKinds.Parse, "Kind", TimelineEntryKinds.Allowed);
        var text = v.RequiredText("text", command.Text, Limits.TimelineTextLength, "Text");
        v.ThrowIfInvalid();

        return writer.ChangeWithAsync(key, author, "write on the timeline", (incident, _, now) =>
            Task.FromResult(incident.Record(kind!.Value, text!, who!, now, command.OccurredAt?.AsUtc())), cancellationToken);
    });

    public Task<TimelineEntryView> CorrectAsync(string key, CorrectTimelineEntry command, Actor author,
        CancellationToken cancellationToken = default) => guard.AuditedAsync(author, Permission.WriteTimeline, key, new { key, command }, () =>
    {
        var v = new Validator();
        var who = ValidActor(v, author.Name, "author");
        var text = v.RequiredText("text", command.Text, Limits.TimelineTextLength, "Correction");
        v.ThrowIfInvalid();

        return writer.ChangeWithAsync(key, author, "correct the timeline", async (incident, db, now) =>
        {
            var original = await db.TimelineEntries.AsNoTracking()
                .SingleOrDefaultAsync(e => e.IncidentId == incident.Id && e.Sequence == command.Sequence)
                ?? throw new NotFoundException($"{key} has no timeline entry #{command.Sequence}.");
            return incident.Correct(original, text!, who!, now);
        }, cancellationToken);
    });

    /// <summary>
    /// Detection merges a candidate into an open incident: the incident learns when its first signal came, and the
    /// candidate's link commits in the same transaction. A resolved or closed incident takes no new signals (409).
    /// </summary>
    internal async Task<IncidentSummary> AttachSignalsAsync(string key, DateTime firstSignalAt,
        Func<CommandCenterDbContext, Incident, CancellationToken, Task> alsoInTransaction, CancellationToken cancellationToken)
    {
        var incident = await writeGate.RunAsync(async ct =>
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            var loaded = await IncidentWriter.LoadAsync(db, key, tracking: true, ct);
            if (loaded.Status is IncidentStatus.Resolved or IncidentStatus.Closed)
            {
                throw new InvalidTransitionException($"{loaded.Key} is {loaded.Status.ToString().ToLowerInvariant()}; signals can only join an open incident.");
            }
            loaded.LinkSignals(firstSignalAt);
            await alsoInTransaction(db, loaded, ct);
            await db.SaveChangesAsync(ct);
            return loaded;
        }, cancellationToken);
        return incident.ToSummary();
    }

    /// <summary>Records a finding with legal consequences and starts the clocks it triggers for this system (see <see cref="Regulatory.ClockSelection"/>).</summary>
    public Task<IncidentSummary> StartClocksAsync(string key, string? trigger, DateTime? awareAt, Actor actor,
        CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.RegulatoryClocks, key, new { key, trigger, awareAt }, () =>
    {
        var v = new Validator();
        var who = ValidActor(v, actor.Name);
        var parsed = v.Parsed("trigger", trigger, Regulatory.ClockSelection.Parse, "Trigger", Regulatory.ClockSelection.Allowed);
        v.ThrowIfInvalid();
        return MutateSummaryAsync(key, actor, (incident, now) =>
        {
            var definitions = Regulatory.ClockSelection.For(parsed!.Value, incident.AiSystem!.RiskTier, regulatory.Value);
            incident.StartClocks(parsed.Value, definitions, awareAt?.AsUtc() ?? now, who!, now);
        }, cancellationToken, k => new ClocksChangedNotification(k));
    });

    /// <summary>Records which systems and data categories are exposed and how many people are affected (IC or Legal liaison).</summary>
    public Task<IncidentSummary> RecordExposureAsync(string key, IReadOnlyList<string>? systems, IReadOnlyList<string>? dataCategories,
        int? affectedUsers, Actor actor, CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.LegalRecords, key, new { key, systems, dataCategories, affectedUsers }, () =>
    {
        var v = new Validator();
        var who = ValidActor(v, actor.Name);
        var cleanSystems = CleanList(v, "systems", systems);
        var cleanCategories = CleanList(v, "dataCategories", dataCategories);
        v.ThrowIfInvalid();
        return MutateSummaryAsync(key, actor, (incident, now) => incident.RecordExposure(cleanSystems, cleanCategories, affectedUsers, who!, now),
            cancellationToken, k => new LegalChangedNotification(k));
    });

    /// <summary>Places or lifts a legal hold; a held incident cannot be closed.</summary>
    public Task<IncidentSummary> SetLegalHoldAsync(string key, bool on, string? reason, Actor actor, CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.LegalRecords, key, new { key, on, reason }, () =>
    {
        var v = new Validator();
        var who = ValidActor(v, actor.Name);
        var why = v.OptionalText("reason", reason, Limits.TimelineTextLength, "Reason");
        v.ThrowIfInvalid();
        return MutateSummaryAsync(key, actor, (incident, now) => incident.ChangeLegalHold(on, why, who!, now), cancellationToken,
            k => new LegalChangedNotification(k));
    });

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

    /// <summary>The obligation behind a clock was met (e.g. the authority was notified).</summary>
    public Task<IncidentSummary> MeetClockAsync(string key, string code, Actor actor, CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.RegulatoryClocks, key, new { key, code }, () =>
    {
        var v = new Validator();
        var who = ValidActor(v, actor.Name);
        v.ThrowIfInvalid();
        return MutateSummaryAsync(key, actor, (incident, now) => incident.MeetClock(code, who!, now), cancellationToken,
            k => new ClocksChangedNotification(k));
    });

    public Task<IncidentSummary> ChangeStatusAsync(string key, string? status, Actor actor, string? reason = null,
        CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.ChangeStatus, key, new { key, status, reason }, async () =>
    {
        var v = new Validator();
        var who = ValidActor(v, actor.Name);
        var target = v.Parsed("status", status, IncidentStatuses.Parse, "Status", IncidentStatuses.Allowed);
        var why = v.OptionalText("reason", reason, Limits.TimelineTextLength, "Reason");
        v.ThrowIfInvalid();
        if (target == IncidentStatus.Closed && why is null)
        {
            await RefuseClosingOverOpenWorkAsync(key, cancellationToken);
        }
        return await ChangeStatusCoreAsync(key, target!.Value, who!, why, actor, cancellationToken);
    });

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

    /// <summary>Closing asks the <see cref="IClosingGate"/> (a SEV1/SEV2 postmortem, from Learning) inside the write.</summary>
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

    public Task<IncidentSummary> ChangeSeverityAsync(string key, string? severity, Actor actor, string? reason = null,
        CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.ChangeSeverity, key, new { key, severity, reason }, () =>
    {
        var v = new Validator();
        var who = ValidActor(v, actor.Name);
        var target = v.Parsed("severity", severity, SeverityText.Parse, "Severity", SeverityText.Allowed);
        var why = v.OptionalText("reason", reason, Limits.TimelineTextLength, "Reason");
        v.ThrowIfInvalid();
        return MutateSummaryAsync(key, actor, (incident, now) => incident.ChangeSeverity(target!.Value, who!, now, why), cancellationToken);
    });

    /// <summary>Gives a role to an account (typed by user name or display name); the roster shows its display name.</summary>
    public Task<IncidentSummary> AssignRoleAsync(string key, string? role, string? person, Actor actor,
        CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.AssignRoles, key, new { key, role, person }, async () =>
    {
        var v = new Validator();
        var who = ValidActor(v, actor.Name);
        var parsedRole = v.Parsed("role", role, IncidentRoles.Parse, "Role", IncidentRoles.Allowed);
        var typed = v.RequiredText("person", person, Limits.PersonNameLength, "Person");
        var holder = typed is null ? null : await people.FindAsync(typed, cancellationToken);
        if (typed is not null && holder is null)
        {
            v.Add("person", PeopleDirectory.Unknown(typed));
        }
        v.ThrowIfInvalid();
        return await MutateSummaryAsync(key, actor, (incident, now) =>
            incident.AssignRole(parsedRole!.Value, holder!.DisplayName, who!, now, actorIsAdministrator: actor.Role == OrgRole.Administrator),
            cancellationToken, k => new RolesChangedNotification(k));
    });

    public Task<IncidentSummary> UnassignRoleAsync(string key, string? role, Actor actor, CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.AssignRoles, key, new { key, role }, () =>
    {
        var v = new Validator();
        var who = ValidActor(v, actor.Name);
        var parsedRole = v.Parsed("role", role, IncidentRoles.Parse, "Role", IncidentRoles.Allowed);
        v.ThrowIfInvalid();
        return MutateSummaryAsync(key, actor, (incident, now) => incident.UnassignRole(parsedRole!.Value, who!, now), cancellationToken,
            k => new RolesChangedNotification(k));
    });

    private async Task<IncidentSummary> MutateSummaryAsync(string key, Actor actor, Action<Incident, DateTime> change,
        CancellationToken cancellationToken, Func<string, IncidentNotification>? tell = null,
        [System.Runtime.CompilerServices.CallerMemberName] string what = "")
    {
        Incident? changed = null;
        await writer.ChangeWithAsync(key, actor, what.Replace("Async", "", StringComparison.Ordinal), (incident, _, now) =>
        {
            change(incident, now);
            changed = incident;
            return Task.FromResult(incident.Timeline[^1]);
        }, cancellationToken, tell);
        return changed!.ToSummary();
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private static Task<AiSystem?> FindSystemAsync(CommandCenterDbContext db, string reference, CancellationToken cancellationToken)
    {
        var lowered = reference.Trim().ToLowerInvariant();
        return int.TryParse(lowered, out var id)
            ? db.AiSystems.SingleOrDefaultAsync(s => s.Id == id, cancellationToken)
            : db.AiSystems.FirstOrDefaultAsync(s => s.Slug.ToLower() == lowered || s.Name.ToLower() == lowered, cancellationToken);
    }

    private async Task<bool> SystemExistsAsync(string reference, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await FindSystemAsync(db, reference, cancellationToken) is not null;
    }

    private static string UnknownSystem(string reference) => $"No AI system '{reference}' in the inventory.";

    private static string? ValidActor(Validator v, string? actor, string field = "actor") =>
        v.RequiredText(field, actor, Limits.PersonNameLength, "Your name");


}
