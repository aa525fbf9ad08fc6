using System.Globalization;
using CommandCenter.Core.Persistence;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Core.Detection;

/// <summary>
/// A SQLite connection of signal intake, kept open with its statements prepared once: looking up replays, storing signals,
/// inserting and updating candidates. The detection loop has one; senders look up replays on pooled ones. Raw SQL on
/// one long-lived connection because at thousands of signals a second EF's per-commit context, change tracking and JSON
/// snapshots, and re-preparing statements for every commit, cost more than the writes themselves. The columns and formats
/// are EF's (enums by name, EF's date text, JSON columns through <see cref="JsonColumn"/>), so EF reads what this writes.
/// Not thread-safe: one user at a time.
/// </summary>
internal sealed class SignalTable : IDisposable
{
    /// <summary>The columns of a signal.</summary>
    private const string SignalColumns =
        "Id, Source, IdempotencyKey, KeyHash, CandidateId, AiSystemId, Kind, RawKind, Value, Threshold, LabelsJson, Fingerprint, Action, Summary, OccurredAt, ReceivedAt";

    /// <summary>What an apply writes per signal, in id order.</summary>
    public const string InsertSql = $"INSERT INTO Signals ({SignalColumns}) VALUES ($id, $source, $key, $hash, $candidate, $system, "
        + "$kind, $rawKind, $value, $threshold, $labels, $fingerprint, $action, $summary, $occurredAt, $receivedAt)";

    private static readonly string[] InsertParameters =
    [
        "$id", "$source", "$key", "$hash", "$candidate", "$system", "$kind", "$rawKind", "$value", "$threshold", "$labels",
        "$fingerprint", "$action", "$summary", "$occurredAt", "$receivedAt",
    ];

    /// <summary>Every column of a candidate but its id, in one order for the insert and the update.</summary>
    private static readonly string[] CandidateColumns =
    [
        "GroupKey", "AiSystemId", "SystemSlug", "SystemName", "Source", "IdentifyingLabels", "Status", "Archetype", "ArchetypeReason",
        "Severity", "SeverityReasons", "FirstSignalAt", "LastSignalAt", "LastTriggerReceivedAt", "CreatedAt", "SignalCount", "Evidence",
        "Unreported", "LastReportedAt", "FiringAlerts", "AcknowledgedAt", "ResolvedAt", "ResolvedReason", "IncidentId", "IncidentKey",
        "Decision", "DecidedBy", "DecidedAt", "DismissReason",
    ];

    /// <summary>Replay lookups go in statements of these sizes (the last key repeated to fill one), so a few prepared ones serve every group.</summary>
    private static readonly int[] LookupSizes = [1, 4, 16, 64, 256];

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _insertCandidate;
    private readonly SqliteCommand _updateCandidate;
    private readonly Dictionary<int, SqliteCommand> _lookups = [];

    private SignalTable(SqliteConnection connection)
    {
        _connection = connection;
        _insert = Prepare(InsertSql, InsertParameters);
        _insertCandidate = Prepare(
            $"INSERT INTO Candidates ({string.Join(", ", CandidateColumns)}) VALUES ({string.Join(", ", CandidateColumns.Select(c => "$" + c))}) RETURNING Id",
            CandidateColumns.Select(c => "$" + c));
        _updateCandidate = Prepare(
            $"UPDATE Candidates SET {string.Join(", ", CandidateColumns.Select(c => $"{c} = ${c}"))} WHERE Id = $Id",
            CandidateColumns.Select(c => "$" + c).Append("$Id"));
        foreach (var size in LookupSizes)
        {
            var names = Enumerable.Range(0, size).Select(i => "$h" + i.ToString(CultureInfo.InvariantCulture)).ToList();
            _lookups[size] = Prepare($"SELECT Source, IdempotencyKey FROM Signals WHERE KeyHash IN ({string.Join(",", names)})", names);
        }
    }

