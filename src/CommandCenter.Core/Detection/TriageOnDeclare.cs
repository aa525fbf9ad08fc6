using CommandCenter.Core.Events;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Core.Detection;

/// <summary>
/// Assembles the triage pack as soon as an incident is declared by hand, so its time to context is measured from
/// detection to the pack, not to whenever someone first opens the war room (detection assembles its own).
/// </summary>
public sealed class TriageOnDeclare(IIncidentNotifier notifier, TriageService triage, ILogger<TriageOnDeclare> logger)
    : OnDeclareWorker(notifier, logger)
{
    protected override string What => "assemble the triage pack";

    protected override Task HandleAsync(string key, CancellationToken cancellationToken) => triage.AssembleOnDeclarationAsync(key, cancellationToken);
}
