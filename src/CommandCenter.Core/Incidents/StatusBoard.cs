using CommandCenter.Core.Persistence;
using CommandCenter.Core.Regulatory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommandCenter.Core.Incidents;

/// <summary>One active incident as leadership sees it: where it stands and the next legal deadline.</summary>
public sealed record StatusBoardRow(IncidentSummary Incident, TimeSpan SinceDetection, RegulatoryClockView? NextDeadline);

/// <summary>Averages over resolved incidents (null until there is one).</summary>
public sealed record HeadlineMetrics(int Active, int ActiveSev1, int ResolvedLast30Days, TimeSpan? MeanTimeToDetect, TimeSpan? MeanTimeToContain,
    TimeSpan? MeanTimeToResolve, TimeSpan? MeanTimeToContext);

public sealed record StatusBoard(IReadOnlyList<StatusBoardRow> Rows, HeadlineMetrics Metrics, DateTime At);

/// <summary>The read-only view across all active incidents (and resolved ones with a deadline still open) for leadership.</summary>
public sealed class StatusBoardService(
    IDbContextFactory<CommandCenterDbContext> contextFactory,
    IOptions<RegulatoryOptions> regulatory,
    TimeProvider clock)
{
    public async Task<StatusBoard> GetAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Active incidents, and resolved ones whose regulatory deadline is not met yet: a deadline stays in sight until it is.
        var shown = await db.Incidents.AsNoTracking().Include(i => i.AiSystem).Include(i => i.Roles).Include(i => i.Clocks).AsSplitQuery()
            .WhereActiveOr(i => i.Status == IncidentStatus.Resolved && i.Clocks.Any(c => c.MetAt == null))
            .ToListAsync(cancellationToken);
        var active = shown.Where(i => i.Status.IsActive()).ToList();
        var since = now.AddDays(-30);
        var resolved = await db.Incidents.AsNoTracking()
            .Where(i => i.ResolvedAt != null && i.ResolvedAt >= since)
            .ToListAsync(cancellationToken);

        var rows = shown
            .OrderBy(i => i.Status.IsActive() ? 0 : 1).ThenBy(i => i.Severity).ThenBy(i => i.DetectedAt)
            .Select(i => new StatusBoardRow(i.ToSummary(), now - i.DetectedAt,
                i.Clocks.Where(c => c.MetAt is null).OrderBy(c => c.Deadline).Select(c => c.ToView(now, regulatory.Value)).FirstOrDefault()))
            .ToList();
        var metrics = new HeadlineMetrics(active.Count, active.Count(i => i.Severity == Severity.Sev1), resolved.Count,
            Mean(resolved.Select(i => i.Metrics.TimeToDetect)), Mean(resolved.Select(i => i.Metrics.TimeToContain)),
            Mean(resolved.Select(i => i.Metrics.TimeToResolve)), Mean(resolved.Concat(active).Select(i => i.Metrics.TimeToContext)));
        return new StatusBoard(rows, metrics, now);
    }

    private static TimeSpan? Mean(IEnumerable<TimeSpan?> spans)
    {
        var known = spans.OfType<TimeSpan>().ToList();
        return known.Count == 0 ? null : TimeSpan.FromTicks((long)known.Average(s => s.Ticks));
    }
}
