using CommandCenter.Core.Demo;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.Core.Persistence;

public sealed class DatabaseOptions
{
    public const string ConnectionStringName = "CommandCenter";
    public const string DefaultConnectionString = "Data Source=data/commandcenter.db";

    /// <summary>Seed the demo inventory and incidents when the database has no AI systems yet.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>With the demo data, also a year of past incidents with postmortems and action items (appsettings.json turns it on).</summary>
    public bool SeedDemoHistory { get; set; }

    /// <summary>
    /// An administrator to create when the database has no accounts at all (e.g. <c>Database__BootstrapAdministrator__Password</c>
    /// from a secret store on a real installation). Without it, the first visitor is asked to create one on /setup.
    /// </summary>
    public BootstrapAdministrator? BootstrapAdministrator { get; set; }
}

public sealed class BootstrapAdministrator
{
    public string UserName { get; set; } = "admin";
    public string DisplayName { get; set; } = "Administrator";
    public string? Password { get; set; }
}

/// <summary>Brings the database to the current schema with migrations (never EnsureCreated) and seeds the demo once.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<CommandCenterDbContext> contextFactory,
    DemoSeeder demoSeeder,
    DemoHistory demoHistory,
    Accounts.AccountService accounts,
    IOptions<DatabaseOptions> options,
    TimeProvider clock,
    ILogger<DatabaseInitializer> logger,
    Audit.IntegrityCheck integrity)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        EnsureDirectoryExists(db.Database.GetConnectionString());
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        var applying = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Database ready at {DataSource}", new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource);

        if (await Playbooks.PlaybookService.SeedBuiltInsAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken))
        {
            logger.LogInformation("Added version 1 of the {Count} built-in playbooks", Playbooks.BuiltInPlaybooks.All.Count);
        }
        if (await Exercises.ExerciseService.SeedBuiltInsAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken))
        {
            logger.LogInformation("Added version 1 of the {Count} built-in exercise scenarios", Exercises.BuiltInScenarios.All.Count);
        }

        if (options.Value.SeedDemoData && !await db.AiSystems.AnyAsync(cancellationToken))
        {
            await demoSeeder.SeedAsync(cancellationToken);
            await demoSeeder.SeedAccountsAsync(cancellationToken);
            logger.LogInformation("Seeded the demo inventory, incidents and accounts (first run; README lists the accounts)");
            if (options.Value.SeedDemoHistory)
            {
                var added = await demoHistory.SeedAsync(cancellationToken);
                logger.LogInformation("Seeded {Count} past incidents with postmortems and action items", added);
            }
        }
        if (await Playbooks.PlaybookService.AttachMissingAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken) is > 0 and var attached)
        {
            logger.LogInformation("Attached the current playbook to {Count} active incidents that ran none", attached);
        }
        if (options.Value.BootstrapAdministrator is { Password.Length: > 0 } admin && !await accounts.AnyAsync(cancellationToken))
        {
            await accounts.CreateFirstAdministratorAsync(new Accounts.CreateUser(admin.UserName, admin.DisplayName, null, admin.Password),
                cancellationToken);
            logger.LogInformation("Created the bootstrap administrator {UserName}", admin.UserName);
        }
        await integrity.AfterMigrationAsync(applying, cancellationToken);
    }

    private static void EnsureDirectoryExists(string? connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}
