using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Events;

/// <summary>What the browsers and the hub are told after a change is durable.</summary>
public abstract record IncidentNotification(string IncidentKey);

public sealed record IncidentUpdatedNotification(IncidentSummary Incident) : IncidentNotification(Incident.Key);

public sealed record TimelineEntryAddedNotification(TimelineEntryView Entry) : IncidentNotification(Entry.IncidentKey);

/// <summary>New monitoring signals arrived for this incident (its signal chart and triage pack are out of date).</summary>
public sealed record IncidentSignalsNotification(string Key) : IncidentNotification(Key);
