using System.Threading.Channels;
using CommandCenter.Core.Common;
using CommandCenter.Core.Events;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.Core.Detection;

/// <summary>
/// Turns signals into incident candidates. One loop owns every candidate: it takes ingestion batches, decisions
/// (promote, merge, dismiss) and clock ticks in order, so candidates in memory and in the database never disagree.
/// Ingestion is group-committed: whatever batches are waiting are written in one transaction, and each caller is
/// answered only after that transaction is durable.
/// </summary>
public sealed class DetectionEngine : BackgroundService, ISignalIngestor
{
    private const int DuplicateLookupChunk = 400;

    /// <summary>The one statement that stores a signal (bench/Ingestion times the same one for its raw SQLite comparison).</summary>
    internal const string InsertSignalSql = """
        INSERT INTO Signals (Source, IdempotencyKey, KeyHash, CandidateId, AiSystemId, Kind, RawKind, Value, Threshold, LabelsJson,
                             Fingerprint, Action, Summary, OccurredAt, ReceivedAt)
        VALUES ($source, $key, $hash, $candidate, $system, $kind, $rawKind, $value, $threshold, $labels,
                $fingerprint, $action, $summary, $occurredAt, $receivedAt)
        RETURNING Id
        """;

    private readonly IDbContextFactory<CommandCenterDbContext> _contextFactory;
    private readonly WriteGate _writeGate;
    private readonly IncidentService _incidents;
    private readonly TriageService _triage;
    private readonly SystemDirectory _systems;
    private readonly DetectionEventBus _detectionEvents;
    private readonly IIncidentEventPublisher _incidentEvents;
    private readonly TimeProvider _clock;
    private readonly ILogger<DetectionEngine> _logger;
    private readonly DetectionOptions _options;
    private readonly Channel<Command> _commands = Channel.CreateBounded<Command>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Dictionary<long, IncidentCandidate> _open = [];
    private readonly Dictionary<string, IncidentCandidate> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IncidentCandidate> _byFingerprint = new(StringComparer.Ordinal);
    private readonly HashSet<long> _changedCandidates = [];
    private readonly HashSet<string> _incidentsWithNewSignals = new(StringComparer.Ordinal);

    public DetectionEngine(IDbContextFactory<CommandCenterDbContext> contextFactory, WriteGate writeGate, IncidentService incidents,
        TriageService triage, SystemDirectory systems, DetectionEventBus detectionEvents, IIncidentEventPublisher incidentEvents,
        IOptions<DetectionOptions> options, TimeProvider clock, ILogger<DetectionEngine> logger)
    {
        _contextFactory = contextFactory;
        _writeGate = writeGate;
        _incidents = incidents;
        _triage = triage;
        _systems = systems;
        _detectionEvents = detectionEvents;
        _incidentEvents = incidentEvents;
        _clock = clock;
        _logger = logger;
        _options = options.Value;
    }

    public async Task<IngestResult> IngestAsync(string source, IReadOnlyList<IncomingSignal> signals, CancellationToken cancellationToken = default)
    {
        var v = new Validator();
        var sourceName = v.RequiredText("source", source, DetectionLimits.SourceLength, "Source");
        if (signals.Count == 0)
        {
            v.Add("signals", "Send at least one signal.");
        }
        else if (signals.Count > _options.MaxSignalsPerRequest)
        {
            v.Add("signals", $"At most {_options.MaxSignalsPerRequest} signals per request (this one has {signals.Count}); split the batch.");
        }
        v.ThrowIfInvalid();

        var now = Now();
        var results = new IngestItemResult?[signals.Count];
        var prepared = new List<PreparedSignal>(signals.Count);
        for (var i = 0; i < signals.Count; i++)
        {
            var (signal, errors) = await SignalPreparation.PrepareAsync(i, sourceName!, signals[i], _systems, now, cancellationToken);
            if (signal is null)
            {
                results[i] = new IngestItemResult(i, IngestOutcome.Rejected, null, null, errors);
            }
            else
            {
                prepared.Add(signal);
            }
        }

        if (prepared.Count > 0)
        {
            var command = new IngestCommand(prepared);
            await _commands.Writer.WriteAsync(command, cancellationToken);
            foreach (var result in await command.Completion.Task.WaitAsync(cancellationToken))
            {
                results[result.Index] = result;
            }
        }

        var items = results.Select(r => r!).ToList();
        return new IngestResult(
            items.Count(r => r.Outcome == IngestOutcome.Accepted),
            items.Count(r => r.Outcome == IngestOutcome.Duplicate),
            items.Count(r => r.Outcome == IngestOutcome.Rejected),
            items);
    }