    /// <summary>
    /// Opens its own connection (not pooled, so its synchronous setting never reaches anyone else) with the app's
    /// connection settings: busy timeout, foreign keys, a 32 MB cache, and <c>synchronous</c> by <paramref name="durability"/>.
    /// </summary>
    public static SignalTable Open(string connectionString, IngestionDurability durability)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        connection.Open();
        try
        {
            using var setup = connection.CreateCommand();
            // The log is checkpointed by WalCheckpointer on its own connection, not by whichever commit crosses 1,000 pages.
            setup.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 0; "
                + "PRAGMA synchronous = " + (durability == IngestionDurability.Full ? "FULL;" : "NORMAL;");
            setup.ExecuteNonQuery();
            return new SignalTable(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>BEGIN IMMEDIATE: the write lock is taken first, so a busy database fails here, before anything was placed.</summary>
    public SqliteTransaction Begin() => _connection.BeginTransaction(deferred: false);

    /// <summary>(source, idempotency key) of every stored signal whose key hash is among these signals'.</summary>
    public HashSet<(string Source, string Key)> ExistingKeys(IEnumerable<PreparedSignal> signals, SqliteTransaction? transaction = null)
    {
        var existing = new HashSet<(string, string)>();
        var largest = LookupSizes[^1];
        foreach (var chunk in signals.Select(s => s.KeyHash).Distinct().Chunk(largest))
        {
            var lookup = _lookups[LookupSizes.First(size => size >= chunk.Length)];
            lookup.Transaction = transaction;
            for (var i = 0; i < lookup.Parameters.Count; i++)
            {
                lookup.Parameters[i].Value = chunk[Math.Min(i, chunk.Length - 1)];
            }
            using var reader = lookup.ExecuteReader();
            while (reader.Read())
            {
                existing.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        return existing;
    }

    /// <summary>The largest signal id ever given out that the database knows of (stored, or counted by AUTOINCREMENT).</summary>
    public long LastSignalId()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT max(coalesce((SELECT max(Id) FROM Signals), 0), "
            + "coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'Signals'), 0))";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// The key hash of every stored signal, for <see cref="StoredKeyFilter"/>: one pass over the KeyHash index, sized by
    /// the last id (an upper bound on the count that costs no second pass).
    /// </summary>
    public StoredKeyFilter StoredKeys()
    {
        var filter = StoredKeyFilter.For(LastSignalId());
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT KeyHash FROM Signals";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            filter.Add(reader.GetInt64(0));
        }
        return filter;
    }

    /// <summary>Stores a signal, placed in <paramref name="candidate"/>, under <paramref name="id"/>.</summary>
    public void Insert(long id, PreparedSignal signal, IncidentCandidate candidate, SqliteTransaction transaction)
    {
        var p = _insert.Parameters;
        p[0].Value = id;
        p[1].Value = signal.Source;
        p[2].Value = signal.IdempotencyKey;
        p[3].Value = signal.KeyHash;
        p[4].Value = candidate.Id;
        p[5].Value = candidate.AiSystemId;
        p[6].Value = signal.Kind.ToString();
        p[7].Value = Nullable(signal.RawKind);
        p[8].Value = signal.Value is { } value ? value : DBNull.Value;
        p[9].Value = signal.Threshold is { } threshold ? threshold : DBNull.Value;
        p[10].Value = signal.LabelsJson;
        p[11].Value = Nullable(signal.Fingerprint);
        p[12].Value = signal.Action.ToString();
        p[13].Value = Nullable(signal.Summary);
        p[14].Value = DateText(signal.OccurredAt);
        p[15].Value = DateText(signal.ReceivedAt);
        _insert.Transaction = transaction;
        _insert.ExecuteNonQuery();
    }

    /// <summary>Every system by id, as placement and the estimates read it.</summary>
    public Dictionary<int, SystemRisk> Systems()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT Id, Slug, Name, Kind, RiskTier FROM AiSystems";
        var systems = new Dictionary<int, SystemRisk>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            systems[reader.GetInt32(0)] = new SystemRisk(reader.GetInt32(0), reader.GetString(1), reader.GetString(2),
                Enum.Parse<Systems.AiSystemKind>(reader.GetString(3)), Enum.Parse<Systems.RiskTier>(reader.GetString(4)));
        }
        return systems;
    }

    /// <summary>Stores a new candidate and gives it its id.</summary>
    public void InsertCandidate(IncidentCandidate candidate, SqliteTransaction transaction)
    {
        Bind(_insertCandidate, candidate);
        _insertCandidate.Transaction = transaction;
        candidate.StoredAs((long)_insertCandidate.ExecuteScalar()!);
    }

    public void UpdateCandidate(IncidentCandidate candidate, SqliteTransaction transaction)
    {
        Bind(_updateCandidate, candidate);
        _updateCandidate.Parameters["$Id"].Value = candidate.Id;
        _updateCandidate.Transaction = transaction;
        if (_updateCandidate.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException($"Candidate #{candidate.Id} is not in the database.");
        }
    }

    /// <summary>The same text EF writes for a DateTime, so LINQ range queries over these columns compare correctly.</summary>
    public static string DateText(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        foreach (var command in _lookups.Values.Append(_insert).Append(_insertCandidate).Append(_updateCandidate))
        {
            command.Dispose();
        }
        _connection.Dispose();
    }

    private static void Bind(SqliteCommand command, IncidentCandidate c)
    {
        var p = command.Parameters;
        p[0].Value = c.GroupKey;
        p[1].Value = c.AiSystemId;
        p[2].Value = c.SystemSlug;
        p[3].Value = c.SystemName;
        p[4].Value = c.Source;
        p[5].Value = JsonColumn.Serialize(c.IdentifyingLabels);
        p[6].Value = c.Status.ToString();
        p[7].Value = c.Archetype.ToString();
        p[8].Value = c.ArchetypeReason;
        p[9].Value = c.Severity.ToString();
        p[10].Value = JsonColumn.Serialize(c.SeverityReasons);
        p[11].Value = DateText(c.FirstSignalAt);
        p[12].Value = DateText(c.LastSignalAt);
        p[13].Value = DateText(c.LastTriggerReceivedAt);
        p[14].Value = DateText(c.CreatedAt);
        p[15].Value = c.SignalCount;
        p[16].Value = JsonColumn.Serialize(c.Evidence);
        p[17].Value = JsonColumn.Serialize(c.Unreported);
        p[18].Value = NullableDate(c.LastReportedAt);
        p[19].Value = JsonColumn.Serialize(c.FiringAlerts);
        p[20].Value = NullableDate(c.AcknowledgedAt);
        p[21].Value = NullableDate(c.ResolvedAt);
        p[22].Value = Nullable(c.ResolvedReason);
        p[23].Value = c.IncidentId is { } incident ? incident : DBNull.Value;
        p[24].Value = Nullable(c.IncidentKey);
        p[25].Value = c.Decision.ToString();
        p[26].Value = Nullable(c.DecidedBy);
        p[27].Value = NullableDate(c.DecidedAt);
        p[28].Value = Nullable(c.DismissReason);
    }

    private SqliteCommand Prepare(string sql, IEnumerable<string> parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name, Value = DBNull.Value });
        }
        command.Prepare();
        return command;
    }

    private static object Nullable(string? text) => (object?)text ?? DBNull.Value;

    private static object NullableDate(DateTime? time) => time is { } t ? DateText(t) : DBNull.Value;
}
