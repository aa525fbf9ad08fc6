using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommandCenter.Core.Detection;

/// <summary>How good detection is: false positives and duplicates among decided candidates, and how much grouping saves.</summary>
public sealed record DetectionMetrics(
    int Candidates,
    int AwaitingDecision,
    int AutoOpened,
    int Promoted,
    int Merged,
    int Dismissed,
    double? FalsePositiveRate,
    double? DuplicateRatio,
    long Signals,
    double? SignalsPerCandidate);

/// <summary>Reads candidates for the Candidates page and the API; decisions go through <see cref="DetectionEngine"/>.</summary>
public sealed class CandidateService(
    IDbContextFactory<CommandCenterDbContext> contextFactory,
    DetectionEngine engine,
    ISignalBacklog backlog,
    IOptions<DetectionOptions> options,
    AccessGuard guard)
{
    /// <summary>Candidates awaiting a decision first, then the most recent decided ones.</summary>
    public async Task<IReadOnlyList<CandidateView>> ListAsync(bool includeDecided = true, int take = 200,
        CancellationToken cancellationToken = default)
    {
        await backlog.CaughtUpAsync(cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var waiting = await db.Candidates.AsNoTracking()
            .Where(c => c.Status == CandidateStatus.Forming || c.Status == CandidateStatus.Pending)
            .OrderByDescending(c => c.LastTriggerReceivedAt).Take(take)
            .ToListAsync(cancellationToken);
        var decided = includeDecided
            ? await db.Candidates.AsNoTracking()
                .Where(c => c.Status == CandidateStatus.Incident || c.Status == CandidateStatus.Dismissed)
                .OrderByDescending(c => c.DecidedAt).Take(take)
                .ToListAsync(cancellationToken)
            : [];
        return waiting.OrderBy(c => c.ResolvedAt is not null).ThenBy(c => c.Severity).ThenByDescending(c => c.LastTriggerReceivedAt)
            .Concat(decided)
            .Select(View)
            .ToList();
    }

    public async Task<CandidateView> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await backlog.CaughtUpAsync(cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var candidate = await db.Candidates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No candidate #{id}.");
        return View(candidate);
    }

    /// <summary>Opens an incident from the candidate; <paramref name="choices"/> correct the estimates (null keeps them).</summary>
    public Task<CandidateView> PromoteAsync(long id, Actor actor, PromoteCandidate? choices = null, CancellationToken cancellationToken = default) =>
        guard.AuditedAsync(actor, Permission.DecideCandidates, $"candidate #{id}", new { id, choices }, () =>
            engine.PromoteAsync(id, actor.Name, choices ?? new PromoteCandidate(), cancellationToken));

    public Task<CandidateView> MergeAsync(long id, string incidentKey, Actor actor, CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.DecideCandidates, $"candidate #{id}", new { id, incidentKey }, () =>
    {
        return engine.MergeAsync(id, incidentKey, actor.Name, cancellationToken);
    });

    public Task<CandidateView> DismissAsync(long id, string reason, Actor actor, CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.DecideCandidates, $"candidate #{id}", new { id, reason }, () =>
    {
        return engine.DismissAsync(id, reason, actor.Name, cancellationToken);
    });

    /// <summary>Candidates forming or pending: what waits for a responder (cheap: one count on an indexed table).</summary>
    public async Task<int> CountAwaitingAsync(CancellationToken cancellationToken = default)
    {
        await backlog.CaughtUpAsync(cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Candidates.CountAsync(c => c.Status == CandidateStatus.Forming || c.Status == CandidateStatus.Pending, cancellationToken);
    }

    public async Task<DetectionMetrics> MetricsAsync(CancellationToken cancellationToken = default)
    {
        await backlog.CaughtUpAsync(cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var byDecision = await db.Candidates.AsNoTracking().GroupBy(c => c.Decision)
            .Select(g => new { Decision = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var awaiting = await db.Candidates.CountAsync(c => c.Status == CandidateStatus.Forming || c.Status == CandidateStatus.Pending,
            cancellationToken);
        var signals = await db.Signals.LongCountAsync(cancellationToken);
        int Count(CandidateDecision d) => byDecision.SingleOrDefault(x => x.Decision == d)?.Count ?? 0;
        return Compute(byDecision.Sum(x => x.Count), awaiting, Count(CandidateDecision.AutoOpened), Count(CandidateDecision.Promoted),
            Count(CandidateDecision.Merged), Count(CandidateDecision.Dismissed), signals);
    }

    /// <summary>
    /// False-positive rate: dismissed among decided candidates. Duplicate ratio: merged (it was already an incident)
    /// among candidates that turned out real.
    /// </summary>
    public static DetectionMetrics Compute(int candidates, int awaiting, int autoOpened, int promoted, int merged, int dismissed, long signals)
    {
        var decided = autoOpened + promoted + merged + dismissed;
        var real = autoOpened + promoted + merged;
        return new DetectionMetrics(candidates, awaiting, autoOpened, promoted, merged, dismissed,
            decided == 0 ? null : (double)dismissed / decided,
            real == 0 ? null : (double)merged / real,
            signals,
            candidates == 0 ? null : (double)signals / candidates);
    }

    private CandidateView View(IncidentCandidate candidate) => candidate.ToView(options.Value.For(candidate.Source));
}

/// <summary>
/// A responder's promotion of a candidate, as typed (codes are parsed and checked by Core): blank title, severity or
/// archetype keep the estimate; the promoter becomes Incident Commander unless <see cref="TakeCommand"/> is false.
/// </summary>
public sealed record PromoteCandidate(string? Title = null, string? Severity = null, string? Archetype = null, bool TakeCommand = true);
