using System.Linq.Expressions;
using System.Text.Json.Serialization;
using CommandCenter.Core.Common;

namespace CommandCenter.Core.Incidents;

/// <summary>The phases an incident moves through, in order.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IncidentStatus>))]
public enum IncidentStatus
{
    [JsonStringEnumMemberName("detected")] Detected = 1,
    [JsonStringEnumMemberName("triaged")] Triaged = 2,
    [JsonStringEnumMemberName("contained")] Contained = 3,
    [JsonStringEnumMemberName("recovered")] Recovered = 4,
    [JsonStringEnumMemberName("resolved")] Resolved = 5,
    [JsonStringEnumMemberName("closed")] Closed = 6,
}

public static class IncidentStatuses
{
    public static readonly IReadOnlyList<IncidentStatus> All = Enum.GetValues<IncidentStatus>();

    public static string Allowed { get; } = string.Join(", ", All.Select(s => s.Code()));

    public static string Code(this IncidentStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The response is under way (before Resolved): signals join it, containment runs, updates fall due.</summary>
    public static bool IsActive(this IncidentStatus status) => status < IncidentStatus.Resolved;

    /// <summary>
    /// <see cref="IsActive"/> for database queries, its one spelling there. Statuses are stored by name, so "before Resolved"
    /// cannot be a comparison in SQL; it is "neither Resolved nor Closed".
    /// </summary>
    public static Expression<Func<Incident, bool>> ActiveIncident { get; } =
        i => i.Status != IncidentStatus.Resolved && i.Status != IncidentStatus.Closed;

    /// <summary>The incidents whose response is under way (<see cref="IsActive"/>), in a database query.</summary>
    public static IQueryable<Incident> WhereActive(this IQueryable<Incident> incidents) => incidents.Where(ActiveIncident);

    /// <summary>Active incidents, and those <paramref name="alsoShown"/> picks among the rest, in one database query.</summary>
    public static IQueryable<Incident> WhereActiveOr(this IQueryable<Incident> incidents, Expression<Func<Incident, bool>> alsoShown) =>
        incidents.Where(ActiveIncident.OrElse(alsoShown));

    /// <summary>The record still changes (anything but Closed): roles, severity, clocks and findings are accepted.</summary>
    public static bool IsOpen(this IncidentStatus status) => status != IncidentStatus.Closed;

    /// <summary>Accepts a status name in any case. Not Enum.TryParse: it also takes numbers and "detected,triaged" (= Contained).</summary>
    public static IncidentStatus? Parse(string? value)
    {
        var trimmed = value?.Trim();
        return All.Cast<IncidentStatus?>().FirstOrDefault(s => string.Equals(s!.Value.ToString(), trimmed, StringComparison.OrdinalIgnoreCase));
    }

    public static string Describe(this IncidentStatus status) => status switch
    {
        IncidentStatus.Detected => "Reported, not yet assessed",
        IncidentStatus.Triaged => "Assessed: severity, scope and owners known",
        IncidentStatus.Contained => "Harm stopped from spreading",
        IncidentStatus.Recovered => "Service back to normal for users",
        IncidentStatus.Resolved => "Root cause fixed",
        _ => "Postmortem done, incident closed",
    };
}
