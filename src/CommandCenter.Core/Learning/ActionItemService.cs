using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Events;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Core.Learning;

/// <summary>
/// Action items from postmortems. Creating one and every status change also write on the source incident's timeline;
/// owners are accounts (by user name), tracker links are http(s) only.
/// </summary>
public sealed class ActionItemService(
    IDbContextFactory<CommandCenterDbContext> contextFactory,
    IncidentWriter incidents,
    IIncidentEventPublisher publisher,
    TimeProvider clock,
    AccessGuard guard)
{
    /// <summary>Every item, the given owner's first (then overdue, then by due date).</summary>
    public async Task<IReadOnlyList<ActionItemView>> ListAsync(string? mineFirst = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var items = await ViewsAsync(db, db.Set<ActionItem>(), Now(), cancellationToken);
        return items
            .OrderByDescending(i => mineFirst is not null && string.Equals(i.Owner, mineFirst, StringComparison.OrdinalIgnoreCase))
            .ThenBy(i => i.Status.IsFinished())
            .ThenByDescending(i => i.IsOverdue)
            .ThenBy(i => i.DueDate)
            .ThenBy(i => i.Id)
            .ToList();
    }

    public async Task<ActionItemView> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return (await ViewsAsync(db, db.Set<ActionItem>().Where(a => a.Id == id), Now(), cancellationToken)).SingleOrDefault()
            ?? throw new NotFoundException($"No action item #{id}.");
    }

    public async Task<ActionItemView> CreateAsync(string key, ActionItemInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        guard.Demand(actor, Permission.WriteTimeline, key);
        var fields = await ValidateAsync(input, cancellationToken);
        var created = default(ActionItem);
        var entry = await incidents.ChangeWithAsync(key, actor, "add an action item", async (incident, db, now) =>
        {
            var postmortemId = await db.Set<Postmortem>().Where(p => p.IncidentId == incident.Id).Select(p => (int?)p.Id).SingleOrDefaultAsync(cancellationToken)
                ?? throw new InvalidTransitionException($"{incident.Key} has no postmortem yet; action items come from the postmortem.");
            created = ActionItem.Create(incident.Id, postmortemId, fields, actor.Name, now);
            db.Set<ActionItem>().Add(created);
            return incident.Record(TimelineEntryKind.Note,
                $"Action item added: {fields.Title} ({fields.Kind.Code()}, owner {fields.Owner}, due {fields.DueDate:yyyy-MM-dd}).", actor.Name, now);
        }, cancellationToken);
        publisher.Publish([new ActionItemsChangedNotification(entry.IncidentKey)]);
        return await GetAsync(created!.Id, cancellationToken);
    }

    public async Task<ActionItemView> EditAsync(int id, ActionItemInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        guard.Demand(actor, Permission.WriteTimeline, $"action item #{id}");
        var fields = await ValidateAsync(input, cancellationToken);
        var key = await KeyOfAsync(id, cancellationToken);
        return await ChangeAsync(id, key, actor, "edit an action item", (item, now) =>
        {
            item.Edit(fields, now);
            return $"Action item #{id} edited: {fields.Title} (owner {fields.Owner}, due {fields.DueDate:yyyy-MM-dd}).";
        }, cancellationToken);
    }

    public async Task<ActionItemView> ChangeStatusAsync(int id, string? status, string? reason, Actor actor, CancellationToken cancellationToken = default)
    {
        guard.Demand(actor, Permission.WriteTimeline, $"action item #{id}");
        var v = new Validator();
        var target = v.Parsed("status", status, ActionItemTerms.ParseStatus, "Status", ActionItemTerms.AllowedStatuses);
        var why = v.OptionalText("reason", reason, ActionItem.ReasonLength, "Reason");
        if (target == ActionItemStatus.WontDo && why is null)
        {
            v.Add("reason", "Say why this will not be done.");
        }
        v.ThrowIfInvalid();
        var key = await KeyOfAsync(id, cancellationToken);
        return await ChangeAsync(id, key, actor, "change an action item's status", (item, now) =>
        {
            item.ChangeStatus(target!.Value, why, now);
            return $"Action item #{id} “{item.Title}” is now {target.Value.Label().ToLowerInvariant()}" + (why is null ? "." : $": {why}");
        }, cancellationToken);
    }

    /// <summary>Removes an item created by mistake; only while it is still open.</summary>
    public async Task DeleteAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        guard.Demand(actor, Permission.WriteTimeline, $"action item #{id}");
        var key = await KeyOfAsync(id, cancellationToken);
        await incidents.ChangeWithAsync(key, actor, "delete an action item", async (incident, db, now) =>
        {
            var item = await db.Set<ActionItem>().SingleAsync(a => a.Id == id, cancellationToken);
            if (item.Status != ActionItemStatus.Open)
            {
                throw new InvalidTransitionException($"Action item #{id} is {item.Status.Label().ToLowerInvariant()}; mark it won't do instead of deleting it.");
            }
            db.Set<ActionItem>().Remove(item);
            return incident.Record(TimelineEntryKind.Note, $"Action item #{id} “{item.Title}” deleted.", actor.Name, now);
        }, cancellationToken);
        publisher.Publish([new ActionItemsChangedNotification(key)]);
    }

    /// <summary>The accounts an item can be given to (user name and display name), for owner pickers.</summary>
    public async Task<IReadOnlyList<(string UserName, string DisplayName)>> OwnersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().Where(u => u.OrgRole != OrgRole.Leadership)
            .Select(u => new { u.UserName, u.DisplayName }).ToListAsync(cancellationToken);
        return users.Select(u => (u.UserName!, u.DisplayName)).OrderBy(u => u.DisplayName, StringComparer.OrdinalIgnoreCase).ToList();
    }

    internal static async Task<IReadOnlyList<ActionItemView>> ViewsAsync(CommandCenterDbContext db, IQueryable<ActionItem> items, DateTime now,
        CancellationToken cancellationToken)
    {
        var rows = await items.AsNoTracking()
            .Join(db.Incidents.AsNoTracking().Include(i => i.AiSystem), a => a.IncidentId, i => i.Id,
                (a, i) => new { Item = a, i.Key, i.Title, Slug = i.AiSystem!.Slug })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new ActionItemView(r.Item.Id, r.Key, r.Title, r.Slug, r.Item.Source, r.Item.Title, r.Item.Kind, r.Item.Owner,
                r.Item.DueDate, r.Item.Priority, r.Item.TrackerUrl, r.Item.Status, r.Item.WontDoReason, r.Item.CreatedAt, r.Item.CreatedBy,
                r.Item.CompletedAt, r.Item.IsOverdue(now)))
            .OrderBy(v => v.DueDate).ThenBy(v => v.Id).ToList();
    }

    private async Task<ActionItemView> ChangeAsync(int id, string key, Actor actor, string what, Func<ActionItem, DateTime, string> change,
        CancellationToken cancellationToken)
    {
        await incidents.ChangeWithAsync(key, actor, what, async (incident, db, now) =>
        {
            var item = await db.Set<ActionItem>().SingleAsync(a => a.Id == id, cancellationToken);
            return incident.Record(TimelineEntryKind.Note, change(item, now), actor.Name, now);
        }, cancellationToken);
        publisher.Publish([new ActionItemsChangedNotification(key)]);
        return await GetAsync(id, cancellationToken);
    }

    private async Task<string> KeyOfAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<ActionItem>().Where(a => a.Id == id)
            .Join(db.Incidents, a => a.IncidentId, i => i.Id, (_, i) => i.Key).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"No action item #{id}.");
    }

    internal async Task<ActionItemFields> ValidateAsync(ActionItemInput input, CancellationToken cancellationToken)
    {
        var v = new Validator();
        var title = v.RequiredText("title", input.Title, ActionItem.TitleLength, "Title");
        var kind = v.Parsed("kind", input.Kind, ActionItemTerms.ParseKind, "Kind", ActionItemTerms.AllowedKinds);
        var priority = string.IsNullOrWhiteSpace(input.Priority) ? ActionItemPriority.Medium
            : v.Parsed("priority", input.Priority, ActionItemTerms.ParsePriority, "Priority", ActionItemTerms.AllowedPriorities);
        var owner = v.RequiredText("owner", input.Owner, Limits.PersonNameLength, "Owner");
        if (input.DueDate is null)
        {
            v.Add("dueDate", "Due date is required (yyyy-mm-dd).");
        }
        var url = v.OptionalText("trackerUrl", input.TrackerUrl, ActionItem.UrlLength, "Tracker URL");
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"))
        {
            v.Add("trackerUrl", "Tracker URL must be an absolute http:// or https:// address.");
        }
        if (owner is not null)
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            var normalized = owner.ToUpperInvariant();
            var account = await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalized)
                .Select(u => new { u.UserName, u.OrgRole }).SingleOrDefaultAsync(cancellationToken);
            if (account is null)
            {
                v.Add("owner", $"No account '{owner}'; the owner is an account user name.");
            }
            else if (account.OrgRole == OrgRole.Leadership)
            {
                v.Add("owner", $"{owner} has a read-only Leadership account and cannot work on items.");
            }
            else
            {
                owner = account.UserName;
            }
        }
        v.ThrowIfInvalid();
        return new ActionItemFields(title!, kind!.Value, owner!, DateTime.SpecifyKind(input.DueDate!.Value.Date, DateTimeKind.Utc), priority!.Value, url);
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
