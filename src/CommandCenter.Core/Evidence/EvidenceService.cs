using System.Text;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommandCenter.Core.Evidence;

/// <summary>A new artefact: either <see cref="Text"/> (pasted) or <see cref="Content"/> (an uploaded file).</summary>
public sealed record AddEvidence(string? Kind, string? Title, string? Source, string? Text = null, Stream? Content = null,
    string? ContentType = null, string? FileName = null);

/// <summary>
/// Evidence per incident: collected through the war room or the API, stored content-addressed and immutable, with a
/// custody log of every collection, view and download. Viewing writes a custody event on purpose: who looked at the
/// evidence is part of the evidence.
/// </summary>
public sealed class EvidenceService(
    IDbContextFactory<CommandCenterDbContext> contextFactory,
    IncidentWriter incidents,
    IEvidenceStore store,
    IOptions<EvidenceOptions> options,
    WriteGate writeGate,
    TimeProvider clock,
    AccessGuard guard)
{
    public const int TitleLength = 200;
    public const int SourceLength = 500;

    public Task<EvidenceView> AddAsync(string key, AddEvidence command, Actor actor, CancellationToken cancellationToken = default) =>
        guard.AuditedAsync(actor, Permission.WriteTimeline, key,
            new { key, command.Kind, command.Title, command.Source, command.ContentType, command.FileName, textLength = command.Text?.Length }, async () =>
    {
        var v = new Validator();
        var kind = v.Parsed("kind", command.Kind, EvidenceKinds.Parse, "Kind", EvidenceKinds.Allowed);
        var title = v.RequiredText("title", command.Title, TitleLength, "Title");
        var source = v.RequiredText("source", command.Source, SourceLength, "Source");
        var field = command.Content is null ? "text" : "file";
        if (command.Content is null && string.IsNullOrEmpty(command.Text))
        {
            v.Add("text", "Paste the text, or upload a file.");
        }
        var contentType = NormalizeType(command.Content is null ? "text/plain" : command.ContentType);
        if (command.Content is not null && !options.Value.AllowedContentTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase))
        {
            v.Add("file", $"Files of type '{contentType}' are not accepted; allowed: {string.Join(", ", options.Value.AllowedContentTypes)}.");
        }
        v.ThrowIfInvalid();

        await using var content = command.Content ?? new MemoryStream(Encoding.UTF8.GetBytes(command.Text!));
        var stored = await store.PutAsync(content, contentType, options.Value.MaxBytes, cancellationToken)
            ?? throw ValidationException.For(field, $"Evidence can be at most {options.Value.MaxBytes / (1024 * 1024)} MB ({options.Value.MaxBytes} bytes).");
        return await SaveAsync(key, actor, "collect evidence", stored, (incidentId, now) => new EvidenceItem(incidentId, kind!.Value, title!, source!,
            stored, Path.GetFileName(command.FileName), actor.Name, now), cancellationToken);
    });

    /// <summary>Makes a shared copy of a text artefact with e-mail addresses and phone numbers redacted; the original stays as it is.</summary>
    public Task<EvidenceView> RedactedCopyAsync(string key, long id, Actor actor, CancellationToken cancellationToken = default) =>
        guard.AuditedAsync(actor, Permission.WriteTimeline, key, new { key, id }, async () =>
    {
        var original = await FindAsync(key, id, cancellationToken);
        if (!original.IsText)
        {
            throw new InvalidTransitionException("Only text evidence can be redacted; upload a redacted screenshot as new evidence instead.");
        }
        var (text, emails, phones) = PiiRedaction.Redact(await ReadTextAsync(original.Sha256));
        var stored = await store.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), original.ContentType, long.MaxValue, cancellationToken)
            ?? throw new InvalidOperationException("The redacted copy could not be stored.");
        return await SaveAsync(key, actor, "redact evidence", stored, (incidentId, now) =>
            new EvidenceItem(incidentId, original.Kind, $"{original.Title} (redacted: {emails} e-mail, {phones} phone)",
                original.Source, stored, original.FileName, actor.Name, now, redactedFromId: original.Id), cancellationToken, original.Id);
    });

    public async Task<IReadOnlyList<EvidenceView>> ListAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var incident = await IncidentIdAsync(db, key, cancellationToken);
        var items = await db.EvidenceItems.AsNoTracking().Include(e => e.Custody).Where(e => e.IncidentId == incident.Id)
            .OrderByDescending(e => e.CollectedAt).ToListAsync(cancellationToken);
        return items.Select(e => ToView(e, incident.Key)).ToList();
    }

    /// <summary>One artefact's metadata and custody log; the look is logged as a custody event.</summary>
    public async Task<EvidenceView> ViewAsync(string key, long id, Actor actor, CancellationToken cancellationToken = default)
    {
        var item = await LogAsync(key, id, actor, CustodyAction.Viewed, cancellationToken, needsContent: false);
        return ToView(item, IncidentKey.Normalize(key));
    }

    /// <summary>The bytes of one artefact; the download is logged as a custody event first.</summary>
    public async Task<(EvidenceView Evidence, Stream Content)> OpenAsync(string key, long id, Actor actor, CancellationToken cancellationToken = default)
    {
        var item = await LogAsync(key, id, actor, CustodyAction.Downloaded, cancellationToken);
        var content = store.Open(item.Sha256) ?? throw new NotFoundException($"The content of evidence #{id} is missing from the store.");
        return (ToView(item, IncidentKey.Normalize(key)), content);
    }

    /// <summary>Line diff of two text artefacts of the incident (e.g. two system-prompt versions); both reads are logged.</summary>
    public async Task<IReadOnlyList<DiffLine>> DiffAsync(string key, long olderId, long newerId, Actor actor, CancellationToken cancellationToken = default)
    {
        var older = await LogAsync(key, olderId, actor, CustodyAction.Viewed, cancellationToken, "compared");
        var newer = await LogAsync(key, newerId, actor, CustodyAction.Viewed, cancellationToken, "compared");
        if (!older.IsText || !newer.IsText)
        {
            throw new InvalidTransitionException("Only text evidence can be compared.");
        }
        return LineDiff.Compare(await ReadTextAsync(older.Sha256), await ReadTextAsync(newer.Sha256));
    }

    /// <summary>The text of a text artefact (at most 1 MB shown); the read is logged.</summary>
    public async Task<string> ReadTextAsync(string key, long id, Actor actor, CancellationToken cancellationToken = default)
    {
        var item = await LogAsync(key, id, actor, CustodyAction.Viewed, cancellationToken, "read as text");
        if (!item.IsText)
        {
            throw new InvalidTransitionException("This evidence is not text; download it instead.");
        }
        return await ReadTextAsync(item.Sha256);
    }

    /// <summary>Whether <paramref name="actor"/> may delete this incident's evidence now, or why not (legal hold); for the view.</summary>
    public async Task<EvidenceDeletion> DeletionForAsync(string key, Actor actor, CancellationToken cancellationToken = default)
    {
        var incident = await incidents.LoadIncidentAsync(key, cancellationToken);
        return EvidenceDeletionPolicy.MayDelete(incident, actor)
            ? new EvidenceDeletion(incident.LegalHold is false, EvidenceDeletionPolicy.WhyKept(incident))
            : EvidenceDeletion.NotAllowed;
    }

    /// <summary>
    /// Deletes an artefact's content from the store (Incident Commander or administrator, with a reason; never under legal
    /// hold). Metadata, hash and custody log stay, with the custody event "deleted by X: reason".
    /// </summary>
    public Task<EvidenceView> DeleteAsync(string key, long id, string? reason, Actor actor, CancellationToken cancellationToken = default) =>
        guard.AuditedAsync(actor, Permission.WriteTimeline, key, new { key, id, reason }, async () =>
    {
        var v = new Validator();
        var why = v.RequiredText("reason", reason, SourceLength, "Reason");
        v.ThrowIfInvalid();
        var incident = await incidents.LoadIncidentAsync(key, cancellationToken);
        if (!EvidenceDeletionPolicy.MayDelete(incident, actor))
        {
            throw new ForbiddenActionException(EvidenceDeletionPolicy.WhoMayDelete(incident));
        }
        var item = await writeGate.RunAsync(async ct =>
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Read again inside the write: a hold placed since the check above still wins.
            var current = await db.Incidents.AsNoTracking().SingleAsync(i => i.Id == incident.Id, ct);
            if (EvidenceDeletionPolicy.WhyKept(current) is { } kept)
            {
                throw new InvalidTransitionException(kept);
            }
            var found = await db.EvidenceItems.Include(e => e.Custody).SingleOrDefaultAsync(e => e.Id == id && e.IncidentId == incident.Id, ct)
                ?? throw new NotFoundException($"{incident.Key} has no evidence #{id}.");
            if (found.ContentRemoved)
            {
                throw new InvalidTransitionException($"The content of evidence #{id} was already deleted.");
            }
            found.Log(CustodyAction.Deleted, actor.Name, clock.GetUtcNow().UtcDateTime, $"deleted by {actor.Name}: {why}");
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return found;
        }, cancellationToken);
        await RemoveUnreferencedAsync([item.Sha256], cancellationToken);
        return ToView(item, incident.Key);
    });

    /// <summary>
    /// The retention job's pass: deletes the content of every artefact whose incident was closed more than
    /// <see cref="EvidenceOptions.RetentionDays"/> ago and is not under legal hold ("purged by retention"). Returns how many.
    /// </summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default)
    {
        var retention = options.Value.RetentionAfterClosure;
        var cutoff = clock.GetUtcNow().UtcDateTime - retention;
        if (await DueForPurgeAsync(cutoff, cancellationToken) == 0)
        {
            return 0;
        }
        return await guard.AuditedAsync(Actor.Automation(RetentionActor), Permission.WriteTimeline, null, new { cutoff, options.Value.RetentionDays }, async () =>
        {
            var purged = await writeGate.RunAsync(async ct =>
            {
                await using var db = await contextFactory.CreateDbContextAsync(ct);
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var incidentsDue = await db.Incidents.AsNoTracking().Where(i => i.ClosedAt != null && i.ClosedAt <= cutoff && !i.LegalHold)
                    .Select(i => new { i.Id, i.ClosedAt }).ToDictionaryAsync(i => i.Id, i => i.ClosedAt!.Value, ct);
                var ids = incidentsDue.Keys.ToList();
                var items = (await db.EvidenceItems.Include(e => e.Custody).Where(e => ids.Contains(e.IncidentId)).ToListAsync(ct))
                    .Where(e => !e.ContentRemoved).ToList();
                var now = clock.GetUtcNow().UtcDateTime;
                foreach (var item in items)
                {
                    item.Log(CustodyAction.Purged, RetentionActor, now,
                        $"purged by retention ({options.Value.RetentionDays} days after closure on {incidentsDue[item.IncidentId]:yyyy-MM-dd})");
                }
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return items;
            }, cancellationToken);
            await RemoveUnreferencedAsync(purged.Select(i => i.Sha256), cancellationToken);
            return purged.Count;
        });
    }

    public const string RetentionActor = "Evidence retention";

    private async Task<int> DueForPurgeAsync(DateTime cutoff, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ids = await db.Incidents.AsNoTracking().Where(i => i.ClosedAt != null && i.ClosedAt <= cutoff && !i.LegalHold).Select(i => i.Id)
            .ToListAsync(cancellationToken);
        return (await db.EvidenceItems.AsNoTracking().Include(e => e.Custody).Where(e => ids.Contains(e.IncidentId)).ToListAsync(cancellationToken))
            .Count(e => !e.ContentRemoved);
    }

    // The store keeps identical bytes once: they go only when no artefact that still has content points at them.
    private async Task RemoveUnreferencedAsync(IEnumerable<string> hashes, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        foreach (var sha256 in hashes.Distinct())
        {
            var holders = await db.EvidenceItems.AsNoTracking().Include(e => e.Custody).Where(e => e.Sha256 == sha256).ToListAsync(cancellationToken);
            if (holders.All(e => e.ContentRemoved))
            {
                store.Delete(sha256);
            }
        }
    }

    private async Task<string> ReadTextAsync(string sha256)
    {
        await using var stream = store.Open(sha256) ?? throw new NotFoundException("The evidence content is missing from the store.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[1024 * 1024];
        var read = await reader.ReadBlockAsync(buffer);
        return new string(buffer, 0, read);
    }

    private async Task<EvidenceView> SaveAsync(string key, Actor actor, string what, StoredContent stored,
        Func<int, DateTime, EvidenceItem> create, CancellationToken cancellationToken, long? copiedFrom = null)
    {
        EvidenceItem? item = null;
        await incidents.ChangeWithAsync(key, actor, what, async (incident, db, now) =>
        {
            item = create(incident.Id, now);
            db.EvidenceItems.Add(item);
            if (copiedFrom is { } originalId)
            {
                var original = await db.EvidenceItems.Include(e => e.Custody).SingleAsync(e => e.Id == originalId, cancellationToken);
                original.Log(CustodyAction.RedactedCopyMade, actor.Name, now, "a redacted shared copy was made");
            }
            return incident.Record(TimelineEntryKind.Note,
                $"Evidence collected: {item.Kind.Label()} “{item.Title}” from {item.Source} (SHA-256 {stored.Sha256[..12]}…, {stored.Size} bytes).",
                actor.Name, now);
        }, cancellationToken);
        return ToView(item!, IncidentKey.Normalize(key));
    }

    private async Task<EvidenceItem> LogAsync(string key, long id, Actor actor, CustodyAction action, CancellationToken cancellationToken,
        string? detail = null, bool needsContent = true) =>
        await writeGate.RunAsync(async ct =>
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            var incident = await IncidentIdAsync(db, key, ct);
            var item = await db.EvidenceItems.Include(e => e.Custody).SingleOrDefaultAsync(e => e.Id == id && e.IncidentId == incident.Id, ct)
                ?? throw new NotFoundException($"{incident.Key} has no evidence #{id}.");
            if (needsContent)
            {
                EnsureContent(item);
            }
            item.Log(action, actor.Name, clock.GetUtcNow().UtcDateTime, detail);
            await db.SaveChangesAsync(ct);
            return item;
        }, cancellationToken);

    private async Task<EvidenceItem> FindAsync(string key, long id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var incident = await IncidentIdAsync(db, key, cancellationToken);
        return EnsureContent(await db.EvidenceItems.AsNoTracking().Include(e => e.Custody)
            .SingleOrDefaultAsync(e => e.Id == id && e.IncidentId == incident.Id, cancellationToken)
            ?? throw new NotFoundException($"{incident.Key} has no evidence #{id}."));
    }

    private static EvidenceItem EnsureContent(EvidenceItem item) => item.ContentRemoved
        ? throw new InvalidTransitionException(
            $"The content of evidence #{item.Id} was deleted ({item.Custody.Last(c => c.Action is CustodyAction.Deleted or CustodyAction.Purged).Detail}); its hash and custody log remain.")
        : item;

    private static async Task<(int Id, string Key)> IncidentIdAsync(CommandCenterDbContext db, string key, CancellationToken cancellationToken)
    {
        var normalized = IncidentKey.Normalize(key);
        var id = await db.Incidents.Where(i => i.Key == normalized).Select(i => (int?)i.Id).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"No incident {key}.");
        return (id, normalized);
    }

    private static string NormalizeType(string? contentType) =>
        (contentType ?? "application/octet-stream").Split(';')[0].Trim().ToLowerInvariant();

    private static EvidenceView ToView(EvidenceItem e, string incidentKey) => new(e.Id, incidentKey, e.Kind.Code(), e.Kind.Label(), e.Title,
        e.Source, e.Sha256, e.Size, e.ContentType, e.FileName, e.CollectedBy, e.CollectedAt, e.RedactedFromId, e.IsText,
        e.Custody.OrderBy(c => c.At).ThenBy(c => c.Id).Select(c => new CustodyEventView(c.Action, c.Who, c.At, c.Detail)).ToList(), e.ContentRemoved);
}
