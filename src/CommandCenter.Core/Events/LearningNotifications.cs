using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Events;

/// <summary>The postmortem of this incident changed (text, workflow or comments): open postmortem pages reload it.</summary>
public sealed record PostmortemChangedNotification(string Key) : IncidentNotification(Key);

/// <summary>An action item of this incident was created, edited or changed status: the actions page and the metrics reload.</summary>
public sealed record ActionItemsChangedNotification(string Key) : IncidentNotification(Key);
