using CommandCenter.Testing;

namespace CommandCenter.Bench.Ingestion;

/// <summary>
/// Starts the app, trying again when it was not healthy within AppProcess's 60 s: on a 2-core machine shared with other
/// work a cold start (migrations, demo seed, JIT) can take longer, and a bench should measure the load, not the start.
/// </summary>
internal static class AppStarts
{
    private const int Attempts = 3;

    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string> settings, TextWriter output, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AppProcess.StartAsync(settings, cancellationToken);
            }
            catch (InvalidOperationException ex) when (attempt < Attempts && ex.InnerException is TimeoutException)
            {
                output.WriteLine($"  the app was not healthy within {AppProcess.StartTimeout.TotalSeconds:0} s (a busy machine); starting it again");
            }
        }
    }
}
