using System.Globalization;
using System.Text;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Learning;

/// <summary>One incident's times, as the metrics read them.</summary>
public sealed record MetricIncident(
    string Key,
    Severity Severity,
    Archetype Archetype,
    string SystemSlug,
    DateTime? ImpactStartedAt,
    DateTime? FirstSignalAt,
    DateTime DetectedAt,
    DateTime? TriagedAt,
    DateTime? ContainedAt,
    DateTime? ResolvedAt,
    DateTime? ContextAssembledAt,
    bool PlaybookFollowed);

/// <summary>One detection candidate and what was decided about it.</summary>
public sealed record MetricCandidate(
    string SystemSlug,
    Archetype Archetype,
    Severity Severity,
    CandidateDecision Decision,
    DateTime FirstSignalAt,
    DateTime? DecidedAt,
    string? IncidentKey);

public sealed record MetricActionItem(string IncidentKey, ActionItemStatus Status, DateTime DueDate, DateTime? CompletedAt);

/// <summary>Which incidents count: detected in [From, To), on a system, of an archetype, of a severity (each optional).</summary>
public sealed record MetricFilter(DateTime? From = null, DateTime? To = null, string? System = null, Archetype? Archetype = null,
    Severity? Severity = null);

public sealed record MetricInputs(
    IReadOnlyList<MetricIncident> Incidents,
    IReadOnlyList<MetricCandidate> Candidates,
    IReadOnlyList<MetricActionItem> ActionItems,
    int Exercises,
    DateTime Now);

/// <summary>One number on the dashboard: null when nothing was there to measure (shown as "—", never as 0).</summary>
public sealed record MetricValue(string Code, string Name, double? Value, string Unit, string Definition, int Sample);

/// <summary>One quarter of the trend charts.</summary>
public sealed record QuarterPoint(string Quarter, int Sev1, int Sev2, int Sev3, int Sev4, double? Mttd, double? Mttt, double? Mttc, double? Mttr,
    double? TimeToContext)
{
    public int Total => Sev1 + Sev2 + Sev3 + Sev4;
}

public sealed record MetricsReport(MetricFilter Filter, IReadOnlyList<MetricValue> Values, IReadOnlyList<QuarterPoint> Quarters)
{
    public MetricValue this[string code] => Values.Single(v => v.Code == code);
}

