using System.Text.RegularExpressions;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Core.Detection;

/// <summary>A signal kind that is out of line: how far past its threshold, since when, and which other kinds moved with it.</summary>
public sealed record Anomaly(string System, string Kind, int Count, double? WorstValue, double? Threshold, double Deviation,
    DateTime StartedAt, DateTime LastAt, IReadOnlyList<string> MovedWith);

/// <summary>A past incident like this one, why it is similar, how it ended and what was done.</summary>
public sealed record SimilarIncident(string Key, string Title, Archetype Archetype, string SystemName, Severity Severity,
    IncidentStatus Status, DateTime DetectedAt, double Score, IReadOnlyList<string> Reasons, TimeSpan? TimeToContain,
    IReadOnlyList<string> Mitigations);

/// <summary>A change in the snapshot, and whether it came before the first signal (a suspect) or during the incident.</summary>
public sealed record SnapshotChange(ChangeView Change, bool BeforeFirstSignal);

/// <summary>The first minute of context: what changed, what is abnormal, what depends on it, has it happened before, what to try.</summary>
public sealed record TriagePack(
    string IncidentKey,
    DateTime AssembledAt,
    DateTime Since,
    DateTime? FirstSignalAt,
    TimeSpan? TimeToContext,
    IReadOnlyList<SnapshotChange> Changes,
    IReadOnlyList<Anomaly> Anomalies,
    Systems.DependencyGraph? Dependencies,
    IReadOnlyList<SimilarIncident> SimilarIncidents,
    IReadOnlyList<Mitigation> Mitigations);

/// <summary>Configuration section "Triage".</summary>
public sealed class TriageOptions
{
    /// <summary>How far before the first signal the change snapshot looks.</summary>
    public TimeSpan ChangeWindow { get; set; } = TimeSpan.FromDays(3);

