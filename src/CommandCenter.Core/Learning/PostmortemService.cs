using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Communications;
using CommandCenter.Core.Events;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Persistence;
using CommandCenter.Core.Playbooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommandCenter.Core.Learning;

/// <summary>
/// Postmortems: opened when an incident is resolved (or by a responder afterwards), prefilled from the incident's record,
/// edited, reviewed and published. Every change also writes a line on the incident's timeline in the same write, and
/// the page is told through <see cref="PostmortemChangedNotification"/> after the commit.
/// </summary>
public sealed class PostmortemService(
    IDbContextFactory<CommandCenterDbContext> contextFactory,
    IncidentService incidents,
    IncidentWriter writer,
    IIncidentEventPublisher publisher,
    TimeProvider clock,
    IOptions<LearningOptions> options,
    IOptions<UpdateCadence> cadence,
    AccessGuard guard)
{
    private const int TimelineQuoteLength = 160;

    public async Task<PostmortemPage> GetPageAsync(string key, CancellationToken cancellationToken = default)
    {
        var incident = await incidents.GetWithTimelineAsync(key, cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var id = await IncidentIdAsync(db, incident.Detail.Incident.Key, cancellationToken);
        var postmortem = await db.Set<Postmortem>().AsNoTracking().SingleOrDefaultAsync(p => p.IncidentId == id, cancellationToken);
        var items = await ActionItemService.ViewsAsync(db, db.Set<ActionItem>().Where(a => a.IncidentId == id), Now(), cancellationToken);
        var status = incident.Detail.Incident.Status;
        return new PostmortemPage(incident.Detail.Incident,
            postmortem is null ? null : PostmortemView.From(postmortem, incident.Detail.Incident.Key, Now()),
            postmortem is null && !status.IsActive(),
            incident.Timeline.OrderBy(e => e.Sequence).ToList(), items);
    }

    public async Task<PostmortemView> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var (incidentKey, postmortem) = await FindAsync(db, key, tracking: false, cancellationToken);
        return PostmortemView.From(postmortem, incidentKey, Now());
    }

    /// <summary>Due dates of the postmortems of these incidents (the board and the status page).</summary>
    public async Task<IReadOnlyDictionary<string, PostmortemDue>> DueForAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = Now();
        var rows = await db.Set<Postmortem>().AsNoTracking()
            .Join(db.Incidents.Where(i => keys.Contains(i.Key)), p => p.IncidentId, i => i.Id, (p, i) => new { i.Key, p.State, p.DueAt })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Key, r => new PostmortemDue(r.Key, r.State, r.DueAt, r.State != PostmortemState.Published && now > r.DueAt));
    }

    /// <summary>Postmortems not yet published, soonest due first (the board's and status page's "postmortems due" card).</summary>
    public async Task<IReadOnlyList<PostmortemDueItem>> UnpublishedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = Now();
        var rows = await db.Set<Postmortem>().AsNoTracking().Where(p => p.State != PostmortemState.Published)
            .Join(db.Incidents, p => p.IncidentId, i => i.Id, (p, i) => new { i.Key, i.Title, i.Severity, p.State, p.DueAt })
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.DueAt).Select(r => new PostmortemDueItem(r.Key, r.Title, r.Severity, r.State, r.DueAt, now > r.DueAt)).ToList();
    }

    /// <summary>A system's incidents (newest first) with their postmortem state, and its open action items: the risk-register view.</summary>
    public async Task<SystemLearning> ForSystemAsync(string slug, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var normalized = slug.Trim().ToLowerInvariant();
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.AiSystem!.Slug.ToLower() == normalized)
            .OrderByDescending(i => i.DetectedAt)
            .Select(i => new
            {
                i.Id, i.Key, i.Title, i.Severity, i.Archetype, i.Status, i.DetectedAt,
                Postmortem = db.Set<Postmortem>().Where(p => p.IncidentId == i.Id).Select(p => new { p.State, p.DueAt }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var ids = incidents.Select(i => i.Id).ToList();
        var open = await ActionItemService.ViewsAsync(db,
            db.Set<ActionItem>().Where(a => ids.Contains(a.IncidentId) && a.Status != ActionItemStatus.Done && a.Status != ActionItemStatus.WontDo),
            Now(), cancellationToken);
        return new SystemLearning(
            incidents.Select(i => new SystemIncidentRow(i.Key, i.Title, i.Severity, i.Archetype, i.Status, i.DetectedAt, i.Postmortem?.State,
                i.Postmortem is { } p && p.State != PostmortemState.Published && Now() > p.DueAt)).ToList(),
            open);
    }

    /// <summary>A responder opens the postmortem of a resolved incident (it is normally opened on resolve already).</summary>
    public async Task<PostmortemView> OpenAsync(string key, Actor actor, CancellationToken cancellationToken = default)
    {
        guard.Demand(actor, Permission.WriteTimeline, key);
        return await OpenCoreAsync(key, actor, refuseIfOpen: true, cancellationToken)
            ?? throw new InvalidTransitionException($"{key} already has a postmortem.");
    }

    /// <summary>Called when an incident reaches Resolved: opens its postmortem unless it has one.</summary>
    internal async Task<PostmortemView?> OpenOnResolveAsync(string key, CancellationToken cancellationToken)
    {
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            // Every later change of a resolved incident announces it again; most of the time there is nothing to open.
            var normalized = IncidentKey.Normalize(key);
            if (await db.Set<Postmortem>().AnyAsync(p => db.Incidents.Any(i => i.Id == p.IncidentId && i.Key == normalized), cancellationToken))
            {
                return null;
            }
        }
        return await OpenCoreAsync(key, Actor.Automation("CommandCenter"), refuseIfOpen: false, cancellationToken);
    }

    public async Task<PostmortemView> EditAsync(string key, PostmortemEdit edit, Actor actor, CancellationToken cancellationToken = default)
    {
        guard.Demand(actor, Permission.WriteTimeline, key);
        var content = await ValidateAsync(key, edit, cancellationToken);
        var current = await GetAsync(key, cancellationToken);
        if (!current.IsPublished && SameContent(current.Content, content))
        {
            return current;
        }
        return await ChangeAsync(key, actor, "edit the postmortem", (p, now) =>
        {
            var changed = p.Edit(content, actor.Name, now);
            return changed.Count == 0 ? null : $"Postmortem edited: {string.Join(", ", changed.Select(s => s.Label()))}.";
        }, cancellationToken);
    }

    public async Task<PostmortemView> SubmitForReviewAsync(string key, IReadOnlyList<string>? reviewers, Actor actor,
        CancellationToken cancellationToken = default)
    {
        guard.Demand(actor, Permission.WriteTimeline, key);
        var names = await ValidReviewersAsync(reviewers, cancellationToken);
        return await ChangeAsync(key, actor, "send the postmortem for review", (p, now) =>
        {
            p.SubmitForReview(names, actor.Name, now);
            return $"Postmortem sent for review to {string.Join(", ", names)}.";
        }, cancellationToken);
    }

    public Task<PostmortemView> ReturnToDraftAsync(string key, Actor actor, CancellationToken cancellationToken = default)
    {
        guard.Demand(actor, Permission.WriteTimeline, key);
        return ChangeAsync(key, actor, "return the postmortem to draft", (p, now) =>
        {
            p.ReturnToDraft(actor.Name, now);
            return "Postmortem returned to draft for more work.";
        }, cancellationToken);
    }

    public Task<PostmortemView> PublishAsync(string key, Actor actor, CancellationToken cancellationToken = default)
    {
        guard.Demand(actor, Permission.WriteTimeline, key);
        return ChangeAsync(key, actor, "publish the postmortem", (p, now) =>
        {
            p.Publish(actor.UserName, actor.Name, now);
            return $"Postmortem published by {actor.Name}; it is read-only from now on.";
        }, cancellationToken);
    }

    public Task<PostmortemView> CommentAsync(string key, string? section, string? text, Actor actor, CancellationToken cancellationToken = default)
    {
        guard.Demand(actor, Permission.WriteTimeline, key);
        var v = new Validator();
        var parsed = v.Parsed("section", section, PostmortemSections.Parse, "Section", PostmortemSections.Allowed);
        var body = v.RequiredText("text", text, Postmortem.CommentLength, "Comment");
        v.ThrowIfInvalid();
        return ChangeAsync(key, actor, "comment on the postmortem", (p, now) =>
        {
            p.Comment(parsed!.Value, body!, actor.Name, now);
            return $"Postmortem comment on {parsed.Value.Label()}: {Shorten(body!)}";
        }, cancellationToken);
    }

    public async Task<string> ExportMarkdownAsync(string key, CancellationToken cancellationToken = default)
    {
        var page = await GetPageAsync(key, cancellationToken);
        if (page.Postmortem is null)
        {
            throw new NotFoundException($"{key} has no postmortem yet.");
        }
        return PostmortemExport.ToMarkdown(page.Incident, page.Postmortem, page.Timeline, page.ActionItems);
    }

    private async Task<PostmortemView?> OpenCoreAsync(string key, Actor actor, bool refuseIfOpen, CancellationToken cancellationToken)
    {
        Postmortem? opened = null;
        TimelineEntryView entry;
        try
        {
            entry = await writer.ChangeWithAsync(key, actor, "open the postmortem", async (incident, db, now) =>
        {
            if (incident.Status.IsActive())
            {
                throw new InvalidTransitionException($"{incident.Key} is {incident.Status.ToString().ToLowerInvariant()}; its postmortem opens once it is resolved.");
            }
            if (await db.Set<Postmortem>().AnyAsync(p => p.IncidentId == incident.Id, cancellationToken))
            {
                throw refuseIfOpen ? new InvalidTransitionException($"{incident.Key} already has a postmortem.") : new AlreadyOpen();
            }
            var facts = await FactsAsync(db, incident, cancellationToken);
            opened = Postmortem.Open(incident.Id, PostmortemPrefill.From(facts), incident.ResolvedAt ?? now, options.Value.DueAfter(incident.Severity),
                actor.Name, now);
            db.Set<Postmortem>().Add(opened);
            return incident.Record(TimelineEntryKind.Note,
                $"Postmortem opened, due {opened.DueAt:yyyy-MM-dd HH:mm} UTC ({options.Value.DueAfter(incident.Severity).TotalDays:0} days for {incident.Severity.Label()}).",
                actor.Name, now);
        }, cancellationToken);
        }
        catch (AlreadyOpen)
        {
            return null;
        }
        publisher.Publish([new PostmortemChangedNotification(entry.IncidentKey)]);
        return PostmortemView.From(opened!, entry.IncidentKey, Now());
    }

    private sealed class AlreadyOpen() : Exception("already open");

    private async Task<PostmortemFacts> FactsAsync(CommandCenterDbContext db, Incident incident, CancellationToken cancellationToken)
    {
        var timeline = await db.TimelineEntries.AsNoTracking().Where(e => e.IncidentId == incident.Id).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        var steps = await db.PlaybookStepRecords.AsNoTracking().Where(s => s.IncidentId == incident.Id).ToListAsync(cancellationToken);
        var sent = await db.StatusUpdates.AsNoTracking()
            .Where(u => u.IncidentId == incident.Id && u.Audience == UpdateAudience.Internal && u.SentAt != null)
            .Select(u => u.SentAt!.Value).ToListAsync(cancellationToken);
        var firstCandidate = await db.Candidates.AsNoTracking().Where(c => c.IncidentId == incident.Id)
            .OrderBy(c => c.CreatedAt).Select(c => (DateTime?)c.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        return new PostmortemFacts(incident, timeline, steps, sent, firstCandidate, cadence.Value.For(incident.Severity, UpdateAudience.Internal));
    }

    private async Task<PostmortemView> ChangeAsync(string key, Actor actor, string what, Func<Postmortem, DateTime, string?> change,
        CancellationToken cancellationToken)
    {
        Postmortem? changed = null;
        var entry = await writer.ChangeWithAsync(key, actor, what, async (incident, db, now) =>
        {
            var postmortem = await db.Set<Postmortem>().SingleOrDefaultAsync(p => p.IncidentId == incident.Id, cancellationToken)
                ?? throw new NotFoundException($"{incident.Key} has no postmortem yet; it opens when the incident is resolved.");
            var line = change(postmortem, now) ?? "Postmortem saved.";
            changed = postmortem;
            return incident.Record(TimelineEntryKind.Note, line, actor.Name, now);
        }, cancellationToken);
        publisher.Publish([new PostmortemChangedNotification(entry.IncidentKey)]);
        return PostmortemView.From(changed!, entry.IncidentKey, Now());
    }

    private async Task<PostmortemContent> ValidateAsync(string key, PostmortemEdit edit, CancellationToken cancellationToken)
    {
        var v = new Validator();
        string Text(string field, string? value, string label) => v.OptionalText(field, value, Postmortem.SectionLength, label) ?? "";
        var summary = Text("summary", edit.Summary, "Summary");
        var impact = Text("impact", edit.Impact, "Impact");
        var detection = Text("detectionReview", edit.DetectionReview, "Detection review");
        var response = Text("responseReview", edit.ResponseReview, "Response review");
        var rootCause = Text("rootCause", edit.RootCause, "Root cause");
        var prevention = Text("preventionPlan", edit.PreventionPlan, "Prevention plan");
        var head = await TimelineHeadAsync(key, cancellationToken);
        var moments = edit.KeyMoments ?? [];
        if (moments.Any(s => s < 1 || s > head))
        {
            v.Add("keyMoments", $"Key moments are timeline entries #1 to #{head}.");
        }
        var factors = new List<FactorView>();
        var given = edit.Factors ?? [];
        if (given.Count > Postmortem.MaxFactors)
        {
            v.Add("factors", $"List at most {Postmortem.MaxFactors} contributing factors.");
        }
        for (var i = 0; i < given.Count; i++)
        {
            var f = given[i];
            if (f is null)
            {
                v.Add($"factors[{i}]", "Each contributing factor needs a factor, a note and its evidence; this one is empty.");
                continue;
            }
            var factor = v.Parsed($"factors[{i}].factor", f.Factor, ContributingFactors.Parse, "Contributing factor", ContributingFactors.Allowed);
            var note = v.OptionalText($"factors[{i}].note", f.Note, Postmortem.NoteLength, "Note") ?? "";
            var evidence = f.Evidence ?? [];
            if (evidence.Any(s => s < 1 || s > head))
            {
                v.Add($"factors[{i}].evidence", $"Evidence points at timeline entries #1 to #{head}.");
            }
            if (factor is { } parsed)
            {
                if (factors.Any(x => x.Factor == parsed))
                {
                    v.Add($"factors[{i}].factor", $"{parsed.Label()} is listed twice.");
                }
                factors.Add(new FactorView(parsed, note, evidence.Distinct().Order().ToList()));
            }
        }
        v.ThrowIfInvalid();
        return new PostmortemContent(summary, moments.Distinct().Order().ToList(), impact, detection, response, rootCause, factors, prevention);
    }

    private static bool SameContent(PostmortemContent a, PostmortemContent b) =>
        a.Summary == b.Summary && a.KeyMoments.SequenceEqual(b.KeyMoments) && a.Impact == b.Impact && a.DetectionReview == b.DetectionReview
        && a.ResponseReview == b.ResponseReview && a.RootCause == b.RootCause && a.PreventionPlan == b.PreventionPlan
        && a.Factors.Count == b.Factors.Count
        && a.Factors.Zip(b.Factors).All(p => p.First.Factor == p.Second.Factor && p.First.Note == p.Second.Note && p.First.Evidence.SequenceEqual(p.Second.Evidence));

    private async Task<IReadOnlyList<string>> ValidReviewersAsync(IReadOnlyList<string>? reviewers, CancellationToken cancellationToken)
    {
        var v = new Validator();
        var names = (reviewers ?? []).Select(r => r?.Trim() ?? "").Where(r => r.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (names.Count == 0)
        {
            v.Add("reviewers", "Name at least one reviewer (an account user name).");
        }
        if (names.Count > Postmortem.MaxReviewers)
        {
            v.Add("reviewers", $"Name at most {Postmortem.MaxReviewers} reviewers.");
        }
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var normalized = names.Select(n => n.ToUpperInvariant()).ToList();
        var known = await db.Users.AsNoTracking().Where(u => normalized.Contains(u.NormalizedUserName!))
            .Select(u => new { u.UserName, u.OrgRole }).ToListAsync(cancellationToken);
        foreach (var name in names)
        {
            var account = known.FirstOrDefault(k => string.Equals(k.UserName, name, StringComparison.OrdinalIgnoreCase));
            if (account is null)
            {
                v.Add("reviewers", $"No account '{name}'.");
            }
            else if (account.OrgRole == OrgRole.Leadership)
            {
                v.Add("reviewers", $"{name} has a read-only Leadership account and cannot publish; choose a responder.");
            }
        }
        v.ThrowIfInvalid();
        return known.Select(k => k.UserName!).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private async Task<int> TimelineHeadAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var normalized = IncidentKey.Normalize(key);
        return await db.Incidents.Where(i => i.Key == normalized).Select(i => (int?)i.TimelineHeadSequence).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"No incident {key}.");
    }

    private static async Task<int> IncidentIdAsync(CommandCenterDbContext db, string key, CancellationToken cancellationToken) =>
        await db.Incidents.Where(i => i.Key == key).Select(i => (int?)i.Id).SingleOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException($"No incident {key}.");

    private static async Task<(string Key, Postmortem Postmortem)> FindAsync(CommandCenterDbContext db, string key, bool tracking,
        CancellationToken cancellationToken)
    {
        var normalized = IncidentKey.Normalize(key);
        var id = await IncidentIdAsync(db, normalized, cancellationToken);
        var query = tracking ? db.Set<Postmortem>() : db.Set<Postmortem>().AsNoTracking();
        var postmortem = await query.SingleOrDefaultAsync(p => p.IncidentId == id, cancellationToken)
            ?? throw new NotFoundException($"{normalized} has no postmortem yet; it opens when the incident is resolved.");
        return (normalized, postmortem);
    }

    private static string Shorten(string text)
    {
        var line = text.Replace("\r\n", " ").Replace('\n', ' ');
        return line.Length <= TimelineQuoteLength ? line : line[..(TimelineQuoteLength - 1)] + "…";
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
