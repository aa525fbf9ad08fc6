using CommandCenter.Core.Learning;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Core.Exercises;

/// <summary>Releases timed injects when their exercise minute comes; a tick is one read when nothing is running.</summary>
public sealed class ExerciseClockWorker(ExerciseService exercises, TimeProvider clock, ILogger<ExerciseClockWorker> logger) : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await exercises.ReleaseDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not release due exercise injects; trying again next tick");
            }
        }
    }
}

public static class ExerciseServices
{
    public static IServiceCollection AddCommandCenterExercises(this IServiceCollection services)
    {
        services.AddSingleton<ExerciseService>();
        services.AddSingleton<IExercisesStarted, ExercisesStarted>();
        services.AddHostedService<ExerciseClockWorker>();
        return services;
    }
}

/// <summary>Exercise frequency for the metrics: exercises whose clock has been started.</summary>
internal sealed class ExercisesStarted(IDbContextFactory<CommandCenterDbContext> contextFactory) : IExercisesStarted
{
    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<Exercise>().CountAsync(e => e.StartedAt != null, cancellationToken);
    }
}
