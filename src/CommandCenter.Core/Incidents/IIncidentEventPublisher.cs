namespace CommandCenter.Core.Incidents;

/// <summary>Where services hand notifications after a write is durable (the event bus, in Events, delivers them).</summary>
public interface IIncidentEventPublisher
{
    void Publish(IReadOnlyList<IncidentNotification> notifications);
}
