using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.Core.Detection;

/// <summary>
/// Turns signals into incident candidates. One loop owns every candidate: it takes ingestion batches, decisions
/// (promote, merge, dismiss) and clock ticks from its <see cref="DetectionQueue"/> in order, so candidates in memory and
/// in the database never disagree. The work itself is done by the pieces: <see cref="SignalGroupCommit"/> stores the
/// batches that waited together in one transaction, <see cref="CandidateGrouping"/> places each signal,
/// <see cref="CandidateDecisions"/> judges and decides, <see cref="DetectionPublisher"/> tells the views.
/// </summary>
public sealed class DetectionEngine : BackgroundService, ISignalIngestor
{
    /// <summary>How many batches, decisions and ticks may wait before senders wait too.</summary>
    public const int QueueCapacity = 10_000;

    private readonly SignalGroupCommit _groupCommit;
    private readonly CandidateDecisions _decisions;
    private readonly ICandidateStore _store;
    private readonly SystemDirectory _systems;
    private readonly TimeProvider _clock;
    private readonly ILogger<DetectionEngine> _logger;
    private readonly DetectionOptions _options;
    private readonly DetectionQueue _queue;
    private readonly CandidateGrouping _grouping;

    public DetectionEngine(DetectionQueue queue, SignalGroupCommit groupCommit, CandidateDecisions decisions, ICandidateStore store,
        SystemDirectory systems, IOptions<DetectionOptions> options, TimeProvider clock, ILogger<DetectionEngine> logger)
    {
        _groupCommit = groupCommit;
        _decisions = decisions;
        _store = store;
        _systems = systems;
        _clock = clock;
        _logger = logger;
        _options = options.Value;
        _queue = queue;
        _grouping = new CandidateGrouping(_options);
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

        var now = _clock.GetUtcNow().UtcDateTime;
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
            foreach (var result in await _queue.IngestAsync(prepared, cancellationToken))
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

    /// <summary>Opens an incident from a pending candidate with the responder's corrections to the estimates.</summary>
    internal Task<CandidateView> PromoteAsync(long candidateId, string actor, PromoteCandidate choices, CancellationToken cancellationToken = default)
    {
        var v = new Validator();
        var who = v.RequiredText("actor", actor, Limits.PersonNameLength, "Your name");
        var newTitle = v.OptionalText("title", choices.Title, Limits.TitleLength, "Title");
        Severity? newSeverity = string.IsNullOrWhiteSpace(choices.Severity) ? null
            : v.Parsed("severity", choices.Severity, SeverityText.Parse, "Severity", SeverityText.Allowed);
        Archetype? newArchetype = string.IsNullOrWhiteSpace(choices.Archetype) ? null
            : v.Parsed("archetype", choices.Archetype, Archetypes.Parse, "Archetype", Archetypes.Allowed);
        v.ThrowIfInvalid();
        var promotion = new CandidatePromotion(newTitle, newSeverity, newArchetype, choices.TakeCommand);
        return _queue.DecideAsync(candidateId, c => _decisions.PromoteAsync(c, who!, promotion), cancellationToken);
    }

    /// <summary>Adds a candidate's signals to an open incident: it was the same failure.</summary>
    internal Task<CandidateView> MergeAsync(long candidateId, string incidentKey, string actor, CancellationToken cancellationToken = default)
    {
        var v = new Validator();
        var who = v.RequiredText("actor", actor, Limits.PersonNameLength, "Your name");
        var key = v.RequiredText("incidentKey", incidentKey, 24, "Incident");
        v.ThrowIfInvalid();
        return _queue.DecideAsync(candidateId, c => _decisions.MergeAsync(c, key!, who!), cancellationToken);
    }

    /// <summary>Marks a candidate a false positive, with the reason (counted in the false-positive rate).</summary>
    internal Task<CandidateView> DismissAsync(long candidateId, string reason, string actor, CancellationToken cancellationToken = default)
    {
        var v = new Validator();
        var who = v.RequiredText("actor", actor, Limits.PersonNameLength, "Your name");
        var why = v.RequiredText("reason", reason, IncidentCandidate.DismissReasonLength, "Reason");
        v.ThrowIfInvalid();
        return _queue.DecideAsync(candidateId, c => _decisions.DismissAsync(c, why!, who!), cancellationToken);
    }

    /// <summary>Replays what a crash left in the signal inbox before anything is served, then starts the loop.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await _groupCommit.RecoverAsync(_grouping, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <summary>Stops the loop, then applies what is still in the inbox (a clean stop leaves nothing to replay).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await _groupCommit.ApplyAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Could not apply the signal inbox on stop; it is replayed at the next start");
        }
    }

    /// <summary>Runs the group wait, interval and resolve timeout checks now (tests drive the clock and call this).</summary>
    internal Task TickNowAsync(CancellationToken cancellationToken = default) => _queue.TickAsync(cancellationToken);

    /// <summary>
    /// The loop runs on its own thread: every signal passes through it, so it must not wait in the thread pool's queue
    /// behind HTTP work to be woken (<see cref="DetectionQueue.WaitForWork"/> wakes it directly).
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var ticker = new PeriodicTimer(_options.TickInterval, _clock);
        var ticking = TickForeverAsync(ticker, stoppingToken);
        await Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await ticking;
    }

    private void Run(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                while (_queue.TryTake(out var work))
                {
                    ProcessAsync(work, stoppingToken).GetAwaiter().GetResult();
                }
                _queue.WaitForWork(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ProcessAsync(DetectionWork work, CancellationToken stoppingToken)
    {
        switch (work)
        {
            case IngestGroup group:
                await _groupCommit.CommitAsync(group.Batches, _grouping, stoppingToken);
                if (_groupCommit.PendingSignals >= _options.ApplyAfterSignals)
                {
                    await ApplySafelyAsync(stoppingToken);
                }
                break;
            case DecisionWork decision:
                await DecideAsync(decision);
                break;
            case TickWork tick:
                await ApplySafelyAsync(stoppingToken);
                await TickSafelyAsync(stoppingToken);
                tick.Completion.TrySetResult();
                break;
            case CatchUpWork catchUp:
                var applied = await ApplySafelyAsync(stoppingToken);
                _ = applied ? catchUp.Completion.TrySetResult()
                    : catchUp.Completion.TrySetException(new InvalidOperationException("The signal inbox could not be applied; see the log."));
                break;
        }
    }

    private async Task TickForeverAsync(PeriodicTimer ticker, CancellationToken stoppingToken)
    {
        try
        {
            while (await ticker.WaitForNextTickAsync(stoppingToken))
            {
                _queue.TryTick();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task TickSafelyAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _decisions.TickAsync(_grouping, stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            _logger.LogError(ex, "Detection tick failed; candidates are reloaded from the database and the next tick tries again");
            await ReloadSafelyAsync(stoppingToken);
        }
    }

    /// <summary>Applies the inbox; a failure is logged and the inbox stays (it is durable) for the next try.</summary>
    private async Task<bool> ApplySafelyAsync(CancellationToken ct)
    {
        try
        {
            await _groupCommit.ApplyAsync(ct);
            return true;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            _logger.LogError(ex, "Could not apply the signal inbox; it stays durable and the next tick tries again");
            return false;
        }
    }

    private async Task DecideAsync(DecisionWork decision)
    {
        try
        {
            // Decisions write candidates through EF: the inbox's signals go first, so nothing is written twice.
            await _groupCommit.ApplyAsync(CancellationToken.None);
            var candidate = _grouping.Find(decision.CandidateId) ?? await _store.FindAsync(decision.CandidateId, CancellationToken.None)
                ?? throw new NotFoundException($"No candidate #{decision.CandidateId}.");
            await decision.Apply(candidate);
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

    private async Task ReloadSafelyAsync(CancellationToken ct)
    {
        try
        {
            await _groupCommit.RecoverAsync(_grouping, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            _logger.LogError(ex, "Could not reload open candidates");
        }
    }
}
