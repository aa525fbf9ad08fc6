using System.Text.Json.Serialization;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Communications;

[JsonConverter(typeof(JsonStringEnumConverter<UpdateUrgency>))]
public enum UpdateUrgency
{
    [JsonStringEnumMemberName("none")] None = 0,
    [JsonStringEnumMemberName("upcoming")] Upcoming = 1,
    [JsonStringEnumMemberName("overdue")] Overdue = 2,
}

/// <summary>When the next update for one audience is due. <see cref="DueAt"/> is null when the audience has no cadence.</summary>
public sealed record UpdateDue(DateTime? DueAt, bool IsOverdue, TimeSpan? OverdueBy, UpdateUrgency Urgency)
{
    public static readonly UpdateDue NotScheduled = new(null, false, null, UpdateUrgency.None);
}

public sealed record AudienceUpdateDue(UpdateAudience Audience, UpdateDue Due);

/// <summary>Every audience with a cadence, in audience order, and the one to act on first (null when none has a cadence).</summary>
public sealed record IncidentUpdateSchedule(IReadOnlyList<AudienceUpdateDue> Audiences, AudienceUpdateDue? MostUrgent);

/// <summary>The next-update clock: pure functions of the incident's severity, its sent updates and the time.</summary>
public static class UpdateSchedule
{
    /// <summary>Less than this left and the update is upcoming, however long the interval.</summary>
    public static readonly TimeSpan UpcomingWithin = TimeSpan.FromMinutes(5);

    /// <summary>Less than this share of the interval left and the update is upcoming.</summary>
    public const double UpcomingShare = 0.25;

    /// <summary>
    /// Due at the earlier of the last sent update plus the cadence and the next-update time that update promised;
    /// before anything was sent, at detection plus the first-update time.
    /// </summary>
    public static UpdateDue Compute(Severity severity, UpdateAudience audience, DateTime detectedAt, DateTime? lastSentAt,
        DateTime? lastPromisedNextAt, DateTime now, UpdateCadence cadence)
    {
        var rule = cadence.For(severity, audience);
        if (rule is null)
        {
            return UpdateDue.NotScheduled;
        }
        var start = lastSentAt ?? detectedAt;
        var dueAt = lastSentAt is null ? detectedAt + rule.FirstWithin : lastSentAt.Value + rule.Every;
        if (lastPromisedNextAt is { } promised && promised < dueAt)
        {
            dueAt = promised;
        }
        if (now > dueAt)
        {
            return new UpdateDue(dueAt, true, now - dueAt, UpdateUrgency.Overdue);
        }
        var interval = dueAt - start;
        var left = dueAt - now;
        var upcoming = left < UpcomingWithin || left.Ticks < interval.Ticks * UpcomingShare;
        return new UpdateDue(dueAt, false, null, upcoming ? UpdateUrgency.Upcoming : UpdateUrgency.None);
    }

    /// <summary>
    /// One due time per audience that has a cadence, from the newest sent update of each. An incident that is resolved
    /// or closed has no cadence left: its last update said so.
    /// </summary>
    public static IncidentUpdateSchedule ForIncident(Severity severity, IncidentStatus status, DateTime detectedAt,
        IEnumerable<StatusUpdate> updates, DateTime now, UpdateCadence cadence)
    {
        if (!status.IsActive())
        {
            return new IncidentUpdateSchedule([], null);
        }
        var lastSent = updates.Where(u => u.State == StatusUpdateState.Sent)
            .GroupBy(u => u.Audience)
            .ToDictionary(g => g.Key, g => g.MaxBy(u => u.SentAt)!);
        var dues = UpdateAudiences.All
            .Where(a => cadence.For(severity, a) is not null)
            .Select(a =>
            {
                var last = lastSent.GetValueOrDefault(a);
                return new AudienceUpdateDue(a, Compute(severity, a, detectedAt, last?.SentAt, last?.NextUpdateAt, now, cadence));
            })
            .ToList();
        var mostUrgent = dues.OrderByDescending(d => d.Due.Urgency).ThenBy(d => d.Due.DueAt).FirstOrDefault();
        return new IncidentUpdateSchedule(dues, mostUrgent);
    }
}
