using CommandCenter.Core.Incidents;

namespace CommandCenter.Tests.Unit.Support;

/// <summary>Replaces the event bus in service tests: keeps every published batch and can look at the world at publish time.</summary>
internal sealed class RecordingPublisher : IIncidentEventPublisher
{
    private readonly Lock _lock = new();
    private readonly List<IReadOnlyList<IncidentNotification>> _batches = [];

    /// <summary>Runs inside <see cref="Publish"/>, e.g. to check that the change is already visible to another connection.</summary>
    public Action<IReadOnlyList<IncidentNotification>>? OnPublish { get; set; }

    public IReadOnlyList<IReadOnlyList<IncidentNotification>> Batches
    {
        get
        {
            lock (_lock)
            {
                return [.. _batches];
            }
        }
    }

    public void Publish(IReadOnlyList<IncidentNotification> notifications)
    {
        OnPublish?.Invoke(notifications);
        lock (_lock)
        {
            _batches.Add([.. notifications]);
        }
    }
}
