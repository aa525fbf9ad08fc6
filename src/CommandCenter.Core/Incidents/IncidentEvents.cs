using CommandCenter.Core.Common;

namespace CommandCenter.Core.Incidents;

/// <summary>The incident's own fields changed (or it was declared).</summary>
public sealed record IncidentChanged(Incident Incident) : IDomainEvent;

/// <summary>An entry was appended to the incident's timeline.</summary>
public sealed record TimelineEntryAppended(Incident Incident, TimelineEntry Entry) : IDomainEvent;
