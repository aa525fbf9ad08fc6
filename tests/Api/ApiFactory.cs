using System.Collections.Concurrent;
using System.Net.Http.Json;
using CommandCenter.Core.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Tests.Api;

/// <summary>
/// The whole web app over TestServer, on its own SQLite file with the demo seed. One per test class. The seed is made
/// once per test run and each factory starts from a copy of it (its audit key too): applying the migrations and
/// seeding for each of some forty classes was a third of this project's time.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    /// <summary>The password of every account the tests create.</summary>
    public const string Password = "api-tests-password";

    private static readonly Lazy<string> SeededDatabase = new(SeedOnce, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"commandcenter-api-{Guid.NewGuid():N}.db");
    private readonly bool _keepDatabase;

    public ApiFactory()
        : this(fromSeed: true)
    {
    }

    private ApiFactory(bool fromSeed)
    {
        if (fromSeed)
        {
            CopyDatabase(SeededDatabase.Value, _databasePath);
        }
        _keepDatabase = !fromSeed;
    }

    /// <summary>Starts the app once on an empty file (migrations and demo seed), stops it and keeps the file.</summary>
    private static string SeedOnce()
    {
        var seeding = new ApiFactory(fromSeed: false);
        _ = seeding.Services;
        seeding.Dispose();
        SqliteConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteDatabase(seeding._databasePath);
        return seeding._databasePath;
    }

    private static string[] FilesOf(string databasePath) =>
        [databasePath, databasePath + "-wal", databasePath + "-shm", databasePath + ".audit-key", databasePath + ".export-key.pem"];

    // The shared-memory index (-shm) is rebuilt from the log when the copy is first opened.
    private static void CopyDatabase(string from, string to)
    {
        foreach (var suffix in new[] { "", "-wal", ".audit-key" })
        {
            if (File.Exists(from + suffix))
            {
                File.Copy(from + suffix, to + suffix, overwrite: true);
            }
        }
    }

    private static void DeleteDatabase(string databasePath)
    {
        foreach (var file in FilesOf(databasePath))
        {
            File.Delete(file);
        }
        if (Directory.Exists(databasePath + ".evidence"))
        {
            Directory.Delete(databasePath + ".evidence", recursive: true);
        }
    }
    /// <summary>The app's SQLite database, for tests that look at what was (not) written.</summary>
    public string ConnectionString => $"Data Source={_databasePath}";

    private readonly ConcurrentDictionary<string, Lazy<HttpClient>> _clients = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A client signed in as <paramref name="displayName"/> (created on first use with <paramref name="role"/>): every
    /// call it makes acts as that person, as a browser session would. One client per person per factory.
    /// </summary>
    public HttpClient As(string displayName, OrgRole role = OrgRole.Responder) =>
        _clients.GetOrAdd($"{displayName}|{role}", _ => new Lazy<HttpClient>(() =>
        {
            var accounts = Services.GetRequiredService<AccountService>();
            var userName = UserNameOf(displayName, role);
            if (!accounts.ListAsync().GetAwaiter().GetResult().Any(u => u.UserName == userName))
            {
                accounts.CreateAsync(new CreateUser(userName, role == OrgRole.Responder ? displayName : $"{displayName} ({role.Code()})",
                    role.Code(), Password), Actor.Automation("API tests")).GetAwaiter().GetResult();
            }
            var client = CreateClient();
            var signedIn = client.PostAsJsonAsync("/api/session", new { userName, password = Password }).GetAwaiter().GetResult();
            Assert.True(signedIn.IsSuccessStatusCode, $"Signing in {userName} failed: {(int)signedIn.StatusCode}");
            return client;
        })).Value;

    /// <summary>The Cookie header value of a fresh session of <paramref name="displayName"/>, for requests built by hand.</summary>
    public string SessionCookie(string displayName)
    {
        As(displayName);
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var response = client.PostAsJsonAsync("/api/session", new { userName = UserNameOf(displayName), password = Password }).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    /// <summary>A client with no session.</summary>
    public HttpClient Anonymous() => CreateClient();

    public static string UserNameOf(string displayName, OrgRole role = OrgRole.Responder) =>
        "t." + new string(displayName.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '.').ToArray()).Trim('.')
        + (role == OrgRole.Responder ? "" : "." + role.Code());

    /// <summary>A request carrying this header appears to come from that IP address (TestServer has no remote address of its own).</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:CommandCenter", $"Data Source={_databasePath}");
        builder.UseSetting("Database:SeedDemoData", "true");
        // The year of past incidents is for people looking at the app; the API tests start from the four current ones.
        builder.UseSetting("Database:SeedDemoHistory", "false");
        // The live simulated incident would add candidates and an incident while tests count them.
        builder.UseSetting("Demo:LiveSimulation", "false");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>());
    }

    /// <summary>Runs before the app's own middleware, as a real connection's remote address would be there from the start.</summary>
    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(ClientAddressHeader, out var address) && System.Net.IPAddress.TryParse(address, out var ip))
                {
                    context.Connection.RemoteIpAddress = ip;
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (!_keepDatabase)
        {
            DeleteDatabase(_databasePath);
        }
    }
}
