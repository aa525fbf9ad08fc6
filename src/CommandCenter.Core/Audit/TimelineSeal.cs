using CommandCenter.Core.Incidents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommandCenter.Core.Audit;

/// <summary>
/// Seals every timeline entry with its keyed MAC as it is saved, whichever service appended it: the aggregate computes
/// the plain hash chain, and this adds what an attacker without the key cannot recompute.
/// </summary>
internal sealed class TimelineSeal(ChainKey key) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Seal(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Seal(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Seal(DbContext? context)
    {
        foreach (var added in context?.ChangeTracker.Entries<TimelineEntry>().Where(e => e.State == EntityState.Added) ?? [])
        {
            added.Entity.Seal(key);
        }
    }
}
