using System.Threading.Channels;
using CommandCenter.Core.Incidents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Core.Events;

/// <summary>
/// Runs some work for every newly declared incident (on <see cref="IncidentDeclaredNotification"/>), on its own loop so the event bus never waits for it. A failure is
/// logged and the loop goes on with the next incident.
/// </summary>
public abstract class OnDeclareWorker(IIncidentNotifier notifier, ILogger logger) : BackgroundService
{
    private readonly Channel<string> _declared = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>What the worker does for one declared incident.</summary>
    protected abstract Task HandleAsync(string key, CancellationToken cancellationToken);

    /// <summary>Says what failed, for the log ("assemble the triage pack").</summary>
    protected abstract string What { get; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = notifier.Subscribe(notification =>
        {
            if (notification is IncidentDeclaredNotification declared)
            {
                _declared.Writer.TryWrite(declared.IncidentKey);
            }
            return Task.CompletedTask;
        });
        try
        {
            await foreach (var key in _declared.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await HandleAsync(key, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not {What} of {IncidentKey} on declaration", What, key);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
