using System.Text;
using CommandCenter.Core.Persistence;
using CommandCenter.Tests.Unit.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CommandCenter.Tests.Unit;

/// <summary>
/// Migrations are written by hand (no EF Design package here), so nothing else notices when the model moves on and
/// the migrations do not: this compares the migrated schema with the one EF would create from the model.
/// </summary>
public sealed class MigrationsTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDatabaseFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task MigratedSchemaEqualsTheSchemaOfTheModel()
    {
        await using var migratedHost = TestHost.Build($"Data Source={_folder.PathOf("migrated.db")}");
        await using var createdHost = TestHost.Build($"Data Source={_folder.PathOf("created.db")}");
        string createScript;
        await using (var migrated = migratedHost.CreateDbContext())
        {
            await migrated.Database.MigrateAsync();
        }
        await using (var created = createdHost.CreateDbContext())
        {
            await created.Database.EnsureCreatedAsync();
            createScript = created.Database.GenerateCreateScript();
        }

        var fromMigrations = DescribeSchema(migratedHost);
        var fromModel = DescribeSchema(createdHost);

        var missing = fromModel.Except(fromMigrations).ToList();
        var extra = fromMigrations.Except(fromModel).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            var report = new StringBuilder()
                .AppendLine("The migrations do not produce the model's schema; write a migration for the difference.")
                .AppendLine("In the model but not after migrating:")
                .AppendJoin(Environment.NewLine, missing.Select(l => "  + " + l)).AppendLine()
                .AppendLine("After migrating but not in the model:")
                .AppendJoin(Environment.NewLine, extra.Select(l => "  - " + l)).AppendLine()
                .AppendLine("The model's create script (Database.GenerateCreateScript()):")
                .AppendLine(createScript)
                .ToString();
            output.WriteLine(report);
            Assert.Fail(report);
        }
        Assert.Contains(fromModel, l => l.StartsWith("table TimelineEntries column Hash", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MigratedDatabaseHasTheAppendOnlyTriggers()
    {
        await using var host = TestHost.Build($"Data Source={_folder.PathOf()}");
        await using (var db = host.CreateDbContext())
        {
            await db.Database.MigrateAsync();
        }

        var triggers = host.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'TimelineEntries' AND name IN ('TimelineEntries_NoUpdate', 'TimelineEntries_NoDelete', 'TimelineEntries_AppendOnly')");

        Assert.Equal(3, triggers);
    }

    [Fact]
    public async Task MigratingTwiceIsHarmless()
    {
        await using var host = TestHost.Build($"Data Source={_folder.PathOf()}");
        await using (var db = host.CreateDbContext())
        {
            await db.Database.MigrateAsync();
        }
        await host.AddSystemAsync();

        await using (var db = host.CreateDbContext())
        {
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.Contains("20261122080000_InitialWarRoom", db.Database.GetMigrations());
        }
        await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();

        Assert.Equal(1, host.Scalar("SELECT COUNT(*) FROM AiSystems"));
        await using var migrated = host.CreateDbContext();
        Assert.Equal(migrated.Database.GetMigrations().Count(), host.Scalar("SELECT COUNT(*) FROM __EFMigrationsHistory"));
    }

    [Fact]
    public async Task JournalModeIsWalAfterTheInitializer()
    {
        var path = _folder.PathOf(Path.Combine("nested", "folder", "commandcenter.db"));
        await using var host = TestHost.Build($"Data Source={path}");

        await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();

        Assert.True(File.Exists(path));
        using var connection = host.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar() as string);
    }

    /// <summary>One line per fact about the schema, from sqlite_master and the pragmas; triggers and EF's own history and lock tables left out.</summary>
    private static SortedSet<string> DescribeSchema(TestHost host)
    {
        using var connection = host.OpenRawConnection();
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        var tables = Query(connection,
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock') "
            // The full-text index (FTS5 virtual table and its shadow tables) lives outside the EF model, kept by triggers.
            + "AND name NOT LIKE 'SearchIndex%' ORDER BY name",
            r => (Name: r.GetString(0), Sql: r.GetString(1)));
        foreach (var (table, sql) in tables)
        {
            lines.Add($"table {table} autoincrement={sql.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase)}");
            foreach (var column in Query(connection, $"PRAGMA table_info(\"{table}\")", r =>
                $"column {r.GetString(1)} type={r.GetString(2)} notnull={r.GetInt64(3)} default={(r.IsDBNull(4) ? "none" : r.GetString(4))} pk={r.GetInt64(5)}"))
            {
                lines.Add($"table {table} {column}");
            }
            foreach (var (index, unique, origin) in Query(connection, $"PRAGMA index_list(\"{table}\")",
                r => (Name: r.GetString(1), Unique: r.GetInt64(2), Origin: r.GetString(3))))
            {
                var columns = Query(connection, $"PRAGMA index_info(\"{index}\")", r => (Seq: r.GetInt64(0), Name: r.IsDBNull(2) ? "?" : r.GetString(2)))
                    .OrderBy(c => c.Seq)
                    .Select(c => c.Name);
                lines.Add($"table {table} index {index} unique={unique} origin={origin} columns=({string.Join(", ", columns)})");
            }
            foreach (var foreignKey in Query(connection, $"PRAGMA foreign_key_list(\"{table}\")", r =>
                $"foreign key ({r.GetString(3)}) references {r.GetString(2)}({r.GetString(4)}) on update {r.GetString(5)} on delete {r.GetString(6)}"))
            {
                lines.Add($"table {table} {foreignKey}");
            }
        }
        return lines;
    }

    private static List<T> Query<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }
        return rows;
    }
}
