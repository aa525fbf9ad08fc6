using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Core.Detection;

/// <summary>
/// The inventory as ingestion needs it: slug or name to system, from memory. Thousands of signals a second must not
/// each query the database; a miss reloads (at most once a second, so a flood of unknown systems cannot hammer it).
/// </summary>
public sealed class SystemDirectory(IDbContextFactory<CommandCenterDbContext> contextFactory, TimeProvider clock) : Systems.IInventoryListener
{
    private static readonly TimeSpan MinReloadInterval = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile IReadOnlyDictionary<string, SystemRisk> _systems = new Dictionary<string, SystemRisk>();
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;
    private volatile bool _stale = true;

    public async Task<SystemRisk?> FindAsync(string reference, CancellationToken cancellationToken = default)
    {
        var key = reference.Trim().ToLowerInvariant();
        if (!_stale && _systems.TryGetValue(key, out var known))
        {
            return known;
        }
        await ReloadAsync(force: _stale, cancellationToken);
        return _systems.GetValueOrDefault(key);
    }

    /// <summary>The inventory changed: the next lookup reads it again.</summary>
    public void Invalidate() => _stale = true;

    void Systems.IInventoryListener.InventoryChanged() => Invalidate();

    private async Task ReloadAsync(bool force, CancellationToken cancellationToken)
    {
        await _reload.WaitAsync(cancellationToken);
        try
        {
            if (!force && clock.GetUtcNow() - _loadedAt < MinReloadInterval)
            {
                return;
            }
            _stale = false;
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            var systems = await db.AiSystems.AsNoTracking()
                .Select(s => new SystemRisk(s.Id, s.Slug, s.Name, s.Kind, s.RiskTier))
                .ToListAsync(cancellationToken);
            var map = new Dictionary<string, SystemRisk>();
            foreach (var system in systems)
            {
                map.TryAdd(system.Name.ToLowerInvariant(), system);
            }
            foreach (var system in systems)
            {
                map[system.Slug.ToLowerInvariant()] = system;
            }
            _systems = map;
            _loadedAt = clock.GetUtcNow();
        }
        finally
        {
            _reload.Release();
        }
    }
}
