using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.Core.Evidence;

/// <summary>
/// Deletes evidence content past its retention (<see cref="EvidenceOptions.RetentionDays"/> after the incident closed, never
/// under legal hold) at start-up and every <see cref="EvidenceOptions.RetentionCheckInterval"/>.
/// </summary>
public sealed partial class EvidenceRetentionJob(EvidenceService evidence, IOptions<EvidenceOptions> options, TimeProvider clock,
    ILogger<EvidenceRetentionJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionCheckInterval, clock);
        try
        {
            do
            {
                await RunOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; the next start runs a pass first.
        }
    }

    /// <summary>One pass; a failure is logged and the next pass tries again.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var purged = await evidence.PurgeExpiredAsync(cancellationToken);
            if (purged > 0)
            {
                LogPurged(purged, options.Value.RetentionDays);
            }
            return purged;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(e);
            return 0;
        }
    }

    [LoggerMessage(LogLevel.Information, "Evidence retention deleted the content of {Count} artefact(s) older than {Days} days after closure")]
    private partial void LogPurged(int count, int days);

    [LoggerMessage(LogLevel.Error, "Evidence retention pass failed")]
    private partial void LogFailed(Exception exception);
}
