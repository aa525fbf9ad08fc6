using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Core.Detection;

/// <summary>Where candidates are kept between decisions and restarts (an interface so decisions are tested without a database).</summary>
public interface ICandidateStore
{
    Task<IReadOnlyList<IncidentCandidate>> LoadOpenAsync(CancellationToken cancellationToken);

    /// <summary>Any candidate by id, resolved ones too (a resolved candidate can still be promoted or dismissed).</summary>
    Task<IncidentCandidate?> FindAsync(long id, CancellationToken cancellationToken);

    Task SaveAsync(IReadOnlyCollection<IncidentCandidate> candidates, CancellationToken cancellationToken);
}

/// <summary>Candidates in SQLite, written through the one write gate.</summary>
public sealed class CandidateStore(IDbContextFactory<CommandCenterDbContext> contextFactory, WriteGate writeGate) : ICandidateStore
{
    public async Task<IReadOnlyList<IncidentCandidate>> LoadOpenAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Candidates.AsNoTracking().Where(c => c.ResolvedAt == null).ToListAsync(cancellationToken);
    }

    public async Task<IncidentCandidate?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Candidates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
    }

    public Task SaveAsync(IReadOnlyCollection<IncidentCandidate> candidates, CancellationToken cancellationToken) =>
        writeGate.RunAsync(async ct =>
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            foreach (var candidate in candidates)
            {
                db.Candidates.Attach(candidate);
                db.Entry(candidate).State = EntityState.Modified;
            }
            return await db.SaveChangesAsync(ct);
        }, cancellationToken);
}
