namespace CommandCenter.Core.Incidents;

/// <summary>
/// Something another feature (playbooks, postmortems, ...) still has open on an incident when its commander closes it.
/// Closing with anything open needs a reason, which goes on the timeline with the status change. Features register
/// their checks; Incidents knows only this interface, so no feature imports another to be asked.
/// </summary>
public interface IClosingCheck
{
    /// <summary>A short sentence naming what is still open on the incident (its database id), or null when nothing is.</summary>
    Task<string?> OpenWorkAsync(int incidentId, CancellationToken cancellationToken);
}
