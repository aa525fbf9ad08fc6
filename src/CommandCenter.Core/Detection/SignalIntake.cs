using System.Collections.Concurrent;
using System.Diagnostics;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.Core.Detection;

/// <summary>
/// Where accepted signals become durable, and then part of their candidates.
/// <list type="bullet">
/// <item><b>Triggers</b> (<see cref="TryAccept"/>, on the sender's own thread): replays are looked up on a pooled read
/// connection, the new signals get their ids and are written to the <see cref="SignalJournal"/>, and the sender is answered.
/// No thread hop and no database write on the way: many senders never wait for each other beyond one file append.</item>
/// <item><b>Acknowledges and resolves</b> (<see cref="CommitAsync"/>, on the detection loop): their answer depends on the
/// alerts open right now, so the loop places everything journaled before them first, then journals what they change.</item>
/// <item><b>Apply</b> (<see cref="ApplyAsync"/>, on the loop, every <see cref="DetectionOptions.ApplyAfterSignals"/> signals,
/// before each tick and decision, and when a reader asks): the journaled signals are placed in their candidates in journal
/// order, at the time each was journaled, and stored with the candidates' new state in one transaction.</item>
/// <item><b>Recovery</b> (<see cref="RecoverAsync"/>, before anything is served): the journal's records above the largest
/// stored signal id are placed and applied the same way, so a kill -9 loses no answered signal. After a failed write while
/// running, <see cref="ReloadAsync"/> does the same from memory.</item>
/// </list>
/// </summary>
public sealed class SignalIntake(
    IDbContextFactory<CommandCenterDbContext> contextFactory,
    WriteGate writeGate,
    ICandidateStore store,
    DetectionPublisher publisher,
    IOptions<DetectionOptions> options,
    TimeProvider clock,
    IngestionStats stats,
    ILogger<SignalIntake> logger) : IDisposable
{
    /// <summary>Said for a signal that could not be stored while the others of its batch were.</summary>
    public const string NotStored = "This signal could not be stored (the server logged why); the rest of the batch was.";

    private readonly DetectionOptions _options = options.Value;

    // Guarded by _journalLock: the journal, the ids, the replay keys of every journaled signal not yet applied, and the
    // records nobody has placed yet, in id order.
    private readonly Lock _journalLock = new();
    private readonly HashSet<(string Source, string Key)> _pendingKeys = [];
    private StoredKeyFilter _storedKeys = StoredKeyFilter.For(0);
    private List<JournalRecord> _unplaced = [];
    private SignalJournal? _journal;
    private long _nextId;
    private DateTime _lastJournaledAt;

    /// <summary>Bumped (under the lock) each time applied signals leave <see cref="_pendingKeys"/> for the signal table.</summary>
    private long _appliedEpoch;

    private int _pending;

    // The loop's own: signals placed but not yet stored (in id order), and the candidates they changed.
    private readonly List<(JournalRecord Record, IncidentCandidate? Candidate)> _placed = [];
    private readonly Dictionary<IncidentCandidate, SystemRisk?> _touched = new(ReferenceEqualityComparer.Instance);
    private SignalTable? _table;

    /// <summary>Read connections for the senders' replay lookups.</summary>
    private readonly ConcurrentBag<SignalTable> _readers = [];

    /// <summary>Signals answered and durable in the journal but not yet in the signal table (read from any thread).</summary>
    public int PendingSignals => Volatile.Read(ref _pending);

    /// <summary>
    /// Accepts a sender's triggers on its own thread: durable in the journal when this returns. Null when the batch holds
    /// an acknowledge or resolve (or the journal is not open yet): it goes to the loop's <see cref="CommitAsync"/>.
    /// </summary>
    internal IReadOnlyList<IngestItemResult>? TryAccept(IReadOnlyList<PreparedSignal> signals)
    {
        foreach (var signal in signals)
        {
            if (signal.Action != SignalAction.Trigger)
            {
                return null;
            }
        }
        if (Volatile.Read(ref _journal) is null)
        {
            return null;
        }
        List<IngestItemResult>? results = null;
        long written = 0;
        SignalJournal journal;
        lock (_journalLock)
        {
            journal = _journal!;
            // The common case: no key can be stored yet, so memory alone tells new from replayed.
            if (!signals.Any(s => _storedKeys.MayContain(s.KeyHash)))
            {
                results = JournalNew(signals, [], out written);
            }
        }
        if (results is null)
        {
            // Some key may be stored: look them up (outside the lock, so other senders go on), then journal.
            var epoch = Volatile.Read(ref _appliedEpoch);
            var stored = Lookup(signals);
            lock (_journalLock)
            {
                journal = _journal!;
                if (epoch != _appliedEpoch)
                {
                    // An apply moved keys from memory to the table after the lookup read it: read again, now that nothing moves.
                    stored = Lookup(signals);
                }
                results = JournalNew(signals, stored, out written);
            }
        }
        // Full durability: fsync the journal this batch went to, sharing the fsync with whoever wrote meanwhile.
        journal.FlushThrough(written);
        return results;
    }

    /// <summary>Under the lock: journals the signals that are neither journaled already nor among <paramref name="stored"/>.</summary>
    private List<IngestItemResult> JournalNew(IReadOnlyList<PreparedSignal> signals, HashSet<(string Source, string Key)> stored, out long written)
    {
        var results = new List<IngestItemResult>(signals.Count);
        var now = JournalTime();
        var records = new List<JournalRecord>(signals.Count);
        foreach (var signal in signals)
        {
            if (IsReplay(signal, stored))
            {
                results.Add(new IngestItemResult(signal.Index, IngestOutcome.Duplicate, null, signal.Warning, null));
                continue;
            }
            var record = new JournalRecord(_nextId + records.Count, now, signal);
            records.Add(record);
            results.Add(new IngestItemResult(signal.Index, IngestOutcome.Accepted, record.Id, signal.Warning, null));
        }
        written = Journal(records);
        _unplaced.AddRange(records);
        return results;
    }

    /// <summary>
    /// On the loop: stores batches holding acknowledges or resolves and completes each one. Everything journaled before them
    /// is placed first, under the journal's lock, so the journal's order is the order they were placed in. One bad item or
    /// sender never fails another's signals.
    /// </summary>
    public async Task CommitAsync(IReadOnlyList<IngestBatch> batches, CandidateGrouping grouping, CancellationToken ct)
    {
        try
        {
            await writeGate.RunAsync(_ =>
            {
                lock (_journalLock)
                {
                    PlaceUnplaced(grouping);
                    foreach (var batch in batches)
                    {
                        Commit(batch, grouping);
                    }
                }
                return Task.FromResult(true);
            }, ct);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not store signals; their senders get an error and may retry");
            foreach (var batch in batches)
            {
                batch.Completion.TrySetException(ex);
            }
            try
            {
                await ReloadAsync(grouping, CancellationToken.None);
            }
            catch (Exception reloadFailure)
            {
                logger.LogError(reloadFailure, "Could not reload the open candidates after a failed write");
            }
        }
    }

    /// <summary>
    /// Places every journaled signal and stores the placed ones with the new state of every candidate they changed (fresh
    /// severity and archetype estimates) in one transaction; then tells the views. On the loop only.
    /// </summary>
    public Task ApplyAsync(CandidateGrouping grouping, CancellationToken ct) =>
        PendingSignals == 0 && _placed.Count == 0 ? Task.CompletedTask : writeGate.RunAsync(_ => Task.FromResult(ApplyOnce(grouping)), ct);

    /// <summary>
    /// Brings the candidates in memory to what is durable: the open candidates as stored, then every journaled signal the
    /// signal table does not hold, placed again at the time it was journaled, then applied. Runs before the loop starts.
    /// </summary>
    public Task RecoverAsync(CandidateGrouping grouping, CancellationToken ct) =>
        writeGate.RunAsync(async token =>
        {
            grouping.Load(await store.LoadOpenAsync(token));
            _placed.Clear();
            _touched.Clear();
            var table = Table();
            var lastStored = table.LastSignalId();
            var storedKeys = table.StoredKeys();
            var folder = JournalFolder();
            lock (_journalLock)
            {
                _storedKeys = storedKeys;
                _journal?.Dispose();
                var records = SignalJournal.Read(folder, lastStored, table.Systems());
                _journal = SignalJournal.Open(folder, _options.Durability == IngestionDurability.Full);
                _unplaced = records;
                _pendingKeys.Clear();
                foreach (var record in records)
                {
                    _pendingKeys.Add((record.Signal.Source, record.Signal.IdempotencyKey));
                }
                _nextId = Math.Max(lastStored, records.Count > 0 ? records[^1].Id : 0) + 1;
                Volatile.Write(ref _pending, records.Count);
                if (records.Count > 0)
                {
                    logger.LogWarning("Replaying {Signals} acknowledged signal(s) from the journal into their candidates", records.Count);
                }
            }
            ApplyOnce(grouping);
            lock (_journalLock)
            {
                _journal.DeleteReplayed();
            }
            return true;
        }, ct);

    private void Commit(IngestBatch batch, CandidateGrouping grouping)
    {
        var table = Table();
        var stored = table.ExistingKeys(batch.Signals.Where(s => !_pendingKeys.Contains((s.Source, s.IdempotencyKey))));
        var now = JournalTime();
        var results = new List<IngestItemResult>(batch.Signals.Count);
        var placed = new List<(JournalRecord, IncidentCandidate)>();
        foreach (var signal in batch.Signals)
        {
            if (IsReplay(signal, stored))
            {
                results.Add(new IngestItemResult(signal.Index, IngestOutcome.Duplicate, null, signal.Warning, null));
                continue;
            }
            var record = new JournalRecord(_nextId + placed.Count, now, signal);
            var candidate = CandidateFor(record, grouping);
            if (candidate is null)
            {
                results.Add(signal.Action == SignalAction.Trigger
                    ? new IngestItemResult(signal.Index, IngestOutcome.Rejected, null, null, new Dictionary<string, string[]> { ["signal"] = [NotStored] })
                    : new IngestItemResult(signal.Index, IngestOutcome.Accepted, null,
                        $"No open alert has fingerprint '{signal.Fingerprint}'; nothing to {signal.Action.ToString().ToLowerInvariant()}.", null));
                continue;
            }
            placed.Add((record, candidate));
            results.Add(new IngestItemResult(signal.Index, IngestOutcome.Accepted, record.Id, signal.Warning, null));
        }
        if (results.All(r => r.Outcome == IngestOutcome.Rejected))
        {
            // None could be stored: the fault is not theirs, and the sender gets the error.
            batch.Completion.TrySetException(new InvalidOperationException("None of the signals could be stored; see the log."));
            return;
        }
        var records = placed.Select(p => p.Item1).ToList();
        _journal!.FlushThrough(Journal(records));
        foreach (var (record, candidate) in placed)
        {
            Absorb(record, candidate, grouping);
        }
        batch.Completion.TrySetResult(results);
    }

    /// <summary>Places every record not placed yet, in journal order.</summary>
    private void PlaceUnplaced(CandidateGrouping grouping)
    {
        List<JournalRecord> taken;
        lock (_journalLock)
        {
            taken = _unplaced;
            _unplaced = [];
        }
        foreach (var record in taken)
        {
            Place(record, grouping);
        }
    }

    private bool ApplyOnce(CandidateGrouping grouping)
    {
        var started = Stopwatch.GetTimestamp();
        PlaceUnplaced(grouping);
        if (_placed.Count == 0)
        {
            return true;
        }
        var table = Table();
        var stored = 0;
        try
        {
            using var transaction = table.Begin();
            foreach (var (candidate, system) in _touched)
            {
                // Once per candidate and apply, not per signal: the evidence already holds everything the rules read.
                if (system is not null)
                {
                    candidate.Estimate(system, _options.Rules);
                }
                table.UpdateCandidate(candidate, transaction);
            }
            foreach (var (record, candidate) in _placed)
            {
                if (candidate is not null)
                {
                    table.Insert(record.Id, record.Signal, candidate, transaction);
                    stored++;
                }
            }
            transaction.Commit();
        }
        catch
        {
            // Nothing was stored; the placed signals and their candidates' state stay in memory for the next try.
            CloseTable();
            throw;
        }
        stats.Applied(stored, Stopwatch.GetTimestamp() - started);
        var appliedThrough = _placed[^1].Record.Id;
        lock (_journalLock)
        {
            foreach (var (record, candidate) in _placed)
            {
                _pendingKeys.Remove((record.Signal.Source, record.Signal.IdempotencyKey));
                if (candidate is not null)
                {
                    _storedKeys.Add(record.Signal.KeyHash);
                }
            }
            _appliedEpoch++;
            Interlocked.Add(ref _pending, -_placed.Count);
            _journal?.Trim(appliedThrough);
        }
        if (_storedKeys.IsFull)
        {
            // Only the loop writes the signal table, so nothing is stored while the larger filter is read from it.
            var larger = table.StoredKeys();
            lock (_journalLock)
            {
                _storedKeys = larger;
            }
        }
        foreach (var candidate in _touched.Keys)
        {
            publisher.CandidateChanged(candidate.Id);
            if (candidate.IncidentKey is { } key)
            {
                publisher.SignalsArrived(key);
            }
        }
        _touched.Clear();
        _placed.Clear();
        return true;
    }

    /// <summary>One journaled signal into its candidate. A trigger whose new candidate cannot be stored is logged and dropped.</summary>
    private void Place(JournalRecord record, CandidateGrouping grouping)
    {
        if (CandidateFor(record, grouping) is { } candidate)
        {
            Absorb(record, candidate, grouping);
        }
        else
        {
            _placed.Add((record, null));
        }
    }

    /// <summary>
    /// Under the lock: a signal journaled and not yet stored, among <paramref name="stored"/>, or earlier in the same
    /// request (it is added to <paramref name="stored"/> here).
    /// </summary>
    private bool IsReplay(PreparedSignal signal, HashSet<(string Source, string Key)> stored)
    {
        var key = (signal.Source, signal.IdempotencyKey);
        return _pendingKeys.Contains(key) || !stored.Add(key);
    }

    /// <summary>A trigger's candidate (placed, a new one stored); an acknowledge's or resolve's open alert. Null when there is none.</summary>
    private IncidentCandidate? CandidateFor(JournalRecord record, CandidateGrouping grouping) =>
        record.Signal.Action == SignalAction.Trigger
            ? PlaceTrigger(record, grouping)
            : grouping.FindAlert(record.Signal.Source, record.Signal.Fingerprint!);

    /// <summary>The candidate a trigger belongs to; a new one is stored at once (empty), so its id exists before any signal names it.</summary>
    private IncidentCandidate? PlaceTrigger(JournalRecord record, CandidateGrouping grouping)
    {
        var created = new List<IncidentCandidate>(1);
        var candidate = grouping.Place(record.Signal, record.JournaledAt, created);
        if (created.Count == 0)
        {
            return candidate;
        }
        var table = Table();
        try
        {
            using var transaction = table.Begin();
            table.InsertCandidate(candidate, transaction);
            transaction.Commit();
            return candidate;
        }
        catch (Exception ex)
        {
            grouping.Forget(candidate);
            CloseTable();
            logger.LogError(ex, "Signal #{Id} from {Source} could not start a candidate (its system: {System}); it is dropped",
                record.Id, record.Signal.Source, record.Signal.System?.Slug);
            return null;
        }
    }

    private void Absorb(JournalRecord record, IncidentCandidate candidate, CandidateGrouping grouping)
    {
        var signal = record.Signal;
        var at = record.JournaledAt;
        switch (signal.Action)
        {
            case SignalAction.Trigger:
                candidate.Absorb(signal.Reading, signal.OccurredAt, signal.Summary, signal.Fingerprint, at, _options.Rules.BlastRadiusLabels);
                break;
            case SignalAction.Acknowledge:
                candidate.Acknowledge(at);
                break;
            case SignalAction.Resolve:
                candidate.ResolveAlert(signal.Fingerprint!, at);
                break;
        }
        grouping.Track(candidate, signal.Action == SignalAction.Trigger ? signal.Fingerprint : null);
        _placed.Add((record, candidate));
        if (signal.System is not null || !_touched.ContainsKey(candidate))
        {
            _touched[candidate] = signal.System ?? _touched.GetValueOrDefault(candidate);
        }
    }

    /// <summary>
    /// Under the lock: the records get their ids and are written; a failed write takes nothing and throws. Returns the
    /// journal position to flush through (Full durability) before answering.
    /// </summary>
    private long Journal(List<JournalRecord> records)
    {
        if (records.Count == 0)
        {
            return 0;
        }
        var started = Stopwatch.GetTimestamp();
        var written = _journal!.Append(records);
        stats.Journaled(records.Count, Stopwatch.GetTimestamp() - started);
        _nextId += records.Count;
        foreach (var record in records)
        {
            _pendingKeys.Add((record.Signal.Source, record.Signal.IdempotencyKey));
        }
        Interlocked.Add(ref _pending, records.Count);
        return written;
    }

    /// <summary>The clock signals are placed with: never earlier than the last journaled signal's, so journal order is time order.</summary>
    private DateTime JournalTime()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (now < _lastJournaledAt)
        {
            now = _lastJournaledAt;
        }
        _lastJournaledAt = now;
        return now;
    }

    /// <summary>(source, key) of the stored signals among these, read on a pooled connection (any thread).</summary>
    private HashSet<(string Source, string Key)> Lookup(IReadOnlyList<PreparedSignal> signals)
    {
        if (!_readers.TryTake(out var reader))
        {
            reader = SignalTable.Open(ConnectionString(), _options.Durability);
        }
        try
        {
            var found = reader.ExistingKeys(signals);
            _readers.Add(reader);
            return found;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>
    /// After a failed write or decision, on the loop: the open candidates as stored, with every signal journaled and not yet
    /// stored (placed or not) to be placed again.
    /// </summary>
    public Task ReloadAsync(CandidateGrouping grouping, CancellationToken ct) =>
        writeGate.RunAsync(async token =>
        {
            grouping.Load(await store.LoadOpenAsync(token));
            lock (_journalLock)
            {
                _unplaced = [.. _placed.Select(p => p.Record).Concat(_unplaced)];
            }
            _placed.Clear();
            _touched.Clear();
            return true;
        }, ct);

    private SignalTable Table() => _table ??= SignalTable.Open(ConnectionString(), _options.Durability);

    private void CloseTable()
    {
        _table?.Dispose();
        _table = null;
    }

    private string ConnectionString()
    {
        using var db = contextFactory.CreateDbContext();
        return db.Database.GetConnectionString() ?? throw new InvalidOperationException("No connection string for the database.");
    }

    private string JournalFolder()
    {
        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString()).DataSource;
        return SignalJournal.FolderFor(path);
    }

    public void Dispose()
    {
        CloseTable();
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }
        lock (_journalLock)
        {
            _journal?.Dispose();
            _journal = null;
        }
    }
}
