using System.Diagnostics;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.Core.Detection;

/// <summary>
/// Writes the batches that were waiting together in one SQLite transaction (group commit): replays are looked up,
/// each trigger is placed in its candidate, signals and candidates are stored, and every sender is answered only after
/// the commit. Isolated: when a group fails, its batches are retried one by one, and a failing batch one signal at a
/// time, so one bad item or one sender never fails another's signals.
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
    private SignalTable? _table;

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
                await ReloadAsync(grouping);
                throw;
            }
        }, ct);

    private async Task ReloadAsync(CandidateGrouping grouping)
    {
        try
        {
            grouping.Load(await store.LoadOpenAsync(CancellationToken.None));
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not reload the open candidates after a failed commit");
        }
    }

    private Task<List<IReadOnlyList<IngestItemResult>>> WriteOnceAsync(IReadOnlyList<IReadOnlyList<PreparedSignal>> batches,
        CandidateGrouping grouping, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow().UtcDateTime;
        var table = _table ??= SignalTable.Open(ConnectionString(), _options.Durability);
        List<IReadOnlyList<IngestItemResult>> answers;
        var touched = new Dictionary<IncidentCandidate, bool>(ReferenceEqualityComparer.Instance);
        try
        {
            using var transaction = table.Begin();
            var seen = table.ExistingKeys(batches.SelectMany(b => b), transaction);
            var results = batches.Select(b => new List<IngestItemResult>(b.Count)).ToList();
            var accepted = new List<(PreparedSignal Signal, IncidentCandidate Candidate, List<IngestItemResult> Results)>();
            var created = new List<IncidentCandidate>();
            for (var b = 0; b < batches.Count; b++)
            {
                foreach (var signal in batches[b])
                {
                    if (!seen.Add((signal.Source, signal.IdempotencyKey)))
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
                    accepted.Add((signal, candidate, results[b]));
                }
            }

            foreach (var candidate in created)
            {
                table.InsertCandidate(candidate, transaction);
            }
            var systems = new Dictionary<int, SystemRisk>();
            foreach (var (signal, candidate, itemResults) in accepted)
            {
                var id = table.InsertSignal(signal, candidate, transaction);
                itemResults.Add(new IngestItemResult(signal.Index, IngestOutcome.Accepted, id, signal.Warning, null));
                Apply(signal, candidate, now);
                touched[candidate] = true;
                if (signal.System is { } system)
                {
                    systems[system.Id] = system;
                }
            }
            foreach (var candidate in touched.Keys)
            {
                // Once per candidate and group, not per signal: the evidence already holds everything the rules read.
                if (systems.TryGetValue(candidate.AiSystemId, out var system))
                {
                    candidate.Estimate(system, _options.Rules);
                }
                table.UpdateCandidate(candidate, transaction);
            }
            var committing = Stopwatch.GetTimestamp();
            transaction.Commit();
            var committed = Stopwatch.GetTimestamp();
            stats.Committed(accepted.Count, committed - started, committed - committing);
            answers = [.. results.Select(r => (IReadOnlyList<IngestItemResult>)(r.Count > 1 ? [.. r.OrderBy(x => x.Index)] : r))];
        }
        catch
        {
            // The connection may be what failed: the next group opens a fresh one.
            _table = null;
            table.Dispose();
            throw;
        }

        foreach (var candidate in touched.Keys)
        {
            grouping.Index(candidate);
            publisher.CandidateChanged(candidate.Id);
            if (candidate.IncidentKey is { } key)
            {
                publisher.SignalsArrived(key);
            }
        }
        return Task.FromResult(answers);
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

    public void Dispose()
    {
        _table?.Dispose();
        _table = null;
    }
}