/// <summary>
/// The learning metrics as pure functions of incidents, candidates and action items. docs/metrics.md gives each definition;
/// the <see cref="MetricValue.Definition"/> texts are the short form shown on hover.
/// </summary>
public static class LearningMetrics
{
    public static MetricsReport Compute(MetricInputs inputs, MetricFilter filter)
    {
        var incidents = inputs.Incidents.Where(i => Matches(filter, i.DetectedAt, i.SystemSlug, i.Archetype, i.Severity)).ToList();
        var keys = incidents.Select(i => i.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var candidates = inputs.Candidates.Where(c => Matches(filter, c.FirstSignalAt, c.SystemSlug, c.Archetype, c.Severity)).ToList();
        var bySeverity = inputs.Incidents.ToDictionary(i => i.Key, i => i.Severity, StringComparer.OrdinalIgnoreCase);
        var items = inputs.ActionItems.Where(a => keys.Contains(a.IncidentKey)).ToList();

        var decided = candidates.Where(c => c.Decision != CandidateDecision.None).ToList();
        int Count(params CandidateDecision[] decisions) => decided.Count(c => decisions.Contains(c.Decision));
        var opened = Count(CandidateDecision.AutoOpened, CandidateDecision.Promoted);
        var merged = Count(CandidateDecision.Merged);
        var dismissed = Count(CandidateDecision.Dismissed);
        var pages = decided.Where(c => c.Decision == CandidateDecision.AutoOpened).ToList();
        var falsePages = pages.Count(c => c.IncidentKey is { } k && bySeverity.TryGetValue(k, out var s) && s >= Severity.Sev3);
        var becameIncidents = decided.Where(c => c.Decision is CandidateDecision.AutoOpened or CandidateDecision.Promoted or CandidateDecision.Merged
            && c.DecidedAt is not null).ToList();
        var due = items.Where(a => a.Status == ActionItemStatus.Done || (a.Status != ActionItemStatus.WontDo && inputs.Now >= EndOfDay(a.DueDate))).ToList();
        var onTime = due.Count(a => a.Status == ActionItemStatus.Done && a.CompletedAt < EndOfDay(a.DueDate));
        var quarters = Quarters(incidents);
        var months = MonthsCovered(filter, incidents, inputs.Now);

        var values = new List<MetricValue>
        {
            Mean("mttd", "MTTD", incidents.Select(i => Minutes(i.ImpactStartedAt, i.DetectedAt)), "min",
                "Mean time to detect: from impact start to declaration, over incidents whose impact start is known."),
            Mean("mttt", "MTTT", incidents.Select(i => Minutes(i.DetectedAt, i.TriagedAt)), "min",
                "Mean time to triage: from declaration to Triaged, over incidents that reached it."),
            Mean("mttc", "MTTC", incidents.Select(i => Minutes(i.DetectedAt, i.ContainedAt)), "min",
                "Mean time to contain: from declaration to Contained, over incidents that reached it."),
            Mean("mttr", "MTTR", incidents.Select(i => Minutes(i.DetectedAt, i.ResolvedAt) / 60), "h",
                "Mean time to resolve: from declaration to Resolved, in hours, over resolved incidents."),
            Mean("time-to-context", "Time to context", incidents.Select(i => Minutes(i.FirstSignalAt ?? i.DetectedAt, i.ContextAssembledAt)), "min",
                "Leading indicator: from the first signal (or declaration) until the triage pack was complete."),
            new("incidents-per-quarter", "Incidents per quarter", quarters.Count == 0 ? null : Round((double)incidents.Count / quarters.Count), "",
                "Incidents declared in the range divided by the quarters that had any; the chart splits them by severity.", incidents.Count),
            Ratio("false-positive-rate", "False-positive rate", dismissed, decided.Count,
                "Candidates dismissed as not an incident, out of every candidate a decision was made on."),
            Ratio("playbook-coverage", "Playbook coverage", incidents.Count(i => i.PlaybookFollowed), incidents.Count,
                "Incidents on which at least one playbook step was checked off or skipped with a reason."),
            new("exercise-frequency", "Exercise frequency", Round(inputs.Exercises / Math.Max(1.0, months / 3.0)), "per quarter",
                "Response exercises run per quarter; 0 until exercises are recorded.", inputs.Exercises),
            Ratio("action-items-on-time", "Action items done on time", onTime, due.Count,
                "Items done by the end of their due day, out of items that are done or past due (won't do left out)."),
            Ratio("candidate-precision", "Candidate precision", opened, opened + dismissed,
                "Candidates opened or promoted to an incident, out of those opened, promoted or dismissed (merges left out)."),
            Ratio("duplicate-ratio", "Duplicate ratio", merged, opened + merged,
                "Candidates merged into an existing incident, out of every candidate that became or joined an incident."),
            Mean("time-to-coherent-candidate", "Time to coherent candidate", becameIncidents.Select(c => Minutes(c.FirstSignalAt, c.DecidedAt)), "min",
                "From a candidate's first signal until it was opened, promoted or merged into an incident."),
            Ratio("false-page-rate", "False page rate", falsePages, pages.Count,
                "Automatically opened incidents (each paged someone) whose severity ended at SEV3 or SEV4."),
        };
        return new MetricsReport(filter, values, quarters);
    }

    public static string ToCsv(MetricsReport report)
    {
        var csv = new StringBuilder("metric,name,value,unit,sample\n");
        foreach (var v in report.Values)
        {
            csv.Append(v.Code).Append(',').Append(Csv(v.Name)).Append(',').Append(Number(v.Value)).Append(',').Append(Csv(v.Unit)).Append(',')
                .Append(v.Sample.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        csv.Append("\nquarter,sev1,sev2,sev3,sev4,mttd_min,mttt_min,mttc_min,mttr_h,time_to_context_min\n");
        foreach (var q in report.Quarters)
        {
            csv.Append(q.Quarter).Append(',').Append(q.Sev1).Append(',').Append(q.Sev2).Append(',').Append(q.Sev3).Append(',').Append(q.Sev4)
                .Append(',').Append(Number(q.Mttd)).Append(',').Append(Number(q.Mttt)).Append(',').Append(Number(q.Mttc)).Append(',')
                .Append(Number(q.Mttr)).Append(',').Append(Number(q.TimeToContext)).Append('\n');
        }
        return csv.ToString();
    }

    public static string QuarterOf(DateTime time) => $"{time.Year}-Q{(time.Month - 1) / 3 + 1}";

    private static IReadOnlyList<QuarterPoint> Quarters(IReadOnlyList<MetricIncident> incidents) =>
        incidents.GroupBy(i => QuarterOf(i.DetectedAt)).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new QuarterPoint(g.Key,
            g.Count(i => i.Severity == Severity.Sev1), g.Count(i => i.Severity == Severity.Sev2), g.Count(i => i.Severity == Severity.Sev3),
            g.Count(i => i.Severity == Severity.Sev4),
            MeanOf(g.Select(i => Minutes(i.ImpactStartedAt, i.DetectedAt))), MeanOf(g.Select(i => Minutes(i.DetectedAt, i.TriagedAt))),
            MeanOf(g.Select(i => Minutes(i.DetectedAt, i.ContainedAt))), MeanOf(g.Select(i => Minutes(i.DetectedAt, i.ResolvedAt) / 60)),
            MeanOf(g.Select(i => Minutes(i.FirstSignalAt ?? i.DetectedAt, i.ContextAssembledAt))))).ToList();

    private static double MonthsCovered(MetricFilter filter, IReadOnlyList<MetricIncident> incidents, DateTime now)
    {
        var from = filter.From ?? (incidents.Count == 0 ? now : incidents.Min(i => i.DetectedAt));
        var to = filter.To ?? now;
        return Math.Max(0, (to - from).TotalDays / 30.44);
    }

    private static bool Matches(MetricFilter f, DateTime at, string system, Archetype archetype, Severity severity) =>
        (f.From is null || at >= f.From) && (f.To is null || at < f.To)
        && (string.IsNullOrWhiteSpace(f.System) || string.Equals(f.System.Trim(), system, StringComparison.OrdinalIgnoreCase))
        && (f.Archetype is null || f.Archetype == archetype) && (f.Severity is null || f.Severity == severity);

    private static double? Minutes(DateTime? from, DateTime? to) => from is { } a && to is { } b && b >= a ? (b - a).TotalMinutes : null;

    private static DateTime EndOfDay(DateTime due) => due.Date.AddDays(1);

    private static double? MeanOf(IEnumerable<double?> values)
    {
        var known = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        return known.Count == 0 ? null : Round(known.Average());
    }

    private static MetricValue Mean(string code, string name, IEnumerable<double?> values, string unit, string definition)
    {
        var known = values.Where(v => v is not null).ToList();
        return new MetricValue(code, name, MeanOf(known), unit, definition, known.Count);
    }

    private static MetricValue Ratio(string code, string name, int part, int whole, string definition) =>
        new(code, name, whole == 0 ? null : Round(100.0 * part / whole), "%", definition, whole);

    private static double Round(double value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);

    private static string Number(double? value) => value?.ToString("0.#", CultureInfo.InvariantCulture) ?? "";

    private static string Csv(string text) => text.Contains(',') || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
