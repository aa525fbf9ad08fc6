using CommandCenter.Core.Common;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Simulation;

/// <summary>
/// Detection's link to incidents, with one difference: an incident opened from the live demo feed's candidate says
/// "Simulated demo feed" in its title and summary, so nobody on the board takes it for a real failure.
/// </summary>
public sealed class SimulatedIncidentLink(IIncidentLink inner) : IIncidentLink
{
    public Task<string> DeclareAsync(IncidentCandidate candidate, DeclareIncident command, string actor, Action<int, string> link,
        CancellationToken cancellationToken) =>
        inner.DeclareAsync(candidate, candidate.Source == LiveDemoFeed.Source ? Labelled(command) : command, actor, link, cancellationToken);

    public Task AttachAsync(IncidentCandidate candidate, string incidentKey, Action<int, string> link, CancellationToken cancellationToken) =>
        inner.AttachAsync(candidate, incidentKey, link, cancellationToken);

    public Task RecordSignalsAsync(string incidentKey, string text, DateTime occurredAt, string author, CancellationToken cancellationToken) =>
        inner.RecordSignalsAsync(incidentKey, text, occurredAt, author, cancellationToken);

    public Task AssembleTriageAsync(string incidentKey, CancellationToken cancellationToken) => inner.AssembleTriageAsync(incidentKey, cancellationToken);

    public static DeclareIncident Labelled(DeclareIncident command) => command with
    {
        Title = Fit($"{LiveDemoFeed.SummaryPrefix}: {command.Title}", Limits.TitleLength),
        Summary = Fit($"{LiveDemoFeed.SummaryPrefix}, not a real failure: the demo plays a simulated scenario through detection on its "
            + $"first run (Demo:LiveSimulation=false turns it off). {command.Summary}", Limits.SummaryLength),
    };

    private static string Fit(string text, int length) => text.Length > length ? text[..(length - 1)] + "…" : text;
}
