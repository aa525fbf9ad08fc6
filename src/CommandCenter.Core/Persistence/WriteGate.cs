using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Core.Persistence;

/// <summary>
/// SQLite allows one writer at a time. Every write in this process passes through this gate, so writers queue in
/// memory instead of racing for the file lock; a writer from another process is waited for (busy timeout) and,
/// if it still collides, the whole operation is retried from a fresh read. Users never see "database is locked".
/// </summary>
public sealed class WriteGate
{
    // Every command also appends an audit entry, so two processes on one file collide more often than one write each would.
    private const int MaxAttempts = 8;
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        await _semaphore.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await write(cancellationToken);
                }
                catch (Exception ex) when (attempt < MaxAttempts && IsTransient(ex))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(25 * attempt), cancellationToken);
                }
            }
        }
        finally
        {
            _semaphore.Release();
        }
    }

    private static bool IsTransient(Exception ex) => ex switch
    {
        DbUpdateConcurrencyException => true,
        SqliteException { SqliteErrorCode: 5 or 6 } => true, // SQLITE_BUSY, SQLITE_LOCKED
        DbUpdateException { InnerException: SqliteException { SqliteErrorCode: 5 or 6 } } => true,
        _ => false,
    };
}
