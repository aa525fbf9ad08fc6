using System.Diagnostics;
using System.Globalization;
using CommandCenter.Core;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Bench.Ingestion;

/// <summary>
/// The ceiling to compare with: the same INSERT the engine uses, into the same migrated schema with the same pragmas
/// (WAL, synchronous=FULL, 32 MB cache), in transactions of K rows, from one thread, no HTTP, no validation, no grouping.
/// </summary>
internal static class RawInsertBench
{
    public static async Task<double> RunAsync(int rows, int batch, TextWriter output, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "commandcenter-raw-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:CommandCenter"] = $"Data Source={Path.Combine(folder, "raw.db")}",
                ["Database:SeedDemoData"] = "true",
            }).Build();
            await using var services = new ServiceCollection().AddLogging().AddCommandCenterCore(configuration).BuildServiceProvider();
            await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
            await using var db = await services.GetRequiredService<IDbContextFactory<CommandCenterDbContext>>().CreateDbContextAsync(cancellationToken);
            await db.Database.OpenConnectionAsync(cancellationToken);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            var systemId = await db.AiSystems.Select(s => s.Id).FirstAsync(cancellationToken);
            var candidateId = await InsertCandidateAsync(connection, systemId, cancellationToken);

            var started = Stopwatch.GetTimestamp();
            var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            for (var written = 0; written < rows; written += batch)
            {
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = InsertSql;
                foreach (var name in new[] { "$source", "$key", "$hash", "$candidate", "$system", "$kind", "$rawKind", "$value", "$threshold",
                             "$labels", "$fingerprint", "$action", "$summary", "$occurredAt", "$receivedAt" })
                {
                    insert.Parameters.Add(new SqliteParameter { ParameterName = name, Value = DBNull.Value });
                }
                insert.Prepare();
                for (var i = written; i < Math.Min(rows, written + batch); i++)
                {
                    var key = SignalPreparation.ContentKey("support-assistant", "prompt-injection-hit", i, 0.01,
                        new Dictionary<string, string>(), null, null, SignalAction.Trigger, null);
                    var p = insert.Parameters;
                    p["$source"].Value = "raw";
                    p["$key"].Value = key;
                    p["$hash"].Value = SignalPreparation.KeyHash("raw", key);
                    p["$candidate"].Value = candidateId;
                    p["$system"].Value = systemId;
                    p["$kind"].Value = nameof(SignalKind.PromptInjectionHit);
                    p["$value"].Value = (double)i;
                    p["$threshold"].Value = 0.01;
                    p["$labels"].Value = """{"region":"eu-west"}""";
                    p["$action"].Value = nameof(SignalAction.Trigger);
                    p["$occurredAt"].Value = now;
                    p["$receivedAt"].Value = now;
                    await insert.ExecuteScalarAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
            }
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var rate = rows / seconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"raw SQLite insert     {rows:N0} rows in transactions of {batch:N0}: {seconds:0.00} s = {rate:N0} rows/s"));
            return rate;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>One indexed signal row per statement: what the group commit wrote per signal before the inbox.</summary>
    private const string InsertSql = """
        INSERT INTO Signals (Source, IdempotencyKey, KeyHash, CandidateId, AiSystemId, Kind, RawKind, Value, Threshold, LabelsJson,
                             Fingerprint, Action, Summary, OccurredAt, ReceivedAt)
        VALUES ($source, $key, $hash, $candidate, $system, $kind, $rawKind, $value, $threshold, $labels,
                $fingerprint, $action, $summary, $occurredAt, $receivedAt)
        RETURNING Id
        """;

    private static async Task<long> InsertCandidateAsync(SqliteConnection connection, int systemId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        command.CommandText = """
            INSERT INTO Candidates (GroupKey, AiSystemId, SystemSlug, SystemName, Source, IdentifyingLabels, Status, Archetype, ArchetypeReason,
                                    Severity, SeverityReasons, FirstSignalAt, LastSignalAt, LastTriggerReceivedAt, CreatedAt, SignalCount,
                                    Evidence, Unreported, FiringAlerts, Decision)
            VALUES ('raw', $system, 'raw', 'raw', 'raw', '{}', 'Pending', 'PromptInjection', '', 'Sev4', '[]', $now, $now, $now, $now, 0,
                    '{}', '{}', '[]', 'None')
            RETURNING Id
            """;
        command.Parameters.AddWithValue("$system", systemId);
        command.Parameters.AddWithValue("$now", now);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
