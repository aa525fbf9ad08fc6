using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommandCenter.Core.Persistence;

/// <summary>
/// Per-connection settings: wait for a busy writer instead of failing, fsync each commit (an acknowledged write
/// survives a power cut), enforce foreign keys, and a 32 MB page cache so signal ingestion's index pages stay in memory
/// between group commits (the 2 MB default halved the ingestion rate once the signal index outgrew it).
/// WAL itself is persistent and set once at start-up.
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
