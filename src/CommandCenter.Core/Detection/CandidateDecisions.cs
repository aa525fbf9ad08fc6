using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.Core.Detection;

/// <summary>What a clock tick found: candidates whose state changed, those to open as incidents, those with signals to report.</summary>
public sealed record TickPlan(IReadOnlyList<IncidentCandidate> Changed, IReadOnlyList<IncidentCandidate> ToOpen, IReadOnlyList<IncidentCandidate> ToReport);

/// <summary>
/// What becomes of a candidate: judged when its group wait is over (opened as an incident at or above the auto-open
/// severity, otherwise left for a person), resolved after its resolve timeout, promoted, merged or dismissed by a
/// responder, and its new signals written to its incident's timeline at most once per group interval. The rules are
/// <see cref="Judge"/> and <see cref="ReportText"/>, which touch nothing outside the candidates; the rest carries them
/// out through the incident link and the candidate store.
/// </summary>
public sealed class CandidateDecisions(
    IIncidentLink incidents,
    ICandidateStore store,
    DetectionPublisher publisher,
    IOptions<DetectionOptions> options,
    TimeProvider clock,
    ILogger<CandidateDecisions> logger)
{
    private readonly DetectionOptions _options = options.Value;

    /// <summary>Group wait, group interval and resolve timeout, applied to the open candidates at <paramref name="now"/>.</summary>
    public static TickPlan Judge(IEnumerable<IncidentCandidate> open, DateTime now, DetectionOptions options)
    {
        var changed = new List<IncidentCandidate>();
        var toOpen = new List<IncidentCandidate>();
        var toReport = new List<IncidentCandidate>();
        foreach (var candidate in open)
        {
            var grouping = options.For(candidate.Source);
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
                if (candidate.Severity <= options.AutoOpenAtOrAbove)
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
        return new TickPlan(changed, toOpen, toReport.Where(c => !toOpen.Contains(c)).ToList());
    }

    /// <summary>Runs a tick over the grouping's open candidates; resolved ones leave the grouping.</summary>
    public async Task TickAsync(CandidateGrouping grouping, CancellationToken ct)
    {
        var plan = Judge([.. grouping.Open], Now(), _options);
        if (plan.Changed.Count > 0)
        {
            await SaveAsync(plan.Changed, ct);
        }
        foreach (var candidate in plan.ToOpen)
        {
            await OpenIncidentAsync(candidate, CandidateDecision.AutoOpened, _options.Author, CandidatePromotion.AsEstimated);
        }
        foreach (var candidate in plan.ToReport)
        {
            await ReportAsync(candidate, ct);
        }
        foreach (var candidate in plan.Changed.Where(c => !c.IsOpen))
        {
            grouping.Forget(candidate);
        }
        publisher.Flush();
    }

    /// <summary>Opens an incident from the candidate; a responder may correct the title, severity and archetype and take command.</summary>
    public Task PromoteAsync(IncidentCandidate candidate, string actor, CandidatePromotion promotion) =>
        DecidedAsync(candidate, OpenIncidentAsync(candidate, CandidateDecision.Promoted, actor, promotion));

    /// <summary>Adds the candidate's signals to an open incident: it was the same failure.</summary>
    public Task MergeAsync(IncidentCandidate candidate, string incidentKey, string actor) => DecidedAsync(candidate, MergeIntoAsync(candidate, incidentKey, actor));

    /// <summary>A false positive, with the reason (counted in the false-positive rate).</summary>
    public Task DismissAsync(IncidentCandidate candidate, string reason, string actor)
    {
        candidate.Dismiss(reason, actor, Now());
        return DecidedAsync(candidate, SaveAsync([candidate], CancellationToken.None));
    }

    /// <summary>The timeline text for a candidate's unreported signals.</summary>
    public static string ReportText(IncidentCandidate candidate)
    {
        var unreported = candidate.Unreported;
        var text = (candidate.LastReportedAt is null
                ? $"Detection candidate #{candidate.Id} ({Describe(candidate.Decision)} by {candidate.DecidedBy}): "
                : "")
            + $"{unreported.Count} signal(s) — {unreported.Describe()}."
            + (unreported.Summaries.Count > 0 ? $" Latest: \"{unreported.Summaries[^1]}\"" : "")
            + (candidate.IsOpen ? "" : $" Signals stopped: {candidate.ResolvedReason}.");
        return text.Length > Limits.TimelineTextLength ? text[..(Limits.TimelineTextLength - 1)] + "…" : text;
    }

    /// <summary>
    /// The incident a candidate opens: the responder's choices over the estimates, the estimates and their reasons in the
    /// summary (with what the responder corrected), impact from the first signal.
    /// </summary>
    public static DeclareIncident DeclareCommand(IncidentCandidate candidate, CandidatePromotion promotion, DateTime now)
    {
        var severity = promotion.Severity ?? candidate.Severity;
        var archetype = promotion.Archetype ?? candidate.Archetype;
        var corrected = (severity != candidate.Severity ? $" Severity set to {severity.Label()} by the responder." : "")
            + (archetype != candidate.Archetype ? $" Archetype corrected to {archetype.Name()} by the responder." : "");
        return new DeclareIncident(
            promotion.Title ?? candidate.Title,
            $"Opened from detection candidate #{candidate.Id}: {candidate.SignalCount} signal(s) since {candidate.FirstSignalAt:yyyy-MM-dd HH:mm} UTC. "
            + $"Severity estimate: {string.Join("; ", candidate.SeverityReasons)}. Archetype estimate: {candidate.ArchetypeReason}.{corrected}",
            severity.Code(),
            archetype.Code(),
            candidate.SystemSlug,
            TakeCommand: promotion.TakeCommand,
            ImpactStartedAt: candidate.FirstSignalAt < now ? candidate.FirstSignalAt : now);
    }

    private async Task DecidedAsync(IncidentCandidate candidate, Task decision)
    {
        await decision;
        publisher.CandidateChanged(candidate.Id);
        publisher.Flush();
    }

    private async Task OpenIncidentAsync(IncidentCandidate candidate, CandidateDecision decision, string actor, CandidatePromotion promotion)
    {
        candidate.EnsureUndecided(decision == CandidateDecision.AutoOpened ? "open an incident from" : "promote");
        var now = Now();
        var key = await incidents.DeclareAsync(candidate, DeclareCommand(candidate, promotion, now), actor, (incidentId, incidentKey) =>
        {
            if (decision == CandidateDecision.AutoOpened)
            {
                candidate.OpenedAutomatically(incidentId, incidentKey, actor, now);
            }
            else
            {
                candidate.Promote(incidentId, incidentKey, actor, now);
            }
        }, CancellationToken.None);
        logger.LogInformation("Candidate {CandidateId} became {IncidentKey} ({Decision} by {Actor})", candidate.Id, key, decision, actor);
        await ReportAsync(candidate, CancellationToken.None);
        await incidents.AssembleTriageAsync(key, CancellationToken.None);
    }

    private async Task MergeIntoAsync(IncidentCandidate candidate, string incidentKey, string actor)
    {
        candidate.EnsureUndecided("merge");
        var now = Now();
        await incidents.AttachAsync(candidate, incidentKey, (incidentId, key) => candidate.MergeInto(incidentId, key, actor, now),
            CancellationToken.None);
        await ReportAsync(candidate, CancellationToken.None);
    }

    /// <summary>Writes the candidate's unreported signals to its incident's timeline as one signal entry.</summary>
    private async Task ReportAsync(IncidentCandidate candidate, CancellationToken ct)
    {
        if (candidate.IncidentKey is not { } key || candidate.Unreported.IsEmpty)
        {
            return;
        }
        var firstAt = candidate.Unreported.Kinds.Values.Min(k => k.FirstAt);
        var earliestAllowed = Now() - Incident.MaxBackdating + TimeSpan.FromMinutes(1);
        await incidents.RecordSignalsAsync(key, ReportText(candidate), firstAt < earliestAllowed ? earliestAllowed : firstAt, _options.Author, ct);
        candidate.Reported(Now());
        await SaveAsync([candidate], ct);
        publisher.SignalsArrived(key);
    }

    private async Task SaveAsync(IReadOnlyCollection<IncidentCandidate> candidates, CancellationToken ct)
    {
        await store.SaveAsync(candidates, ct);
        foreach (var candidate in candidates)
        {
            publisher.CandidateChanged(candidate.Id);
        }
    }

    private static string Describe(CandidateDecision decision) => decision switch
    {
        CandidateDecision.AutoOpened => "opened automatically",
        CandidateDecision.Merged => "merged",
        _ => "promoted",
    };

    private static string Format(TimeSpan span) => span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0.#} min" : $"{span.TotalSeconds:0} s";

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}

/// <summary>
/// What a responder chose when promoting a candidate: each null keeps the estimate. The promoter takes command unless
/// they decline; an automatic opening takes the estimates and leaves the command seat for a person.
/// </summary>
public sealed record CandidatePromotion(string? Title = null, Severity? Severity = null, Archetype? Archetype = null, bool TakeCommand = true)
{
    public static readonly CandidatePromotion AsEstimated = new(TakeCommand: false);
}
