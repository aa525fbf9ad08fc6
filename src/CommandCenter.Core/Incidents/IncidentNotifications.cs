namespace CommandCenter.Core.Incidents;

/// <summary>
/// What the browsers, the hub and the workers are told after a change is durable. The domain events of an incident, one
/// record each: <see cref="IncidentDeclaredNotification"/>, <see cref="TimelineEntryAddedNotification"/>,
/// <see cref="StatusChangedNotification"/>, <see cref="RolesChangedNotification"/>, <see cref="ContainmentChangedNotification"/>,
/// <see cref="PlaybookProgressedNotification"/>, <see cref="StatusUpdatesChangedNotification"/>,
/// <see cref="ClocksChangedNotification"/>, <see cref="LegalChangedNotification"/>, <see cref="IncidentSignalsNotification"/>
/// (and Learning's in Events/LearningNotifications.cs). <see cref="IncidentUpdatedNotification"/> carries the new summary
/// whenever the incident's own fields changed.
/// </summary>
/// <remarks>
/// They live with the incident because they carry its views (summary, timeline entry, status) and every incident use case
/// publishes them through <see cref="IIncidentEventPublisher"/>; Events holds the bus that delivers them and the workers
/// that react, so it imports Incidents and not the other way round.
/// </remarks>
public abstract record IncidentNotification(string IncidentKey);

/// <summary>An incident was declared (by hand, by promoting a candidate or by detection opening it): workers start on it.</summary>
public sealed record IncidentDeclaredNotification(IncidentSummary Incident) : IncidentNotification(Incident.Key);

/// <summary>The incident moved to another status (its summary is in the <see cref="IncidentUpdatedNotification"/> beside it).</summary>
public sealed record StatusChangedNotification(string Key, IncidentStatus Status) : IncidentNotification(Key);

/// <summary>An incident's status updates changed (drafted, revised, approved, ...): its updates panel and the Legal queue re-read them.</summary>
public sealed record StatusUpdatesChangedNotification(string Key) : IncidentNotification(Key);

public sealed record IncidentUpdatedNotification(IncidentSummary Incident) : IncidentNotification(Incident.Key);

public sealed record TimelineEntryAddedNotification(TimelineEntryView Entry) : IncidentNotification(Entry.IncidentKey);

/// <summary>New monitoring signals arrived for this incident (its signal chart and triage pack are out of date).</summary>
public sealed record IncidentSignalsNotification(string Key) : IncidentNotification(Key);

/// <summary>Who holds which incident role changed: views re-read the roster (and what depends on it).</summary>
public sealed record RolesChangedNotification(string Key) : IncidentNotification(Key);

/// <summary>A containment action was run, retried, checked off or reported back.</summary>
public sealed record ContainmentChangedNotification(string Key) : IncidentNotification(Key);

/// <summary>A playbook was attached or swapped, or a step was checked, skipped or a gate answered.</summary>
public sealed record PlaybookProgressedNotification(string Key) : IncidentNotification(Key);

/// <summary>A regulatory clock was started or met.</summary>
public sealed record ClocksChangedNotification(string Key) : IncidentNotification(Key);

/// <summary>The exposure scope or the legal hold changed.</summary>
public sealed record LegalChangedNotification(string Key) : IncidentNotification(Key);
