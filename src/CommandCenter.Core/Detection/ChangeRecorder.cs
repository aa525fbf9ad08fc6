using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Core.Detection;

/// <summary>Stores change events (deploys, rollbacks, prompt, index, guardrail, config and flag changes) for the triage pack.</summary>
public sealed class ChangeRecorder(
    IDbContextFactory<CommandCenterDbContext> contextFactory,
    WriteGate writeGate,
    SystemDirectory systems,
    TimeProvider clock) : IChangeRecorder
{
    public static string AllowedKinds { get; } = string.Join(", ", Enum.GetValues<ChangeKind>().Select(Code));

    public async Task<(ChangeView Change, bool Created)> RecordAsync(string source, RecordChange change, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var v = new Validator();
        var sourceName = v.RequiredText("source", source, DetectionLimits.SourceLength, "Source");
        var systemRef = v.RequiredText("system", change.System, Limits.SystemNameLength, "System");
        var system = systemRef is null ? null : await systems.FindAsync(systemRef, cancellationToken);
        if (systemRef is not null && system is null)
        {
            v.Add("system", $"No AI system '{systemRef}' in the inventory.");
        }
        var kind = v.Parsed("kind", change.Kind, ParseKind, "Kind", AllowedKinds);
        var summary = v.RequiredText("summary", change.Summary, DetectionLimits.SummaryLength, "Summary");
        var from = v.OptionalText("fromVersion", change.FromVersion, DetectionLimits.VersionLength, "From version");
        var to = v.OptionalText("toVersion", change.ToVersion, DetectionLimits.VersionLength, "To version");
        var author = v.OptionalText("author", change.Author, Limits.PersonNameLength, "Author");
        var explicitKey = v.OptionalText("id", change.IdempotencyKey, DetectionLimits.IdempotencyKeyLength - 3, "Id");
        var occurredAt = change.OccurredAt?.AsUtc() ?? now;
        if (occurredAt > now + Incident.AllowedClockSkew)
        {
            v.Add("occurredAt", $"occurredAt {occurredAt:O} is in the future (server time is {now:O}).");
        }
        v.ThrowIfInvalid();

        var idempotencyKey = explicitKey is not null
            ? "id:" + explicitKey
            : SignalPreparation.ContentKey(system!.Slug, kind!.Value.ToString(), null, null,
                new Dictionary<string, string> { ["from"] = from ?? "", ["to"] = to ?? "", ["author"] = author ?? "" },
                null, change.OccurredAt, SignalAction.Trigger, summary);

        return await writeGate.RunAsync(async ct =>
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            var existing = await db.Changes.AsNoTracking().Include(c => c.AiSystem)
                .SingleOrDefaultAsync(c => c.Source == sourceName && c.IdempotencyKey == idempotencyKey, ct);
            if (existing is not null)
            {
                return (existing.ToView(), false);
            }
            var entity = await db.AiSystems.SingleAsync(s => s.Id == system!.Id, ct);
            var stored = new ChangeEvent(entity, kind!.Value, summary!, from, to, author, sourceName!, idempotencyKey,
                occurredAt > now ? now : occurredAt, now);
            db.Changes.Add(stored);
            ApplyToInventory(entity, stored, sourceName!);
            await db.SaveChangesAsync(ct);
            return (stored.ToView(), true);
        }, cancellationToken);
    }

    /// <summary>
    /// Keeps the inventory current: a reported model deploy or rollback, or a system-prompt change, with a target version
    /// updates the system's versions in the same write, so war rooms and triage packs do not show the replaced one.
    /// </summary>
    private static void ApplyToInventory(Systems.AiSystem system, ChangeEvent change, string source)
    {
        if (change.ToVersion is not { } version)
        {
            return;
        }
        var by = $"change feed ({source})";
        _ = change.Kind switch
        {
            ChangeKind.ModelDeploy => system.ModelDeployed(version, by, change.RecordedAt),
            ChangeKind.ModelRollback => system.ModelRolledBack(version, by, change.RecordedAt),
            ChangeKind.SystemPrompt => system.SystemPromptChanged(version, by, change.RecordedAt),
            _ => false,
        };
    }

    /// <summary>Changes to any of <paramref name="systemIds"/> between the two times, newest first.</summary>
    public async Task<IReadOnlyList<ChangeView>> ListAsync(IReadOnlyCollection<int> systemIds, DateTime from, DateTime to,
        int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var changes = await db.Changes.AsNoTracking().Include(c => c.AiSystem)
            .Where(c => systemIds.Contains(c.AiSystemId) && c.OccurredAt >= from && c.OccurredAt <= to)
            .OrderByDescending(c => c.OccurredAt).ThenByDescending(c => c.Id)
            .Take(take)
            .ToListAsync(cancellationToken);
        return changes.Select(c => c.ToView()).ToList();
    }

    public static string Code(ChangeKind kind) => kind switch
    {
        ChangeKind.ModelDeploy => "model-deploy",
        ChangeKind.ModelRollback => "model-rollback",
        ChangeKind.SystemPrompt => "system-prompt",
        ChangeKind.RetrievalIndex => "retrieval-index",
        ChangeKind.Guardrail => "guardrail",
        ChangeKind.Config => "config",
        _ => "feature-flag",
    };

    public static ChangeKind? ParseKind(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var normalized = new string(value.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        foreach (var kind in Enum.GetValues<ChangeKind>())
        {
            if (new string(Code(kind).Where(char.IsLetterOrDigit).ToArray()) == normalized || kind.ToString().ToLowerInvariant() == normalized)
            {
                return kind;
            }
        }
        return null;
    }
}
