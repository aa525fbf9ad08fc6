using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Core.Detection;

/// <summary>
/// The raw SQL of the hot path: looking up replays and inserting signals, on the group commit's connection and
/// transaction. Raw because EF's per-entity tracking would cost more than the insert itself at thousands of rows a second.
/// </summary>
internal static class SignalTable
{
    private const int DuplicateLookupChunk = 400;

    /// <summary>The one statement that stores a signal (bench/Ingestion times the same one for its raw SQLite comparison).</summary>
    public const string InsertSql = """
        INSERT INTO Signals (Source, IdempotencyKey, KeyHash, CandidateId, AiSystemId, Kind, RawKind, Value, Threshold, LabelsJson,
                             Fingerprint, Action, Summary, OccurredAt, ReceivedAt)
        VALUES ($source, $key, $hash, $candidate, $system, $kind, $rawKind, $value, $threshold, $labels,
                $fingerprint, $action, $summary, $occurredAt, $receivedAt)
        RETURNING Id
        """;

    public static readonly string[] InsertParameters =
    [
        "$source", "$key", "$hash", "$candidate", "$system", "$kind", "$rawKind", "$value", "$threshold", "$labels",
        "$fingerprint", "$action", "$summary", "$occurredAt", "$receivedAt",
    ];

    /// <summary>(source, idempotency key) of every stored signal whose key hash is among these signals'.</summary>
    public static async Task<HashSet<(string Source, string Key)>> ExistingKeysAsync(SqliteConnection connection, SqliteTransaction transaction,
        IEnumerable<PreparedSignal> signals, CancellationToken ct)
    {
        var existing = new HashSet<(string, string)>();
        foreach (var chunk in signals.Select(s => s.KeyHash).Distinct().Chunk(DuplicateLookupChunk))
        {
            await using var query = connection.CreateCommand();
            query.Transaction = transaction;
            var names = chunk.Select((_, i) => "$h" + i.ToString(CultureInfo.InvariantCulture)).ToList();
            query.CommandText = $"SELECT Source, IdempotencyKey FROM Signals WHERE KeyHash IN ({string.Join(",", names)})";
            for (var i = 0; i < chunk.Length; i++)
            {
                query.Parameters.AddWithValue(names[i], chunk[i]);
            }
            await using var reader = await query.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                existing.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        return existing;
    }

    public static SqliteCommand InsertCommand(SqliteConnection connection, SqliteTransaction transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = InsertSql;
        foreach (var name in InsertParameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        command.Prepare();
        return command;
    }

    public static async Task<long> InsertAsync(SqliteCommand insert, PreparedSignal signal, IncidentCandidate candidate, CancellationToken ct)
    {
        var p = insert.Parameters;
        p["$source"].Value = signal.Source;
        p["$key"].Value = signal.IdempotencyKey;
        p["$hash"].Value = signal.KeyHash;
        p["$candidate"].Value = candidate.Id;
        p["$system"].Value = candidate.AiSystemId;
        p["$kind"].Value = signal.Kind.ToString();
        p["$rawKind"].Value = (object?)signal.RawKind ?? DBNull.Value;
        p["$value"].Value = (object?)signal.Value ?? DBNull.Value;
        p["$threshold"].Value = (object?)signal.Threshold ?? DBNull.Value;
        p["$labels"].Value = signal.LabelsJson;
        p["$fingerprint"].Value = (object?)signal.Fingerprint ?? DBNull.Value;
        p["$action"].Value = signal.Action.ToString();
        p["$summary"].Value = (object?)signal.Summary ?? DBNull.Value;
        p["$occurredAt"].Value = DateText(signal.OccurredAt);
        p["$receivedAt"].Value = DateText(signal.ReceivedAt);
        return (long)(await insert.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The same text EF writes for a DateTime, so LINQ range queries over these columns compare correctly.</summary>
    public static string DateText(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
}
