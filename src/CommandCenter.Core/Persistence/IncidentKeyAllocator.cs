using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CommandCenter.Core.Persistence;

internal static class IncidentKeyAllocator
{
    /// <summary>
    /// Takes the next number for the year in one statement (an upsert with RETURNING), inside the caller's transaction,
    /// so two writers can never receive the same key and a failed declaration gives its number back.
    /// </summary>
    public static async Task<string> AllocateAsync(CommandCenterDbContext db, int year, CancellationToken cancellationToken)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = """
            INSERT INTO "IncidentKeyCounters" ("Year", "Next") VALUES ($year, 1)
            ON CONFLICT ("Year") DO UPDATE SET "Next" = "Next" + 1
            RETURNING "Next";
            """;
        command.Parameters.AddWithValue("$year", year);
        var number = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        return $"INC-{year}-{number:D4}";
    }
}
