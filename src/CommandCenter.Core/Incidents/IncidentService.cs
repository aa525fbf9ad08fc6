using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Persistence;
using CommandCenter.Core.Systems;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Core.Incidents;

/// <summary>
/// Declaring incidents, reading them, and their timeline; the other use cases are <see cref="IncidentLifecycle"/>,
/// <see cref="IncidentRoster"/> and <see cref="IncidentLegalRecords"/>. Each call opens its own short-lived DbContext, writes through the
/// <see cref="WriteGate"/>, and publishes notifications only once the change is committed.
/// </summary>
public sealed class IncidentService(
    IDbContextFactory<CommandCenterDbContext> contextFactory,
    WriteGate writeGate,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<Regulatory.RegulatoryOptions> regulatory,
    AccessGuard guard,
    IncidentWriter writer,
    Audit.ChainKey chainKey)
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
            query = query.WhereActive();
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
        var incidentId = await db.Incidents.Where(i => i.Key == IncidentKey.Normalize(key)).Select(i => (int?)i.Id).SingleOrDefaultAsync(cancellationToken)
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
        return entries.Select(e => e.ToView(IncidentKey.Normalize(key), corrections.TryGetValue(e.Sequence, out var by) ? by : null)).ToList();
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
        var incidentId = await db.Incidents.Where(i => i.Key == IncidentKey.Normalize(key)).Select(i => (int?)i.Id).SingleOrDefaultAsync(cancellationToken)
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
        var who = v.ActorName(actor);
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
        var who = v.ActorName(author.Name, "author");
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
        var who = v.ActorName(author.Name, "author");
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
            if (!loaded.Status.IsActive())
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

}
