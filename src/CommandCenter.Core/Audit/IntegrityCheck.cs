using CommandCenter.Core.Incidents;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Core.Audit;

/// <summary>
/// Verifies the audit trail and every incident timeline: at start-up (logged, and kept for the health check) and on
/// demand. Also seals the timeline rows that existed before the MAC did, once, right after that migration ran.
/// </summary>
public sealed partial class IntegrityCheck(
    IDbContextFactory<CommandCenterDbContext> contextFactory,
    AuditTrail auditTrail,
    AuditAccess access,
    ChainKey key,
    TimeProvider clock,
    ILogger<IntegrityCheck> logger)
{
    public const string MacMigration = "20261202121000_Audit";

    /// <summary>The result of the last verification (null before the first), read by the health check.</summary>
    public IntegrityReport? Last { get; private set; }

    /// <summary>Called by the database initializer after migrating; <paramref name="appliedMigrations"/> are the ones it just applied.</summary>
    public async Task AfterMigrationAsync(IReadOnlyCollection<string> appliedMigrations, CancellationToken cancellationToken)
    {
        if (appliedMigrations.Contains(MacMigration))
        {
            var sealedRows = await SealLegacyTimelineAsync(cancellationToken);
            if (sealedRows > 0)
            {
                LogSealed(sealedRows, key.Source);
            }
        }
        var report = await VerifyAsync(cancellationToken);
        if (report.Intact)
        {
            LogIntact(report.Describe());
        }
    }

    public async Task<IntegrityReport> VerifyAsync(Accounts.Actor actor, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(actor, cancellationToken);
        return await VerifyAsync(cancellationToken);
    }

    private async Task<IntegrityReport> VerifyAsync(CancellationToken cancellationToken)
    {
        var audit = await auditTrail.VerifyAsync(cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var keys = await db.Incidents.AsNoTracking().Select(i => new { i.Id, i.Key }).ToListAsync(cancellationToken);
        var timelines = new List<ChainVerification>();
        foreach (var incident in keys)
        {
            var entries = await db.TimelineEntries.AsNoTracking().Where(e => e.IncidentId == incident.Id).ToListAsync(cancellationToken);
            var broken = TimelineEntry.FindBrokenLink(entries, key);
            timelines.Add(new ChainVerification($"Timeline of {incident.Key}", entries.Count, broken is { } b ? b - 1 : entries.Count, broken,
                clock.GetUtcNow().UtcDateTime));
        }
        var report = new IntegrityReport(audit, timelines.Where(t => !t.Intact).ToList(), timelines.Count, clock.GetUtcNow().UtcDateTime);
        foreach (var brokenTimeline in report.BrokenTimelines)
        {
            LogBroken(brokenTimeline.Describe());
        }
        Last = report;
        return report;
    }

    /// <summary>Gives each timeline row written before the MAC existed its MAC (the append-only trigger is lifted for this one update).</summary>
    private async Task<int> SealLegacyTimelineAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = await db.TimelineEntries.AsNoTracking().Where(e => e.Mac == "").Select(e => new { e.Id, e.Hash }).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return 0;
        }
        await db.Database.ExecuteSqlRawAsync("""DROP TRIGGER "TimelineEntries_NoUpdate";""", cancellationToken);
        foreach (var row in rows)
        {
            var mac = key.Mac(row.Hash);
            await db.Database.ExecuteSqlAsync($"""UPDATE "TimelineEntries" SET "Mac" = {mac} WHERE "Id" = {row.Id}""", cancellationToken);
        }
        await db.Database.ExecuteSqlRawAsync("""
            CREATE TRIGGER "TimelineEntries_NoUpdate" BEFORE UPDATE ON "TimelineEntries"
            BEGIN SELECT RAISE(ABORT, 'timeline entries are append-only: record a correction instead'); END;
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }

    [LoggerMessage(LogLevel.Information, "Sealed {Count} timeline entries written before the keyed MAC existed (key: {KeySource})")]
    private partial void LogSealed(int count, string keySource);

    [LoggerMessage(LogLevel.Information, "Integrity verified: {Result}")]
    private partial void LogIntact(string result);

    [LoggerMessage(LogLevel.Critical, "Integrity check failed: {Result}")]
    private partial void LogBroken(string result);
}

/// <summary>The audit trail's verification and the timelines that failed theirs.</summary>
public sealed record IntegrityReport(ChainVerification AuditTrail, IReadOnlyList<ChainVerification> BrokenTimelines, int TimelinesChecked,
    DateTime VerifiedAt)
{
    public bool Intact => AuditTrail.Intact && BrokenTimelines.Count == 0;

    public string Describe() => Intact
        ? $"{AuditTrail.Describe()} {TimelinesChecked} incident timelines intact."
        : string.Join(" ", [AuditTrail.Describe(), .. BrokenTimelines.Select(t => t.Describe())]);
}
