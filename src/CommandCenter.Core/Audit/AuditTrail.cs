using System.Globalization;
using System.Text;
using System.Text.Json;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Core.Audit;

/// <summary>Where <see cref="AccessGuard"/> writes every command down.</summary>
public interface IAuditTrail
{
    Task RecordAsync(AuditRecord record);
}

/// <summary>A search of the trail; every part optional. Text parts match anywhere, case-insensitively.</summary>
public sealed record AuditQuery(string? Who = null, string? What = null, string? Target = null, DateTime? From = null, DateTime? To = null,
    string? Outcome = null, int Take = 500);

/// <summary>
/// The audit trail: appends entries (each in its own committed transaction, through the <see cref="WriteGate"/>),
/// searches and exports them for administrators and Legal, and verifies the chain.
/// </summary>
public sealed partial class AuditTrail(
    IDbContextFactory<CommandCenterDbContext> contextFactory,
    WriteGate writeGate,
    ChainKey key,
    AuditAccess access,
    TimeProvider clock,
    ILogger<AuditTrail> logger) : IAuditTrail
{
    public async Task RecordAsync(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        // Not cancellable: a command that ran (or was refused) is written down even if its caller has gone away.
        await writeGate.RunAsync(async ct =>
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            // BEGIN IMMEDIATE: another process appending at the same time waits here instead of taking the same sequence.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Mac }).FirstOrDefaultAsync(ct);
            db.AuditEntries.Add(new AuditEntry((last?.Sequence ?? 0) + 1, clock.GetUtcNow().UtcDateTime, record,
                last?.Mac ?? AuditEntry.GenesisMac, key));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return 0;
        }, CancellationToken.None);
    }

    /// <summary>Reads the whole trail and checks every link and MAC.</summary>
    public async Task<ChainVerification> VerifyAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(actor, cancellationToken);
        return await VerifyAsync(cancellationToken);
    }

    internal async Task<ChainVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var entries = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        var broken = AuditEntry.FindBrokenLink(entries, key);
        var intactUpTo = broken is { } b ? b - 1 : entries.Count;
        var result = new ChainVerification("Audit trail", entries.Count, intactUpTo, broken, clock.GetUtcNow().UtcDateTime);
        if (broken is not null)
        {
            LogBroken(result.Describe());
        }
        return result;
    }

    public async Task<IReadOnlyList<AuditEntryView>> SearchAsync(AuditQuery query, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await access.DemandAsync(actor, cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var q = db.AuditEntries.AsNoTracking();
        if (Like(query.Who) is { } who)
        {
            q = q.Where(e => EF.Functions.Like(e.UserName ?? "", who) || EF.Functions.Like(e.DisplayName, who));
        }
        if (Like(query.What) is { } what)
        {
            q = q.Where(e => EF.Functions.Like(e.Command, what) || EF.Functions.Like(e.Arguments, what));
        }
        if (Like(query.Target) is { } target)
        {
            q = q.Where(e => EF.Functions.Like(e.Target ?? "", target));
        }
        if (query.From is { } from)
        {
            q = q.Where(e => e.At >= from);
        }
        if (query.To is { } to)
        {
            q = q.Where(e => e.At <= to);
        }
        if (Enum.TryParse<AuditOutcome>(query.Outcome, ignoreCase: true, out var outcome))
        {
            q = q.Where(e => e.Outcome == outcome);
        }
        var entries = await q.OrderByDescending(e => e.Sequence).Take(Math.Clamp(query.Take, 1, 10_000)).ToListAsync(cancellationToken);
        return entries.Select(e => e.ToView()).ToList();
    }

    public static string ToJson(IReadOnlyList<AuditEntryView> entries) =>
        JsonSerializer.Serialize(entries, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });

    /// <summary>RFC 4180 CSV; a cell that a spreadsheet would run as a formula gets a leading apostrophe.</summary>
    public static string ToCsv(IReadOnlyList<AuditEntryView> entries)
    {
        var csv = new StringBuilder("sequence,at,user,name,role,command,arguments,target,address,user_agent,api_key_prefix,outcome,reason,mac\r\n");
        foreach (var e in entries)
        {
            csv.AppendJoin(',', new[]
            {
                e.Sequence.ToString(CultureInfo.InvariantCulture), e.At.ToString("O", CultureInfo.InvariantCulture), e.UserName, e.DisplayName,
                e.Role, e.Command, e.Arguments, e.Target, e.Address, e.UserAgent, e.ApiKeyPrefix, e.Outcome, e.Reason, e.Mac,
            }.Select(Cell)).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Cell(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && "=+-@\t\r".Contains(text[0], StringComparison.Ordinal))
        {
            text = "'" + text;
        }
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private static string? Like(string? text) => string.IsNullOrWhiteSpace(text)
        ? null
        : "%" + text.Trim().Replace("\\", "", StringComparison.Ordinal).Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%";

    [LoggerMessage(LogLevel.Critical, "Integrity check failed: {Result}")]
    private partial void LogBroken(string result);
}

/// <summary>
/// Who may read the audit trail: administrators, and responders who hold the Legal/Compliance Liaison seat on any
/// incident (the people who answer to regulators and courts). Leadership and other responders may not: the trail
/// carries every account's addresses and every incident's commands.
/// </summary>
public sealed class AuditAccess(IDbContextFactory<CommandCenterDbContext> contextFactory)
{
    public async Task<bool> MayReadAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Role == OrgRole.Administrator)
        {
            return true;
        }
        if (actor.Role != OrgRole.Responder)
        {
            return false;
        }
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var name = actor.Name.Trim().ToLower();
        return await db.RoleAssignments.AnyAsync(r => r.Role == Incidents.IncidentRole.LegalLiaison && r.Person.ToLower() == name, cancellationToken);
    }

    public async Task DemandAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (!await MayReadAsync(actor, cancellationToken))
        {
            throw new Common.ForbiddenActionException(
                "Only administrators and the Legal/Compliance Liaison of an incident can read the audit trail.");
        }
    }
}
