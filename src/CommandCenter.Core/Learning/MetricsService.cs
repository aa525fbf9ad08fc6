using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Core.Learning;

/// <summary>Reads what the metrics need and hands it to <see cref="LearningMetrics"/>; the page and the API get the same numbers.</summary>
public sealed class MetricsService(IDbContextFactory<CommandCenterDbContext> contextFactory, IExercisesStarted exercises,
    Detection.ISignalBacklog backlog, TimeProvider clock)
{
    /// <summary>Filters as text (from a query string): severity and archetype codes, an ISO date range.</summary>
    public static MetricFilter ParseFilter(DateTime? from, DateTime? to, string? system, string? archetype, string? severity)
    {
        var v = new Validator();
        Archetype? parsedArchetype = string.IsNullOrWhiteSpace(archetype) ? null
            : v.Parsed("archetype", archetype, Archetypes.Parse, "Archetype", Archetypes.Allowed);
        Severity? parsedSeverity = string.IsNullOrWhiteSpace(severity) ? null
            : v.Parsed("severity", severity, SeverityText.Parse, "Severity", SeverityText.Allowed);
        if (from is not null && to is not null && to <= from)
        {
            v.Add("to", "The end of the range must be after its start.");
        }
        v.ThrowIfInvalid();
        return new MetricFilter(from?.AsUtc(), to?.AsUtc(), string.IsNullOrWhiteSpace(system) ? null : system.Trim(), parsedArchetype, parsedSeverity);
    }

    public async Task<MetricsReport> ComputeAsync(MetricFilter filter, CancellationToken cancellationToken = default) =>
        LearningMetrics.Compute(await LoadAsync(cancellationToken), filter);

    public async Task<MetricInputs> LoadAsync(CancellationToken cancellationToken = default)
    {
        await backlog.CaughtUpAsync(cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var followed = (await db.PlaybookStepRecords.AsNoTracking().Select(s => s.IncidentId).Distinct().ToListAsync(cancellationToken)).ToHashSet();
        // Exercise incidents, their action items and the candidates their injects raised are practice, not production.
        var incidents = await db.Incidents.AsNoTracking()
            .Where(i => !i.IsExercise)
            .Select(i => new
            {
                i.Id, i.Key, i.Severity, i.Archetype, Slug = i.AiSystem!.Slug, i.ImpactStartedAt, i.FirstSignalAt, i.DetectedAt, i.TriagedAt,
                i.ContainedAt, i.ResolvedAt, i.ContextAssembledAt,
            })
            .ToListAsync(cancellationToken);
        var candidates = await db.Candidates.AsNoTracking()
            .Where(c => c.Source != ExerciseKeys.SignalSource)
            .Select(c => new MetricCandidate(c.SystemSlug, c.Archetype, c.Severity, c.Decision, c.FirstSignalAt, c.DecidedAt, c.IncidentKey))
            .ToListAsync(cancellationToken);
        var items = await db.Set<ActionItem>().AsNoTracking()
            .Join(db.Incidents.Where(i => !i.IsExercise), a => a.IncidentId, i => i.Id, (a, i) => new MetricActionItem(i.Key, a.Status, a.DueDate, a.CompletedAt))
            .ToListAsync(cancellationToken);
        return new MetricInputs(
            incidents.Select(i => new MetricIncident(i.Key, i.Severity, i.Archetype, i.Slug, i.ImpactStartedAt, i.FirstSignalAt, i.DetectedAt,
                i.TriagedAt, i.ContainedAt, i.ResolvedAt, i.ContextAssembledAt, followed.Contains(i.Id))).ToList(),
            candidates, items, Exercises: await exercises.CountAsync(cancellationToken), clock.GetUtcNow().UtcDateTime);
    }
}

/// <summary>How many exercises have been started (the exercise-frequency metric); implemented where exercises live.</summary>
public interface IExercisesStarted
{
    Task<int> CountAsync(CancellationToken cancellationToken);
}
