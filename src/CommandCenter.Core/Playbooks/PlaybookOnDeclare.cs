using CommandCenter.Core.Events;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Core.Playbooks;

/// <summary>
/// Attaches the current playbook version to an incident as soon as it is declared, so the incident keeps the version it
/// started with even when the playbook is edited before anyone opens the war room (the war room attaches lazily too,
/// for incidents declared before playbooks existed).
/// </summary>
public sealed class PlaybookOnDeclare(IIncidentNotifier notifier, PlaybookService playbooks, ILogger<PlaybookOnDeclare> logger)
    : OnDeclareWorker(notifier, logger)
{
    protected override string What => "attach the playbook";

    protected override Task HandleAsync(string key, CancellationToken cancellationToken) => playbooks.AttachAsync(key, cancellationToken);
}