    /// <summary>Opens an incident from a pending candidate; the title and severity may be adjusted by the responder.</summary>
    internal Task<CandidateView> PromoteAsync(long candidateId, string actor, string? title = null, string? severity = null,
        CancellationToken cancellationToken = default)
    {
        var v = new Validator();
        var who = v.RequiredText("actor", actor, Limits.PersonNameLength, "Your name");
        var newTitle = v.OptionalText("title", title, Limits.TitleLength, "Title");
        Severity? newSeverity = null;
        if (!string.IsNullOrWhiteSpace(severity))
        {
            newSeverity = v.Parsed("severity", severity, SeverityText.Parse, "Severity", SeverityText.Allowed);
        }
        v.ThrowIfInvalid();
        return RunAsync(new DecisionCommand(candidateId, c => OpenIncidentAsync(c, CandidateDecision.Promoted, who!, newTitle, newSeverity)),
            cancellationToken);
    }

    /// <summary>Adds a candidate's signals to an open incident: it was the same failure.</summary>
    internal Task<CandidateView> MergeAsync(long candidateId, string incidentKey, string actor, CancellationToken cancellationToken = default)
    {
        var v = new Validator();
        var who = v.RequiredText("actor", actor, Limits.PersonNameLength, "Your name");
        var key = v.RequiredText("incidentKey", incidentKey, 24, "Incident");
        v.ThrowIfInvalid();
        return RunAsync(new DecisionCommand(candidateId, c => MergeIntoAsync(c, key!, who!)), cancellationToken);
    }

    /// <summary>Marks a candidate a false positive, with the reason (counted in the false-positive rate).</summary>
    internal Task<CandidateView> DismissAsync(long candidateId, string reason, string actor, CancellationToken cancellationToken = default)
    {
        var v = new Validator();
        var who = v.RequiredText("actor", actor, Limits.PersonNameLength, "Your name");
        var why = v.RequiredText("reason", reason, IncidentCandidate.DismissReasonLength, "Reason");
        v.ThrowIfInvalid();
        return RunAsync(new DecisionCommand(candidateId, async c =>
        {
            c.Dismiss(why!, who!, Now());
            await SaveCandidatesAsync([c], CancellationToken.None);
        }), cancellationToken);
    }

