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
}

/// <summary>Brings the database to the current schema with migrations (never EnsureCreated) and seeds the demo once.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<CommandCenterDbContext> contextFactory,
    DemoSeeder demoSeeder,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        EnsureDirectoryExists(db.Database.GetConnectionString());
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Database ready at {DataSource}", new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource);

        if (options.Value.SeedDemoData && !await db.AiSystems.AnyAsync(cancellationToken))
        {
            await demoSeeder.SeedAsync(cancellationToken);
            logger.LogInformation("Seeded the demo inventory and incidents (first run)");
        }
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
