using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.Core.Detection;

/// <summary>
/// Turns signals into incident candidates. One loop owns every candidate: it takes ingestion batches, decisions
/// (promote, merge, dismiss) and clock ticks from its <see cref="DetectionQueue"/> in order, so candidates in memory and
/// in the database never disagree. The work itself is done by the pieces: <see cref="SignalIntake"/> journals senders'
/// triggers on their own threads and places and stores them behind the answers (acknowledges and resolves, which read the
/// open alerts, it stores on the loop), <see cref="CandidateGrouping"/> places each signal,
/// <see cref="CandidateDecisions"/> judges and decides, <see cref="DetectionPublisher"/> tells the views.
/// </summary>
public sealed class DetectionEngine : BackgroundService, ISignalIngestor
{
    /// <summary>How many batches, decisions and ticks may wait before senders wait too.</summary>
    public const int QueueCapacity = 10_000;

    private readonly SignalIntake _intake;
    private readonly CandidateDecisions _decisions;
    private readonly ICandidateStore _store;
    private readonly SystemDirectory _systems;
    private readonly TimeProvider _clock;
    private readonly ILogger<DetectionEngine> _logger;
    private readonly DetectionOptions _options;
    private readonly DetectionQueue _queue;
    private readonly CandidateGrouping _grouping;

    public DetectionEngine(DetectionQueue queue, SignalIntake intake, CandidateDecisions decisions, ICandidateStore store,
        SystemDirectory systems, IOptions<DetectionOptions> options, TimeProvider clock, ILogger<DetectionEngine> logger)
    {
        _intake = intake;
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
            // The loop is behind: wait for it rather than pile up signals in memory.
            if (_intake.PendingSignals >= 4 * _options.ApplyAfterSignals)
            {
                await _queue.CatchUpAsync(cancellationToken);
            }
            var answered = _intake.TryAccept(prepared) ?? await _queue.IngestAsync(prepared, cancellationToken);
            foreach (var result in answered)
            {
                results[result.Index] = result;
            }
            if (_intake.PendingSignals >= _options.ApplyAfterSignals)
            {
                _queue.RequestApply();
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

    /// <summary>Replays what a crash left in the signal journal before anything is served, then starts the loop.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await _intake.RecoverAsync(_grouping, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <summary>Stops the loop, then applies what is still only journaled (a clean stop leaves nothing to replay).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await _intake.ApplyAsync(_grouping, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Could not apply the signal journal on stop; it is replayed at the next start");
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
        DetectionQueue.EnterLoop();
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
                await _intake.CommitAsync(group.Batches, _grouping, stoppingToken);
                if (_intake.PendingSignals >= _options.ApplyAfterSignals)
                {
                    await ApplySafelyAsync(stoppingToken);
                }
                break;
            case ApplyWork:
                _queue.ApplyTaken();
                await ApplySafelyAsync(stoppingToken);
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
                    : catchUp.Completion.TrySetException(new InvalidOperationException("The journaled signals could not be applied; see the log."));
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

    /// <summary>Places and stores the journaled signals; a failure is logged and they stay journaled (durable) for the next try.</summary>
    private async Task<bool> ApplySafelyAsync(CancellationToken ct)
    {
        try
        {
            await _intake.ApplyAsync(_grouping, ct);
            return true;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            _logger.LogError(ex, "Could not apply the journaled signals; they stay durable and the next tick tries again");
            return false;
        }
    }

    private async Task DecideAsync(DecisionWork decision)
    {
        try
        {
            // Decisions write candidates through EF: the journaled signals go first, so nothing is written twice.
            await _intake.ApplyAsync(_grouping, CancellationToken.None);
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
            await _intake.ReloadAsync(_grouping, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            _logger.LogError(ex, "Could not reload open candidates");
        }
    }
}
