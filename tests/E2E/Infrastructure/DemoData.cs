using CommandCenter.Testing;

namespace CommandCenter.Tests.E2E.Infrastructure;

/// <summary>
/// One demo-seeded data folder per test run. Every app a test class starts used to apply the migrations and seed the
/// demo itself (seconds each on a busy 2-core machine); now the first one seeds and the others start from a copy. The
/// demo's times are relative to the seed, so they are at most one test run old, which no test depends on.
/// </summary>
public static class DemoData
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _folder;

    /// <summary>The seeded folder, made on first use by an app started with the demo seed and then stopped.</summary>
    public static async Task<string> FolderAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_folder is null)
            {
                var seeding = await AppProcess.StartAsync(new Dictionary<string, string> { ["Database:SeedDemoData"] = "true" });
                _folder = await seeding.StopAndKeepDataAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => AppProcess.DeleteDataAsync(_folder).GetAwaiter().GetResult();
            }
            return _folder;
        }
        finally
        {
            Gate.Release();
        }
    }
}
