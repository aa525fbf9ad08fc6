using System.Threading.Channels;
using CommandCenter.Core.Events;
using CommandCenter.Core.Incidents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Core.Learning;

/// <summary>
/// Opens the postmortem of every incident that reaches Resolved, on its own loop so the event bus never waits for it.
/// Opening is idempotent: an incident that already has one is left alone.
/// </summary>
public sealed class PostmortemOnResolve(IIncidentNotifier notifier, PostmortemService postmortems, ILogger<PostmortemOnResolve> logger)
    : BackgroundService
{
    private readonly Channel<string> _resolved = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = notifier.Subscribe(notification =>
        {
            if (notification is IncidentUpdatedNotification { Incident.Status: IncidentStatus.Resolved } updated)
            {
                _resolved.Writer.TryWrite(updated.Incident.Key);
            }
            return Task.CompletedTask;
        });
        try
        {
            await foreach (var key in _resolved.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await postmortems.OpenOnResolveAsync(key, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not open the postmortem of {IncidentKey} on resolve", key);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