    /// <summary>For incidents declared by hand: how far before detection to look for signals on the system.</summary>
    public TimeSpan SignalWindow { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Anomalies that started within this of each other "moved together".</summary>
    public TimeSpan MovedTogether { get; set; } = TimeSpan.FromMinutes(15);

    public int SimilarIncidents { get; set; } = 5;
}

/// <summary>Assembles triage packs from changes, signals, the inventory and past incidents.</summary>
public sealed partial class TriageService(
    IDbContextFactory<CommandCenterDbContext> contextFactory,
    IncidentWriter incidents,
    ChangeRecorder changes,
    Systems.AiSystemService systems,
    Microsoft.Extensions.Options.IOptions<TriageOptions> options,
    ISignalBacklog backlog,
    TimeProvider clock)
{
    private readonly TriageOptions _options = options.Value;

    /// <summary>
    /// Assembles the pack of a newly declared incident and records its time to context (the first time only): what the
    /// declaration reaction and detection run; reading the pack with <see cref="AssembleAsync"/> writes nothing.
    /// </summary>
    public async Task<TriagePack> AssembleOnDeclarationAsync(string key, CancellationToken cancellationToken = default)
    {
        var pack = await AssembleAsync(key, cancellationToken);
        await incidents.RecordContextAssembledAsync(pack.IncidentKey, cancellationToken);
        return pack;
    }

    /// <summary>The pack as of now (a read: until the declaration recorded it, its time to context counts to now).</summary>
    public async Task<TriagePack> AssembleAsync(string key, CancellationToken cancellationToken = default)
    {
        await backlog.CaughtUpAsync(cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.AsNoTracking().Include(i => i.AiSystem)
            .SingleOrDefaultAsync(i => i.Key == IncidentKey.Normalize(key), cancellationToken)
            ?? throw new NotFoundException($"No incident {key}.");
        var system = incident.AiSystem!;
        var anchor = incident.FirstSignalAt ?? incident.ImpactStartedAt ?? incident.DetectedAt;
        var since = anchor - _options.ChangeWindow;

        var graph = await systems.GetDependencyGraphAsync(system.Slug, cancellationToken);
        var related = new List<string> { system.Slug };
        related.AddRange(graph.Upstream.Concat(graph.Downstream).Select(n => n.Slug).OfType<string>());
        var relatedIds = await db.AiSystems.Where(s => related.Contains(s.Slug)).Select(s => s.Id).ToListAsync(cancellationToken);
        var snapshot = (await changes.ListAsync(relatedIds, since, clock.GetUtcNow().UtcDateTime, cancellationToken: cancellationToken))
            .Select(c => new SnapshotChange(c, c.OccurredAt <= anchor))
            .ToList();

        var anomalies = await AnomaliesAsync(db, incident, cancellationToken);
        var similar = await SimilarAsync(db, incident, cancellationToken);
        var mitigations = KnownMitigations.For(incident.Archetype, system.Kind, system.HasFallback);

        var now = clock.GetUtcNow().UtcDateTime;
        var assembledAt = incident.ContextAssembledAt ?? now;
        return new TriagePack(incident.Key, now, since, incident.FirstSignalAt, assembledAt - (incident.FirstSignalAt ?? incident.DetectedAt),
            snapshot, anomalies, graph, similar, mitigations);
    }

    private async Task<IReadOnlyList<Anomaly>> AnomaliesAsync(CommandCenterDbContext db, Incident incident, CancellationToken ct)
    {
        // The incident's own candidates, and whatever else its system signalled around the same time: a rise in
        // down-votes next to injection hits is part of the story even though it grouped apart.
        var from = (incident.FirstSignalAt ?? incident.ImpactStartedAt ?? incident.DetectedAt) - _options.SignalWindow;
        var evidence = await db.Candidates.AsNoTracking()
            .Where(c => c.IncidentId == incident.Id
                || (c.AiSystemId == incident.AiSystemId && c.LastSignalAt >= from && c.Status != CandidateStatus.Dismissed))
            .Select(c => new { c.SystemName, c.Evidence }).ToListAsync(ct);
        List<(string System, SignalKind Kind, KindEvidence Evidence)> kinds;
        if (evidence.Count > 0)
        {
            // One row per system and kind, however many candidates it is spread over.
            kinds = evidence.GroupBy(e => e.SystemName).SelectMany(g =>
            {
                var all = new CandidateEvidence();
                foreach (var candidate in g)
                {
                    all.Merge(candidate.Evidence);
                }
                return all.Kinds.Select(k => (g.Key, k.Key, k.Value));
            }).ToList();
        }
        else
        {
            // No candidate at all (signals older than the store keeps candidates open for): read the raw signals.
            var rows = await db.Signals.AsNoTracking()
                .Where(s => s.AiSystemId == incident.AiSystemId && s.OccurredAt >= from && s.Action == SignalAction.Trigger)
                .GroupBy(s => s.Kind)
                .Select(g => new
                {
                    Kind = g.Key, Count = g.Count(), First = g.Min(s => s.OccurredAt), Last = g.Max(s => s.OccurredAt),
                    Max = g.Max(s => s.Value), Min = g.Min(s => s.Value), Threshold = g.Max(s => s.Threshold),
                })
                .ToListAsync(ct);
            kinds = rows.Select(r =>
            {
                var worst = r.Kind.LowerIsWorse() ? r.Min : r.Max;
                return (incident.AiSystem!.Name, r.Kind, new KindEvidence
                {
                    Count = r.Count, FirstAt = r.First, LastAt = r.Last, WorstValue = worst, Threshold = r.Threshold,
                    WorstDeviation = worst is { } w ? CandidateEvidence.Deviation(r.Kind, w, r.Threshold) : 0,
                });
            }).ToList();
        }

        return kinds
            .OrderByDescending(k => k.Evidence.WorstDeviation).ThenByDescending(k => k.Evidence.Count)
            .Select(k => new Anomaly(k.System, k.Kind.Code(), k.Evidence.Count, k.Evidence.WorstValue, k.Evidence.Threshold,
                k.Evidence.WorstDeviation, k.Evidence.FirstAt, k.Evidence.LastAt,
                kinds.Where(o => o.Kind != k.Kind && (o.Evidence.FirstAt - k.Evidence.FirstAt).Duration() <= _options.MovedTogether)
                    .Select(o => o.Kind.Code()).Distinct().ToList()))
            .ToList();
    }

    private async Task<IReadOnlyList<SimilarIncident>> SimilarAsync(CommandCenterDbContext db, Incident incident, CancellationToken ct)
    {
        var past = await db.Incidents.AsNoTracking().Include(i => i.AiSystem)
            .Where(i => i.Id != incident.Id && i.DetectedAt <= incident.DetectedAt)
            .OrderByDescending(i => i.DetectedAt).Take(500)
            .ToListAsync(ct);
        var ranked = Rank(incident, past).Take(_options.SimilarIncidents).ToList();
        var ids = ranked.Select(r => r.Incident.Id).ToList();
        var actions = await db.TimelineEntries.AsNoTracking()
            .Where(e => ids.Contains(e.IncidentId) && (e.Kind == TimelineEntryKind.Action || e.Kind == TimelineEntryKind.Decision))
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.IncidentId, e.Text })
            .ToListAsync(ct);
        return ranked.Select(r => new SimilarIncident(r.Incident.Key, r.Incident.Title, r.Incident.Archetype, r.Incident.AiSystem!.Name,
                r.Incident.Severity, r.Incident.Status, r.Incident.DetectedAt, Math.Round(r.Score, 2), r.Reasons, r.Incident.Metrics.TimeToContain,
                actions.Where(a => a.IncidentId == r.Incident.Id).Take(3).Select(a => a.Text).ToList()))
            .ToList();
    }