    /// <summary>Runs the group wait, interval and resolve timeout checks now (tests drive the clock and call this).</summary>
    internal async Task TickNowAsync(CancellationToken cancellationToken = default)
    {
        var tick = new TickCommand();
        await _commands.Writer.WriteAsync(tick, cancellationToken);
        await tick.Completion.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await LoadOpenCandidatesAsync(stoppingToken);
        using var ticker = new PeriodicTimer(_options.TickInterval, _clock);
        var ticking = TickForeverAsync(ticker, stoppingToken);
        try
        {
            await foreach (var command in _commands.Reader.ReadAllAsync(stoppingToken))
            {
                await HandleAsync(command, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await ticking;
    }

    private async Task TickForeverAsync(PeriodicTimer ticker, CancellationToken stoppingToken)
    {
        try
        {
            while (await ticker.WaitForNextTickAsync(stoppingToken))
            {
                // A tick that finds the queue full is simply skipped; the next one does the same work.
                _commands.Writer.TryWrite(new TickCommand());
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task HandleAsync(Command command, CancellationToken stoppingToken)
    {
        switch (command)
        {
            case IngestCommand first:
                var batch = new List<IngestCommand> { first };
                var count = first.Signals.Count;
                while (count < _options.MaxBatch && _commands.Reader.TryPeek(out var next) && next is IngestCommand more)
                {
                    _commands.Reader.TryRead(out _);
                    batch.Add(more);
                    count += more.Signals.Count;
                }
                await IngestBatchAsync(batch, stoppingToken);
                break;
            case DecisionCommand decision:
                await DecideAsync(decision);
                break;
            case TickCommand tick:
                await TickSafelyAsync(stoppingToken);
                tick.Completion.TrySetResult();
                break;
        }
    }

    private async Task IngestBatchAsync(List<IngestCommand> batch, CancellationToken stoppingToken)
    {
        try
        {
            var results = await _writeGate.RunAsync(ct => WriteBatchAsync(batch, ct), stoppingToken);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(results[i]);
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Could not store a batch of {Count} signals; the senders get an error and may retry", batch.Sum(b => b.Signals.Count));
            foreach (var command in batch)
            {
                command.Completion.TrySetException(ex);
            }
            await ReloadSafelyAsync(stoppingToken);
        }
    }

    private async Task<List<List<IngestItemResult>>> WriteBatchAsync(List<IngestCommand> batch, CancellationToken ct)
    {
        var now = Now();
        await using var db = await _contextFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var sqliteTransaction = (SqliteTransaction)transaction.GetDbTransaction();

        var all = batch.SelectMany(b => b.Signals).ToList();
        var seen = await ExistingKeysAsync(connection, sqliteTransaction, all, ct);
        var results = batch.Select(b => new List<IngestItemResult>(b.Signals.Count)).ToList();
        var accepted = new List<(PreparedSignal Signal, IncidentCandidate Candidate, List<IngestItemResult> Results)>();
        var touched = new Dictionary<long, IncidentCandidate>();
        var created = new List<IncidentCandidate>();

        for (var b = 0; b < batch.Count; b++)
        {
            foreach (var signal in batch[b].Signals)
            {
                if (!seen.Add((signal.Source, signal.IdempotencyKey)))
                {
                    results[b].Add(new IngestItemResult(signal.Index, IngestOutcome.Duplicate, null, signal.Warning, null));
                    continue;
                }
                var candidate = signal.Action == SignalAction.Trigger ? GroupFor(signal, created, now) : FindAlert(signal);
                if (candidate is null)
                {
                    results[b].Add(new IngestItemResult(signal.Index, IngestOutcome.Accepted, null,
                        $"No open alert has fingerprint '{signal.Fingerprint}'; nothing to {signal.Action.ToString().ToLowerInvariant()}.", null));
                    continue;
                }
                accepted.Add((signal, candidate, results[b]));
            }
        }

        db.Candidates.AddRange(created);
        await db.SaveChangesAsync(ct);

        await using (var insert = InsertCommand(connection, sqliteTransaction))
        {
            foreach (var (signal, candidate, itemResults) in accepted)
            {
                var id = await InsertAsync(insert, signal, candidate, ct);
                itemResults.Add(new IngestItemResult(signal.Index, IngestOutcome.Accepted, id, signal.Warning, null));
                Apply(signal, candidate, now);
                touched[candidate.Id] = candidate;
            }
        }

        var systemsById = accepted.Where(a => a.Signal.System is not null).Select(a => a.Signal.System!).DistinctBy(s => s.Id)
            .ToDictionary(s => s.Id);
        foreach (var candidate in touched.Values)
        {
            // Once per candidate and batch, not per signal: the evidence already holds everything the rules read.
            if (systemsById.TryGetValue(candidate.AiSystemId, out var system))
            {
                candidate.Estimate(system, _options.Rules);
            }
            if (created.Contains(candidate))
            {
                continue;
            }
            db.Candidates.Attach(candidate);
            db.Entry(candidate).State = EntityState.Modified;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        foreach (var candidate in touched.Values)
        {
            Index(candidate);
            _changedCandidates.Add(candidate.Id);
            if (candidate.IncidentKey is { } key)
            {
                _incidentsWithNewSignals.Add(key);
            }
        }
        return results.Select(r => r.OrderBy(x => x.Index).ToList()).ToList();
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

    /// <summary>The open candidate a trigger belongs to, or a new one: by alert fingerprint, then by system + archetype + labels.</summary>
    private IncidentCandidate GroupFor(PreparedSignal signal, List<IncidentCandidate> created, DateTime now)
    {
        if (signal.Fingerprint is { } fingerprint && _byFingerprint.TryGetValue(FingerprintKey(signal.Source, fingerprint), out var alert) && alert.IsOpen)
        {
            return alert;
        }
        var system = signal.System!;
        var grouping = _options.For(signal.Source);
        var labels = grouping.IdentifyingLabels
            .Where(signal.Labels.ContainsKey)
            .ToDictionary(l => l, l => signal.Labels[l], StringComparer.Ordinal);
        var symptomsKey = IncidentCandidate.KeyFor(system.Slug, null, labels);

        IncidentCandidate? found;
        if (ArchetypeEstimator.Evidence.TryGetValue(signal.Kind, out var archetype))
        {
            var key = IncidentCandidate.KeyFor(system.Slug, archetype, labels);
            if (TryOpen(key, out found))
            {
                return found;
            }
            if (TryOpen(symptomsKey, out found) && found.Status is CandidateStatus.Forming or CandidateStatus.Pending)
            {
                _byKey.Remove(symptomsKey);
                found.Rekey(key);
                _byKey[key] = found;
                return found;
            }
            return Create(key, ArchetypeEstimator.For(signal.Kind, system.Kind));
        }

        // A symptom joins whatever is open for the same system and labels: latency rising with injection hits is one story.
        var suffix = symptomsKey[symptomsKey.LastIndexOf('|')..];
        found = _open.Values.Concat(created)
            .Where(c => c.IsOpen && c.AiSystemId == system.Id && c.GroupKey.EndsWith(suffix, StringComparison.Ordinal))
            .MaxBy(c => c.LastTriggerReceivedAt);
        return found ?? Create(symptomsKey, ArchetypeEstimator.For(signal.Kind, system.Kind));

        IncidentCandidate Create(string key, Archetype estimated)
        {
            var candidate = new IncidentCandidate(key, system, signal.Source, labels,
                estimated, signal.OccurredAt, now);
            created.Add(candidate);
            _byKey[key] = candidate;
            return candidate;
        }
    }

    private IncidentCandidate? FindAlert(PreparedSignal signal) =>
        _byFingerprint.TryGetValue(FingerprintKey(signal.Source, signal.Fingerprint!), out var candidate) && candidate.IsOpen ? candidate : null;

    private bool TryOpen(string key, out IncidentCandidate candidate)
    {
        if (_byKey.TryGetValue(key, out var found) && found.IsOpen)
        {
            candidate = found;
            return true;
        }
        candidate = null!;
        return false;
    }

    private void Index(IncidentCandidate candidate)
    {
        if (!candidate.IsOpen)
        {
            Forget(candidate);
            return;
        }
        _open[candidate.Id] = candidate;
        _byKey[candidate.GroupKey] = candidate;
        foreach (var fingerprint in candidate.FiringAlerts)
        {
            _byFingerprint[FingerprintKey(candidate.Source, fingerprint)] = candidate;
        }
    }

    private void Forget(IncidentCandidate candidate)
    {
        _open.Remove(candidate.Id);
        if (_byKey.TryGetValue(candidate.GroupKey, out var byKey) && byKey.Id == candidate.Id)
        {
            _byKey.Remove(candidate.GroupKey);
        }
        foreach (var stale in _byFingerprint.Where(f => f.Value.Id == candidate.Id).Select(f => f.Key).ToList())
        {
            _byFingerprint.Remove(stale);
        }
    }

    private static string FingerprintKey(string source, string fingerprint) => source + "\n" + fingerprint;

    private static async Task<HashSet<(string, string)>> ExistingKeysAsync(SqliteConnection connection, SqliteTransaction transaction,
        List<PreparedSignal> signals, CancellationToken ct)
    {
        var existing = new HashSet<(string, string)>();
        foreach (var chunk in signals.Select(s => s.KeyHash).Distinct().Chunk(DuplicateLookupChunk))
        {
            await using var query = connection.CreateCommand();
            query.Transaction = transaction;
            var names = chunk.Select((_, i) => "$h" + i).ToList();
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

    private static SqliteCommand InsertCommand(SqliteConnection connection, SqliteTransaction transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = InsertSignalSql;
        foreach (var name in new[] { "$source", "$key", "$hash", "$candidate", "$system", "$kind", "$rawKind", "$value", "$threshold", "$labels",
                     "$fingerprint", "$action", "$summary", "$occurredAt", "$receivedAt" })
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        command.Prepare();
        return command;
    }

    private static async Task<long> InsertAsync(SqliteCommand insert, PreparedSignal signal, IncidentCandidate candidate, CancellationToken ct)
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
        // The same text EF writes for a DateTime, so LINQ range queries over these columns compare correctly.
        p["$occurredAt"].Value = signal.OccurredAt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);
        p["$receivedAt"].Value = signal.ReceivedAt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);
        return (long)(await insert.ExecuteScalarAsync(ct))!;
    }

    private async Task TickSafelyAsync(CancellationToken stoppingToken)
    {
        try
        {
            await TickAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            _logger.LogError(ex, "Detection tick failed; candidates are reloaded from the database and the next tick tries again");
            await ReloadSafelyAsync(stoppingToken);
        }
    }

    /// <summary>Group wait, group interval and resolve timeout, and the throttled live notifications.</summary>
    private async Task TickAsync(CancellationToken ct)
    {
        var now = Now();
        var changed = new List<IncidentCandidate>();
        var toOpen = new List<IncidentCandidate>();
        var toReport = new List<IncidentCandidate>();
        foreach (var candidate in _open.Values.ToList())
        {
            var grouping = _options.For(candidate.Source);
            if (now - candidate.LastTriggerReceivedAt >= grouping.ResolveTimeout)
            {
                candidate.Resolve(now, $"no new signal for {Format(grouping.ResolveTimeout)}");
                candidate.FinishForming();
                changed.Add(candidate);
            }
            else if (candidate.Status == CandidateStatus.Forming && now - candidate.CreatedAt >= grouping.GroupWait)
            {
                candidate.FinishForming();
                changed.Add(candidate);
                if (candidate.Severity <= _options.AutoOpenAtOrAbove)
                {
                    toOpen.Add(candidate);
                }
            }
            if (candidate.Status == CandidateStatus.Incident && !candidate.Unreported.IsEmpty
                && (candidate.LastReportedAt is null || now - candidate.LastReportedAt >= grouping.GroupInterval || !candidate.IsOpen))
            {
                toReport.Add(candidate);
            }
        }
        if (changed.Count > 0)
        {
            await SaveCandidatesAsync(changed, ct);
        }
        foreach (var candidate in toOpen)
        {
            await OpenIncidentAsync(candidate, CandidateDecision.AutoOpened, _options.Author, title: null, severity: null);
        }
        foreach (var candidate in toReport.Where(c => !toOpen.Contains(c)))
        {
            await ReportAsync(candidate, ct);
        }
        foreach (var candidate in changed.Where(c => !c.IsOpen))
        {
            Forget(candidate);
        }
        PublishChanges();
    }

    private void PublishChanges()
    {
        if (_changedCandidates.Count > 0)
        {
            _detectionEvents.Publish([new CandidatesChangedNotification([.. _changedCandidates])]);
            _changedCandidates.Clear();
        }
        if (_incidentsWithNewSignals.Count > 0)
        {
            _incidentEvents.Publish(_incidentsWithNewSignals.Select(key => (IncidentNotification)new IncidentSignalsNotification(key)).ToList());
            _incidentsWithNewSignals.Clear();
        }
    }

    private async Task DecideAsync(DecisionCommand decision)
    {
        try
        {
            var candidate = _open.GetValueOrDefault(decision.CandidateId) ?? await LoadClosedAsync(decision.CandidateId)
                ?? throw new NotFoundException($"No candidate #{decision.CandidateId}.");
            await decision.Apply(candidate);
            _changedCandidates.Add(candidate.Id);
            PublishChanges();
            decision.Completion.TrySetResult(candidate.ToView(_options.For(candidate.Source)));
        }
        catch (Exception ex)
        {
            decision.Completion.TrySetException(ex);
            if (ex is not DomainException)
            {
                await ReloadSafelyAsync(CancellationToken.None);
            }
        }
    }

    private async Task<IncidentCandidate?> LoadClosedAsync(long id)
    {
        await using var db = await _contextFactory.CreateDbContextAsync();
        return await db.Candidates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id);
    }

    private async Task OpenIncidentAsync(IncidentCandidate candidate, CandidateDecision decision, string actor, string? title, Severity? severity)
    {
        candidate.EnsureUndecided(decision == CandidateDecision.AutoOpened ? "open an incident from" : "promote");
        var now = Now();
        var command = new DeclareIncident(
            title ?? candidate.Title,
            Summarize(candidate),
            (severity ?? candidate.Severity).Code(),
            candidate.Archetype.Code(),
            candidate.SystemSlug,
            TakeCommand: false,
            ImpactStartedAt: candidate.FirstSignalAt < now ? candidate.FirstSignalAt : now);
        var summary = await _incidents.DeclareAsync(command, actor, async (db, incident, _) =>
        {
            incident.LinkSignals(candidate.FirstSignalAt);
            if (decision == CandidateDecision.AutoOpened)
            {
                candidate.OpenedAutomatically(incident.Id, incident.Key, actor, now);
            }
            else
            {
                candidate.Promote(incident.Id, incident.Key, actor, now);
            }
            db.Candidates.Attach(candidate);
            db.Entry(candidate).State = EntityState.Modified;
            await Task.CompletedTask;
        }, CancellationToken.None);
        _logger.LogInformation("Candidate {CandidateId} became {IncidentKey} ({Decision} by {Actor})", candidate.Id, summary.Key, decision, actor);
        await ReportAsync(candidate, CancellationToken.None);
        await _triage.AssembleAsync(summary.Key, CancellationToken.None);
    }

    private async Task MergeIntoAsync(IncidentCandidate candidate, string incidentKey, string actor)
    {
        candidate.EnsureUndecided("merge");
        var now = Now();
        await _incidents.AttachSignalsAsync(incidentKey, candidate.FirstSignalAt, async (db, incident, _) =>
        {
            candidate.MergeInto(incident.Id, incident.Key, actor, now);
            db.Candidates.Attach(candidate);
            db.Entry(candidate).State = EntityState.Modified;
            await Task.CompletedTask;
        }, CancellationToken.None);
        await ReportAsync(candidate, CancellationToken.None);
    }

    /// <summary>Writes the candidate's unreported signals to its incident's timeline as one signal entry.</summary>
    private async Task ReportAsync(IncidentCandidate candidate, CancellationToken ct)
    {
        if (candidate.IncidentKey is not { } key || candidate.Unreported.IsEmpty)
        {
            return;
        }
        var unreported = candidate.Unreported;
        var firstReport = candidate.LastReportedAt is null;
        var text = (firstReport
                ? $"Detection candidate #{candidate.Id} ({Describe(candidate.Decision)} by {candidate.DecidedBy}): "
                : "")
            + $"{unreported.Count} signal(s) — {unreported.Describe()}."
            + (unreported.Summaries.Count > 0 ? $" Latest: \"{unreported.Summaries[^1]}\"" : "")
            + (candidate.IsOpen ? "" : $" Signals stopped: {candidate.ResolvedReason}.");
        if (text.Length > Limits.TimelineTextLength)
        {
            text = text[..(Limits.TimelineTextLength - 1)] + "…";
        }
        var firstAt = unreported.Kinds.Values.Min(k => k.FirstAt);
        var earliestAllowed = Now() - Incident.MaxBackdating + TimeSpan.FromMinutes(1);
        await _incidents.RecordAsync(key, new RecordTimelineEntry("signal", text, firstAt < earliestAllowed ? earliestAllowed : firstAt),
            Accounts.Actor.Automation(_options.Author), ct);
        candidate.Reported(Now());
        await SaveCandidatesAsync([candidate], ct);
        _incidentsWithNewSignals.Add(key);
    }

    private Task SaveCandidatesAsync(IReadOnlyCollection<IncidentCandidate> candidates, CancellationToken ct) =>
        _writeGate.RunAsync(async token =>
        {
            await using var db = await _contextFactory.CreateDbContextAsync(token);
            foreach (var candidate in candidates)
            {
                db.Candidates.Attach(candidate);
                db.Entry(candidate).State = EntityState.Modified;
                _changedCandidates.Add(candidate.Id);
            }
            return await db.SaveChangesAsync(token);
        }, ct);

    private async Task LoadOpenCandidatesAsync(CancellationToken ct)
    {
        await using var db = await _contextFactory.CreateDbContextAsync(ct);
        var open = await db.Candidates.AsNoTracking().Where(c => c.ResolvedAt == null).ToListAsync(ct);
        _open.Clear();
        _byKey.Clear();
        _byFingerprint.Clear();
        foreach (var candidate in open)
        {
            Index(candidate);
        }
    }

    private async Task ReloadSafelyAsync(CancellationToken ct)
    {
        try
        {
            await LoadOpenCandidatesAsync(ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            _logger.LogError(ex, "Could not reload open candidates");
        }
    }

    private async Task<CandidateView> RunAsync(DecisionCommand command, CancellationToken cancellationToken)
    {
        await _commands.Writer.WriteAsync(command, cancellationToken);
        return await command.Completion.Task.WaitAsync(cancellationToken);
    }

    private static string Summarize(IncidentCandidate candidate) =>
        $"Opened from detection candidate #{candidate.Id}: {candidate.SignalCount} signal(s) since {candidate.FirstSignalAt:yyyy-MM-dd HH:mm} UTC. "
        + $"Severity estimate: {string.Join("; ", candidate.SeverityReasons)}. Archetype estimate: {candidate.ArchetypeReason}.";

    private static string Describe(CandidateDecision decision) => decision switch
    {
        CandidateDecision.AutoOpened => "opened automatically",
        CandidateDecision.Merged => "merged",
        _ => "promoted",
    };

    private static string Format(TimeSpan span) => span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0.#} min" : $"{span.TotalSeconds:0} s";

    private DateTime Now() => _clock.GetUtcNow().UtcDateTime;

    private abstract record Command;

    private sealed record IngestCommand(List<PreparedSignal> Signals) : Command
    {
        public TaskCompletionSource<List<IngestItemResult>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record DecisionCommand(long CandidateId, Func<IncidentCandidate, Task> Apply) : Command
    {
        public TaskCompletionSource<CandidateView> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record TickCommand : Command
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
