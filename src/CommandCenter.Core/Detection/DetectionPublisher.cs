using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Detection;

/// <summary>
/// Tells the Candidates page and the war rooms what detection changed, only after it is committed. Changes are
/// collected and sent together on <see cref="Flush"/>: the loop flushes after every tick and decision, so a storm of
/// signals reaches the browsers as at most one notification per candidate and incident per tick, not one per commit.
/// Used by the detection loop only: not thread-safe.
/// </summary>
public sealed class DetectionPublisher(DetectionEventBus detectionEvents, IIncidentEventPublisher incidentEvents)
{
    private readonly HashSet<long> _candidates = [];
    private readonly HashSet<string> _incidentsWithNewSignals = new(StringComparer.Ordinal);

    public bool HasPending => _candidates.Count > 0 || _incidentsWithNewSignals.Count > 0;

    /// <summary>This candidate was created or changed (committed).</summary>
    public void CandidateChanged(long candidateId) => _candidates.Add(candidateId);

    /// <summary>New signals of this incident are stored (its chart) or on its timeline.</summary>
    public void SignalsArrived(string incidentKey) => _incidentsWithNewSignals.Add(incidentKey);

    public void Flush()
    {
        if (_candidates.Count > 0)
        {
            detectionEvents.Publish([new CandidatesChangedNotification([.. _candidates])]);
            _candidates.Clear();
        }
        if (_incidentsWithNewSignals.Count > 0)
        {
            incidentEvents.Publish(_incidentsWithNewSignals.Select(key => (IncidentNotification)new IncidentSignalsNotification(key)).ToList());
            _incidentsWithNewSignals.Clear();
        }
    }
}
