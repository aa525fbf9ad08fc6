using CommandCenter.Core;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Persistence;
using CommandCenter.Core.Systems;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Unit.Support;

/// <summary>A temp folder holding one SQLite file; deleted with everything in it at the end of the test.</summary>
public sealed class TempDatabaseFolder : IDisposable
{
    public TempDatabaseFolder()
    {
        Folder = Path.Combine(Path.GetTempPath(), "commandcenter-unit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string PathOf(string fileName = "commandcenter.db") => Path.Combine(Folder, fileName);

    public void Dispose()
    {
        // Pooled connections keep the file open; let go of them before deleting the folder.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not worth failing a test over.
        }
    }
}

/// <summary>
/// The Core services as the app wires them (AddCommandCenterCore), on a real SQLite file, with a manual clock and a
/// recording publisher registered after Core so they replace the system clock and the bus.
/// </summary>
internal sealed class TestHost : IAsyncDisposable
{
    private TestHost(ServiceProvider services, string connectionString, ManualClock clock, RecordingPublisher publisher)
    {
        Services = services;
        ConnectionString = connectionString;
        Clock = clock;
        Publisher = publisher;
    }

    public ServiceProvider Services { get; }
    public string ConnectionString { get; }
    public ManualClock Clock { get; }
    public RecordingPublisher Publisher { get; }

    public IncidentService Incidents => Services.GetRequiredService<IncidentService>();

    public IncidentLifecycle Lifecycle => Services.GetRequiredService<IncidentLifecycle>();

    public IncidentRoster Roster => Services.GetRequiredService<IncidentRoster>();

    public IncidentLegalRecords Legal => Services.GetRequiredService<IncidentLegalRecords>();

    public AiSystemService Systems => Services.GetRequiredService<AiSystemService>();

    public static TestHost Build(string connectionString, ManualClock? clock = null, bool seedDemoData = false, bool replacePublisher = true,
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:CommandCenter"] = connectionString,
            ["Database:SeedDemoData"] = seedDemoData ? "true" : "false",
            // Detection's clock ticks are driven by the tests (DetectionEngine.TickNowAsync), not by a timer.
            ["Detection:TickInterval"] = "01:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        clock ??= new ManualClock();
        var publisher = new RecordingPublisher();
        var services = new ServiceCollection()
            .AddLogging()
            .AddCommandCenterCore(configuration)
            .AddSingleton<TimeProvider>(clock);
        if (replacePublisher)
        {
            services.AddSingleton<IIncidentEventPublisher>(publisher);
        }
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new TestHost(provider, connectionString, clock, publisher);
    }

    /// <summary>Builds the services on <paramref name="databasePath"/>, runs the initializer and (optionally) adds one AI system.</summary>
    public static async Task<TestHost> StartAsync(string databasePath, ManualClock? clock = null, bool seedDemoData = false,
        bool addSystem = true, string? connectionStringSuffix = null, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var host = Build($"Data Source={databasePath}{connectionStringSuffix}", clock, seedDemoData, settings: settings, configure: configure);
        await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        if (addSystem)
        {
            await host.AddSystemAsync();
        }
        await host.AddPeopleAsync();
        return host;
    }

    /// <summary>The people tests give incident roles to, as accounts (roles go to accounts, not to typed names).</summary>
    public static readonly IReadOnlyList<string> People =
    [
        "Maya Chen", "Tom Okafor", "Priya Raman", "Lars Jensen", "Dana Ortiz", "Noor Haddad", "Sam Rivera", "Ana Diaz", "Ben Okafor", "Chris",
        "Ada Admin",
    ];

    /// <summary>Adds an account row per name in <see cref="People"/> that is not there yet (no password: nobody signs in here).</summary>
    public async Task AddPeopleAsync()
    {
        await using var db = CreateDbContext();
        var existing = await db.Users.Select(u => u.DisplayName).ToListAsync();
        foreach (var name in People.Except(existing, StringComparer.OrdinalIgnoreCase))
        {
            var userName = name.Split(' ')[0].ToLowerInvariant(); // maya, tom, priya, ... as in the demo
            db.Users.Add(Account(name, userName,
                name == "Ada Admin" ? CommandCenter.Core.Accounts.OrgRole.Administrator : CommandCenter.Core.Accounts.OrgRole.Responder));
        }
        await db.SaveChangesAsync();
    }

    /// <summary>Adds one account row (no password).</summary>
    public async Task AddPersonAsync(string displayName, string userName, CommandCenter.Core.Accounts.OrgRole role)
    {
        await using var db = CreateDbContext();
        db.Users.Add(Account(displayName, userName, role));
        await db.SaveChangesAsync();
    }

    private static CommandCenter.Core.Accounts.AppUser Account(string displayName, string userName, CommandCenter.Core.Accounts.OrgRole role) => new()
    {
        UserName = userName, NormalizedUserName = userName.ToUpperInvariant(), DisplayName = displayName, OrgRole = role,
        SecurityStamp = Guid.NewGuid().ToString("N"), CreatedAt = DateTime.UtcNow,
    };

    public CommandCenterDbContext CreateDbContext() =>
        Services.GetRequiredService<IDbContextFactory<CommandCenterDbContext>>().CreateDbContext();

    public async Task<AiSystem> AddSystemAsync(string slug = "support-assistant", string name = "Support assistant")
    {
        await using var db = CreateDbContext();
        var system = new AiSystem(slug, name, AiSystemKind.Generative, "Customer Care Platform", RiskTier.Limited,
            "care-llm 2026.11.1", "care-llm 2026.10.3", hasFallback: true);
        db.AiSystems.Add(system);
        await db.SaveChangesAsync();
        return system;
    }

    /// <summary>A plain connection outside EF and outside the pool, like a second program looking at the file.</summary>
    public SqliteConnection OpenRawConnection()
    {
        var builder = new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false };
        var connection = new SqliteConnection(builder.ConnectionString);
        connection.Open();
        return connection;
    }

    public long Scalar(string sql)
    {
        using var connection = OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
