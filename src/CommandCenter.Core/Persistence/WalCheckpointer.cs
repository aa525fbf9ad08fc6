using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Core.Persistence;

/// <summary>
/// Copies the write-ahead log back into the database file every second, on its own connection, so the signal group
/// commit never pays for it. The ingestion connection turns SQLite's own automatic checkpoint off
/// (<c>wal_autocheckpoint = 0</c>); without this, the commit that crosses 1,000 pages of log would copy them and fsync
/// the database while every sender waits for its answer. PASSIVE never blocks readers or writers; when the log has
/// grown past <see cref="TruncateAbovePages"/> (readers kept it from being reset) a TRUNCATE is tried so the file
/// shrinks again. Other connections keep the automatic checkpoint, so the log stays bounded without this service too.
/// </summary>
public sealed partial class WalCheckpointer(IDbContextFactory<CommandCenterDbContext> contextFactory, TimeProvider clock,
    ILogger<WalCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>About 40 MB of log with 4 KB pages.</summary>
    public const int TruncateAbovePages = 10_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string connectionString;
        await using (var db = await contextFactory.CreateDbContextAsync(stoppingToken))
        {
            connectionString = db.Database.GetConnectionString() ?? throw new InvalidOperationException("No connection string for the database.");
        }
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    Checkpoint(connectionString);
                }
                catch (SqliteException ex)
                {
                    LogFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One PASSIVE checkpoint (and a TRUNCATE when the log is large): the log's size in pages and how many of them are now in the database file.</summary>
    public static (int LogPages, int CheckpointedPages) Checkpoint(string connectionString)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 1000;";
        command.ExecuteNonQuery();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        var (logPages, checkpointed) = (0, 0);
        using (var reader = command.ExecuteReader())
        {
            // Columns: busy, pages in the log, pages checkpointed.
            if (reader.Read())
            {
                (logPages, checkpointed) = (reader.GetInt32(1), reader.GetInt32(2));
            }
        }
        if (logPages > TruncateAbovePages)
        {
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();
        }
        return (logPages, checkpointed);
    }

    [LoggerMessage(LogLevel.Warning, "WAL checkpoint failed; the next one tries again")]
    private partial void LogFailed(Exception ex);
}
