using CommandCenter.Testing;

namespace CommandCenter.Tests.E2E.Infrastructure;

/// <summary>
/// One app process per test class (use as <c>IClassFixture&lt;AppFixture&gt;</c>): a fresh database with the demo
/// seed. Derive and override <see cref="Settings"/> for a class that needs another configuration.
/// </summary>
public class AppFixture : IAsyncLifetime
{
    private AppProcess? _app;

    public AppProcess App => _app ?? throw new InvalidOperationException("The app has not started yet.");

    public Uri BaseUrl => App.BaseUrl;

    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Database:SeedDemoData"] = "true",
    };

    public async Task InitializeAsync() => _app = await AppProcess.StartAsync(Settings);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
