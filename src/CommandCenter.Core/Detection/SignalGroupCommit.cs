using System.Diagnostics;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.Core.Detection;

/// <summary>
/// Writes the batches that were waiting together in one SQLite transaction (group commit): replays are looked up, each
/// trigger is placed in its candidate, the accepted signals are appended to the inbox (<see cref="InboxSignal"/>), and
/// every sender is answered only after the commit. The inbox is moved into the indexed signal table, with the candidates'
/// new state, in large batches behind the answers (<see cref="ApplyAsync"/>); after a crash <see cref="RecoverAsync"/>
/// replays it. Isolated: when a group fails, its batches are retried one by one, and a failing batch one signal at a time,
/// so one bad item or one sender never fails another's signals.
/// </summary>
public sealed class SignalGroupCommit(
    IDbContextFactory<CommandCenterDbContext> contextFactory,
    WriteGate writeGate,
    ICandidateStore store,
    DetectionPublisher publisher,
    IOptions<DetectionOptions> options,
    TimeProvider clock,
    IngestionStats stats,
    ILogger<SignalGroupCommit> logger) : IDisposable
{
    /// <summary>Said for a signal that could not be stored while the others of its batch were.</summary>
    public const string NotStored = "This signal could not be stored (the server logged why); the rest of the batch was.";

    private readonly DetectionOptions _options = options.Value;

    /// <summary>Candidates changed by signals in the inbox, with the system their estimates read.</summary>
    private readonly Dictionary<IncidentCandidate, SystemRisk?> _touched = new(ReferenceEqualityComparer.Instance);

    /// <summary>(source, idempotency key) of every signal in the inbox: the inbox has no index, so replays of them are found here.</summary>
    private readonly HashSet<(string Source, string Key)> _inboxKeys = [];

    private SignalTable? _table;
    private long _nextSignalId;
    private int _inboxCount;

    /// <summary>Signals acknowledged and durable in the inbox but not yet in the signal table (read from any thread).</summary>
    public int PendingSignals => Volatile.Read(ref _inboxCount);

    /// <summary>Stores the batches and completes each one: with its results, or with the error that kept it out.</summary>
    public async Task CommitAsync(IReadOnlyList<IngestBatch> batches, CandidateGrouping grouping, CancellationToken ct)
    {
        try
        {
            var results = await WriteAsync([.. batches.Select(b => b.Signals)], grouping, ct);
            for (var i = 0; i < batches.Count; i++)
            {
                batches[i].Completion.TrySetResult(results[i]);
            }
            return;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && (batches.Count > 1 || batches[0].Signals.Count > 1))
        {
            logger.LogWarning(ex, "A group commit of {Batches} batch(es) failed; retrying them one by one so only what is bad fails", batches.Count);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not store a signal; its sender gets an error and may retry");
            batches[0].Completion.TrySetException(ex);
            return;
        }

        if (batches.Count > 1)
        {
            foreach (var batch in batches)
            {
                await CommitAsync([batch], grouping, ct);
            }
            return;
        }
        await CommitOneByOneAsync(batches[0], grouping, ct);
    }

    /// <summary>A batch that failed as a whole: each signal alone. If none can be stored the fault is not theirs, and the sender gets the error.</summary>
    private async Task CommitOneByOneAsync(IngestBatch batch, CandidateGrouping grouping, CancellationToken ct)
    {
        var results = new List<IngestItemResult>(batch.Signals.Count);
        Exception? failure = null;
        var failed = 0;
        foreach (var signal in batch.Signals)
        {
            try
            {
                results.AddRange((await WriteAsync([[signal]], grouping, ct))[0]);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                if (failure is null)
                {
                    logger.LogError(ex, "Signal {Index} of a batch from {Source} could not be stored; it is rejected, the rest is kept", signal.Index, signal.Source);
                }
                failure ??= ex;
                failed++;
                results.Add(new IngestItemResult(signal.Index, IngestOutcome.Rejected, null, null,
                    new Dictionary<string, string[]> { ["signal"] = [NotStored] }));
            }
        }
        if (failed == batch.Signals.Count)
        {
            batch.Completion.TrySetException(failure!);
            return;
        }
        batch.Completion.TrySetResult(results);
    }

    /// <summary>One transaction for all these batches; the results come back per batch, in item order.</summary>
    private Task<List<IReadOnlyList<IngestItemResult>>> WriteAsync(IReadOnlyList<IReadOnlyList<PreparedSignal>> batches, CandidateGrouping grouping,
        CancellationToken ct) =>
        writeGate.RunAsync(async token =>
        {
            try
            {
                return await WriteOnceAsync(batches, grouping, token);
            }
            catch
            {
                // Candidates in memory absorbed signals that were not committed: start again from what is stored.
                await RecoverSafelyAsync(grouping);
                throw;
            }
        }, ct);

    private Task<List<IReadOnlyList<IngestItemResult>>> WriteOnceAsync(IReadOnlyList<IReadOnlyList<PreparedSignal>> batches,
        CandidateGrouping grouping, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow().UtcDateTime;
        var table = Table();
        List<IReadOnlyList<IngestItemResult>> answers;
        var placed = new List<(PreparedSignal Signal, IncidentCandidate Candidate, List<IngestItemResult> Results)>();
        var created = new List<IncidentCandidate>();
        long nextId;
        try
        {
            using var transaction = table.Begin();
            nextId = _nextSignalId > 0 ? _nextSignalId : table.NextSignalId(transaction);
            var seen = table.ExistingKeys(batches.SelectMany(b => b).Where(s => !_inboxKeys.Contains((s.Source, s.IdempotencyKey))), transaction);
            var results = batches.Select(b => new List<IngestItemResult>(b.Count)).ToList();
            for (var b = 0; b < batches.Count; b++)
            {
                foreach (var signal in batches[b])
                {
                    var key = (signal.Source, signal.IdempotencyKey);
                    if (_inboxKeys.Contains(key) || !seen.Add(key))
                    {
                        results[b].Add(new IngestItemResult(signal.Index, IngestOutcome.Duplicate, null, signal.Warning, null));
                        continue;
                    }
                    var candidate = signal.Action == SignalAction.Trigger
                        ? grouping.Place(signal, now, created)
                        : grouping.FindAlert(signal.Source, signal.Fingerprint!);
                    if (candidate is null)
                    {
                        results[b].Add(new IngestItemResult(signal.Index, IngestOutcome.Accepted, null,
                            $"No open alert has fingerprint '{signal.Fingerprint}'; nothing to {signal.Action.ToString().ToLowerInvariant()}.", null));
                        continue;
                    }
                    placed.Add((signal, candidate, results[b]));
                }
            }

            foreach (var candidate in created)
            {
                table.InsertCandidate(candidate, transaction);
            }
            foreach (var (signal, candidate, itemResults) in placed)
            {
                var id = nextId++;
                table.Append(id, signal, candidate, now, transaction);
                itemResults.Add(new IngestItemResult(signal.Index, IngestOutcome.Accepted, id, signal.Warning, null));
                Apply(signal, candidate, now);
            }
            var committing = Stopwatch.GetTimestamp();
            transaction.Commit();
            var committed = Stopwatch.GetTimestamp();
            stats.Committed(placed.Count, committed - started, committed - committing);
            answers = [.. results.Select(r => (IReadOnlyList<IngestItemResult>)(r.Count > 1 ? [.. r.OrderBy(x => x.Index)] : r))];
        }
        catch
        {
            // The connection may be what failed: the next group opens a fresh one.
            CloseTable();
            throw;
        }

        _nextSignalId = nextId;
        foreach (var (signal, candidate, _) in placed)
        {
            _inboxKeys.Add((signal.Source, signal.IdempotencyKey));
            Touched(candidate, signal.System);
        }
        foreach (var candidate in placed.Select(p => p.Candidate).Distinct())
        {
            grouping.Index(candidate);
        }
        // Counted before the senders are answered: a read that starts after an answer waits for this signal to be applied.
        Interlocked.Add(ref _inboxCount, placed.Count);
        return Task.FromResult(answers);
    }

    /// <summary>
    /// Moves the inbox into the signal table and writes the new state of every candidate it touched (with fresh severity
    /// and archetype estimates), in one transaction; then tells the views. The detection loop calls this when the inbox
    /// is large, before every tick and decision, and when a reader asks to see everything acknowledged.
    /// </summary>
    public Task ApplyAsync(CancellationToken ct) =>
        PendingSignals == 0 ? Task.CompletedTask : writeGate.RunAsync(_ => Task.FromResult(ApplyOnce()), ct);

    /// <summary>
    /// Brings the candidates in memory to what is durable: the open candidates as stored, then every signal still in the
    /// inbox (left by a crash or a failed write) placed in its candidate again, then applied. Runs before the loop starts.
    /// </summary>
    public Task RecoverAsync(CandidateGrouping grouping, CancellationToken ct) =>
        writeGate.RunAsync(async token =>
        {
            await RecoverOnceAsync(grouping, token);
            return true;
        }, ct);

    private async Task RecoverOnceAsync(CandidateGrouping grouping, CancellationToken ct)
    {
        _touched.Clear();
        _inboxKeys.Clear();
        _nextSignalId = 0;
        grouping.Load(await store.LoadOpenAsync(ct));
        var table = Table();
        List<(PreparedSignal Signal, long CandidateId, DateTime PlacedAt)> inbox;
        using (var transaction = table.Begin())
        {
            inbox = table.ReadInbox(table.Systems(transaction), transaction);
            transaction.Commit();
        }
        foreach (var (signal, candidateId, placedAt) in inbox)
        {
            var candidate = grouping.Find(candidateId) ?? await store.FindAsync(candidateId, ct)
                ?? throw new InvalidOperationException($"Signal inbox row for candidate #{candidateId}, which is not stored.");
            Apply(signal, candidate, placedAt);
            Touched(candidate, signal.System);
        }
        Volatile.Write(ref _inboxCount, inbox.Count);
        if (inbox.Count > 0)
        {
            logger.LogWarning("Replayed {Signals} acknowledged signal(s) from the inbox into their candidates", inbox.Count);
            var replayed = _touched.Keys.ToList();
            ApplyOnce();
            foreach (var candidate in replayed)
            {
                grouping.Index(candidate);
            }
        }
    }

    private bool ApplyOnce()
    {
        var started = Stopwatch.GetTimestamp();
        var table = Table();
        int moved;
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
            moved = table.ApplyInbox(transaction);
            transaction.Commit();
        }
        catch
        {
            CloseTable();
            throw;
        }
        stats.Applied(moved, Stopwatch.GetTimestamp() - started);
        foreach (var candidate in _touched.Keys)
        {
            publisher.CandidateChanged(candidate.Id);
            if (candidate.IncidentKey is { } key)
            {
                publisher.SignalsArrived(key);
            }
        }
        _touched.Clear();
        _inboxKeys.Clear();
        Volatile.Write(ref _inboxCount, 0);
        return true;
    }

    private async Task RecoverSafelyAsync(CandidateGrouping grouping)
    {
        try
        {
            await RecoverOnceAsync(grouping, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not reload the open candidates after a failed commit");
        }
    }

    private void Touched(IncidentCandidate candidate, SystemRisk? system)
    {
        if (system is not null || !_touched.ContainsKey(candidate))
        {
            _touched[candidate] = system ?? _touched.GetValueOrDefault(candidate);
        }
    }

    private SignalTable Table() => _table ??= SignalTable.Open(ConnectionString(), _options.Durability);

    private void CloseTable()
    {
        _table?.Dispose();
        _table = null;
        _nextSignalId = 0;
    }

    private string ConnectionString()
    {
        using var db = contextFactory.CreateDbContext();
        return db.Database.GetConnectionString() ?? throw new InvalidOperationException("No connection string for the database.");
    }

    private void Apply(PreparedSignal signal, IncidentCandidate candidate, DateTime now)
    {
        switch (signal.Action)
        {
            case SignalAction.Trigger:
                candidate.Absorb(signal.Reading, signal.OccurredAt, signal.Summary, signal.Fingerprint, now, _options.Rules.BlastRadiusLabels);
                break;
            case SignalAction.Acknowledge:
                candidate.Acknowledge(now);
                break;
            case SignalAction.Resolve:
                candidate.ResolveAlert(signal.Fingerprint!, now);
                break;
        }
    }

    public void Dispose() => CloseTable();
}
