namespace CommandCenter.Core.Incidents;

public sealed record SeverityCount(Severity Severity, int Count);

/// <summary>The board's rules: worst first, newest first within a severity, counts of open incidents.</summary>
public static class IncidentBoard
{
    public static IReadOnlyList<IncidentSummary> Order(IEnumerable<IncidentSummary> incidents) =>
        incidents.OrderBy(i => i.Status.IsActive() ? 0 : 1).ThenBy(i => i.Severity).ThenByDescending(i => i.DetectedAt).ToList();

    /// <summary>Applies a pushed change to the list a board shows; drops incidents that no longer match the filter.</summary>
    public static IReadOnlyList<IncidentSummary> Apply(IReadOnlyList<IncidentSummary> shown, IncidentSummary changed, bool activeOnly)
    {
        var rest = shown.Where(i => !IncidentKey.Same(i.Key, changed.Key));
        return Order(activeOnly && !changed.Status.IsActive() ? rest : rest.Append(changed));
    }

    public static IReadOnlyList<SeverityCount> OpenBySeverity(IEnumerable<IncidentSummary> incidents)
    {
        var open = incidents.Where(i => i.Status.IsActive()).ToList();
        return Enum.GetValues<Severity>().Select(s => new SeverityCount(s, open.Count(i => i.Severity == s))).ToList();
    }
}
