using CommandCenter.Core.Incidents;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Core.Detection;

/// <summary>
/// What detection asks of incidents: open one from a candidate, attach a candidate to one, write signals onto a timeline,
/// assemble the triage pack. An interface so candidate decisions are tested without incidents or a database.
/// </summary>
public interface IIncidentLink
{
    /// <summary>
    /// Declares the incident. <paramref name="link"/> gets its id and key inside the declaring transaction, and the
    /// candidate's state after it is committed with the incident (both or neither).
    /// </summary>
    Task<string> DeclareAsync(IncidentCandidate candidate, DeclareIncident command, string actor, Action<int, string> link,
        CancellationToken cancellationToken);

    /// <summary>Adds the candidate to an open incident; <paramref name="link"/> and the candidate commit with it.</summary>
    Task AttachAsync(IncidentCandidate candidate, string incidentKey, Action<int, string> link, CancellationToken cancellationToken);

    /// <summary>One signal entry on the incident's timeline, written by detection.</summary>
    Task RecordSignalsAsync(string incidentKey, string text, DateTime occurredAt, string author, CancellationToken cancellationToken);

    Task AssembleTriageAsync(string incidentKey, CancellationToken cancellationToken);
}

/// <summary>The link through <see cref="IncidentService"/> and <see cref="TriageService"/>.</summary>
public sealed class IncidentLink(IncidentService incidents, TriageService triage) : IIncidentLink
{
    public async Task<string> DeclareAsync(IncidentCandidate candidate, DeclareIncident command, string actor, Action<int, string> link,
        CancellationToken cancellationToken)
    {
        var summary = await incidents.DeclareAsync(command, actor, (db, incident, _) =>
        {
            incident.LinkSignals(candidate.FirstSignalAt);
            link(incident.Id, incident.Key);
            db.Candidates.Attach(candidate);
            db.Entry(candidate).State = EntityState.Modified;
            return Task.CompletedTask;
        }, cancellationToken);
        return summary.Key;
    }

    public Task AttachAsync(IncidentCandidate candidate, string incidentKey, Action<int, string> link, CancellationToken cancellationToken) =>
        incidents.AttachSignalsAsync(incidentKey, candidate.FirstSignalAt, (db, incident, _) =>
        {
            link(incident.Id, incident.Key);
            db.Candidates.Attach(candidate);
            db.Entry(candidate).State = EntityState.Modified;
            return Task.CompletedTask;
        }, cancellationToken);

    public Task RecordSignalsAsync(string incidentKey, string text, DateTime occurredAt, string author, CancellationToken cancellationToken) =>
        incidents.RecordAsync(incidentKey, new RecordTimelineEntry("signal", text, occurredAt), Accounts.Actor.Automation(author), cancellationToken);

    public Task AssembleTriageAsync(string incidentKey, CancellationToken cancellationToken) => triage.AssembleOnDeclarationAsync(incidentKey, cancellationToken);
}
