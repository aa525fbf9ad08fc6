using System.Threading.Channels;
using CommandCenter.Core.Events;
using CommandCenter.Core.Incidents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Core.Playbooks;

/// <summary>
/// Attaches the current playbook version to an incident as soon as it is declared, so the incident keeps the version it
/// started with even when the playbook is edited before anyone opens the war room (the war room attaches lazily too,
/// for incidents declared before playbooks existed). Runs on its own loop so the event bus never waits for it.
/// </summary>
public sealed class PlaybookOnDeclare(IIncidentNotifier notifier, PlaybookService playbooks, ILogger<PlaybookOnDeclare> logger) : BackgroundService
{
    private readonly Channel<string> _declared = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = notifier.Subscribe(notification =>
        {
            // Newly declared: status Detected, and its only entries are the declaration (and the commander taking command).
            if (notification is IncidentUpdatedNotification { Incident: { Status: IncidentStatus.Detected, TimelineCount: <= 2 } incident })
            {
                _declared.Writer.TryWrite(incident.Key);
            }
            return Task.CompletedTask;
        });
        try
        {
            await foreach (var key in _declared.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await playbooks.AttachAsync(key, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not attach the playbook of {IncidentKey} on declaration", key);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
