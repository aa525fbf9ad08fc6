using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommandCenter.Core.Persistence;

/// <summary>
/// Per-connection settings: wait for a busy writer instead of failing, fsync each commit (an acknowledged write
/// survives a power cut), and enforce foreign keys. WAL itself is persistent and set once at start-up.
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";

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
