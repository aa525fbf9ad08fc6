using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Events;

/// <summary>What the browsers and the hub are told after a change is durable.</summary>
public abstract record IncidentNotification(string IncidentKey);

public sealed record IncidentUpdatedNotification(IncidentSummary Incident) : IncidentNotification(Incident.Key);

public sealed record TimelineEntryAddedNotification(TimelineEntryView Entry) : IncidentNotification(Entry.IncidentKey);

/// <summary>New monitoring signals arrived for this incident (its signal chart and triage pack are out of date).</summary>
public sealed record IncidentSignalsNotification(string Key) : IncidentNotification(Key);

/// <summary>Who holds which incident role changed: views re-read the roster (and what depends on it).</summary>
public sealed record RolesChangedNotification(string Key) : IncidentNotification(Key);

/// <summary>A containment action was run, retried, checked off or reported back.</summary>
public sealed record ContainmentChangedNotification(string Key) : IncidentNotification(Key);

/// <summary>A playbook step was checked, skipped or a gate answered.</summary>
public sealed record PlaybookProgressedNotification(string Key) : IncidentNotification(Key);

/// <summary>A regulatory clock was started or met.</summary>
public sealed record ClocksChangedNotification(string Key) : IncidentNotification(Key);

/// <summary>The exposure scope or the legal hold changed.</summary>
public sealed record LegalChangedNotification(string Key) : IncidentNotification(Key);
