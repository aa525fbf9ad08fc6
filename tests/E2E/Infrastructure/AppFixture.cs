using System.Net.Http.Json;
using CommandCenter.Testing;

namespace CommandCenter.Tests.E2E.Infrastructure;

/// <summary>
/// One app process per test class (use as <c>IClassFixture&lt;AppFixture&gt;</c>): its own database with the demo
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

    /// <summary>The password of the demo accounts, and of every account the tests create.</summary>
    public const string Password = "war-room-demo";

    private HttpClient? _admin;

    /// <summary>
    /// True (the default) when <see cref="Settings"/> seed the demo and change nothing the seed writes: the app then
    /// starts from a copy of one seeded database made once per test run (<see cref="DemoData"/>). Override with false
    /// for settings that would seed differently.
    /// </summary>
    protected virtual bool StartsFromDemoCopy => Settings.TryGetValue("Database:SeedDemoData", out var seed) && seed == "true";

    public async Task InitializeAsync() =>
        _app = await AppProcess.StartAsync(Settings, dataFrom: StartsFromDemoCopy ? await DemoData.FolderAsync() : null);

    /// <summary>
    /// The user name of an account called <paramref name="displayName"/>: a demo account when one has that name, otherwise
    /// one created now through the users API (signed in as the demo administrator) with <paramref name="role"/>.
    /// </summary>
    public async Task<string> EnsureAccountAsync(string displayName, string role = "responder")
    {
        if (_admin is null)
        {
            var admin = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = BaseUrl };
            (await admin.PostAsJsonAsync("/api/session", new { userName = "admin", password = Password })).EnsureSuccessStatusCode();
            _admin = admin;
        }
        var users = await _admin.GetFromJsonAsync<List<UserRow>>("/api/users") ?? [];
        if (users.FirstOrDefault(u => string.Equals(u.DisplayName, displayName.Trim(), StringComparison.OrdinalIgnoreCase)) is { } existing)
        {
            return existing.UserName;
        }
        var userName = "e2e." + new string(displayName.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '.').ToArray());
        var created = await _admin.PostAsJsonAsync("/api/users", new { userName, displayName, role, password = Password });
        Assert.True(created.IsSuccessStatusCode, $"Creating {displayName}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        return userName;
    }

    /// <summary>An HTTP client signed in (POST /api/session) as <paramref name="displayName"/>'s account.</summary>
    public async Task<HttpClient> ApiClientAsync(string displayName, string role = "responder")
    {
        var userName = await EnsureAccountAsync(displayName, role);
        var client = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = BaseUrl };
        (await client.PostAsJsonAsync("/api/session", new { userName, password = Password })).EnsureSuccessStatusCode();
        return client;
    }

    private sealed record UserRow(string UserName, string DisplayName);

    public async Task DisposeAsync()
    {
        _admin?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
