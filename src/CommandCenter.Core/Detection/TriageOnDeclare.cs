using System.Threading.Channels;
using CommandCenter.Core.Events;
using CommandCenter.Core.Incidents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Core.Detection;

/// <summary>
/// Assembles the triage pack as soon as an incident is declared by hand, so its time to context is measured from
/// detection to the pack, not to whenever someone first opens the war room (detection assembles its own). The work
/// runs on its own loop so the event bus never waits for it.
/// </summary>
public sealed class TriageOnDeclare(IIncidentNotifier notifier, TriageService triage, ILogger<TriageOnDeclare> logger) : BackgroundService
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
                    await triage.AssembleAsync(key, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not assemble the triage pack of {IncidentKey} on declaration", key);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