    /// <summary>
    /// Similarity: same archetype 0.4, same system 0.3 (or same kind of system 0.1), plus 0.3 × the word overlap of
    /// title and summary (Jaccard). Anything under 0.25 is noise and left out.
    /// </summary>
    public static IEnumerable<(Incident Incident, double Score, IReadOnlyList<string> Reasons)> Rank(Incident incident, IEnumerable<Incident> past)
    {
        var words = Words(incident.Title + " " + incident.Summary);
        return past.Select(p =>
            {
                var reasons = new List<string>();
                var score = 0.0;
                if (p.Archetype == incident.Archetype)
                {
                    score += 0.4;
                    reasons.Add("same archetype");
                }
                if (p.AiSystemId == incident.AiSystemId)
                {
                    score += 0.3;
                    reasons.Add("same system");
                }
                else if (p.AiSystem?.Kind == incident.AiSystem?.Kind)
                {
                    score += 0.1;
                    reasons.Add($"also a {incident.AiSystem?.Kind.ToString().ToLowerInvariant()} system");
                }
                var theirs = Words(p.Title + " " + p.Summary);
                var union = words.Union(theirs).Count();
                var overlap = union == 0 ? 0 : (double)words.Intersect(theirs).Count() / union;
                if (overlap > 0)
                {
                    score += 0.3 * overlap;
                    reasons.Add($"{overlap:P0} word overlap");
                }
                return (Incident: p, Score: score, Reasons: (IReadOnlyList<string>)reasons);
            })
            .Where(r => r.Score >= 0.25)
            .OrderByDescending(r => r.Score)
            .ThenByDescending(r => r.Incident.DetectedAt);
    }

    private static HashSet<string> Words(string text) =>
        WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length > 2 && !StopWords.Contains(w)).ToHashSet();

    private static readonly HashSet<string> StopWords =
        ["the", "and", "for", "with", "from", "that", "this", "are", "was", "its", "into", "than", "has", "have", "not", "but", "all", "our"];

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();
}
