using System.Diagnostics;
using System.Globalization;
using CommandCenter.Bench;
using CommandCenter.Core;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Learning;
using CommandCenter.Core.Persistence;
using CommandCenter.Core.Systems;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

const string Usage = """
    Search benchmark: creates N incidents with timelines in a fresh SQLite file (through the aggregates, so the FTS5 triggers
    index them as the app would), then times phrase and word queries through SearchService.

      dotnet run -c Release --project bench/Search -- [--incidents 10000] [--entries 10] [--runs 50] [--db path]
    """;

return await BenchMain.RunAsync(args, Usage, SearchBenchOptions.Parse, RunAsync);

static async Task<int> RunAsync(SearchBenchOptions options, CancellationToken cancellationToken)
{
    var path = options.DatabasePath ?? Path.Combine(Path.GetTempPath(), $"commandcenter-search-bench-{Guid.NewGuid():N}.db");
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:CommandCenter"] = $"Data Source={path}",
        ["Database:SeedDemoData"] = "false",
    }).Build();
    await using var services = new ServiceCollection().AddLogging().AddCommandCenterCore(configuration).BuildServiceProvider();
    try
    {
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
        var factory = services.GetRequiredService<IDbContextFactory<CommandCenterDbContext>>();
        var created = Stopwatch.StartNew();
        var needle = await CreateAsync(factory, options, cancellationToken);
        created.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Created {options.Incidents:N0} incidents with {options.Entries} timeline entries each in {created.Elapsed.TotalSeconds:0.0} s ({new FileInfo(path).Length / 1_048_576.0:0} MB)"));

        var search = services.GetRequiredService<SearchService>();
        var queries = new (string Name, string Query, MetricFilter? Filter)[]
        {
            ("phrase from one timeline", $"\"{needle}\"", null),
            ("phrase, common words", "\"retrieval filter deployed\"", null),
            ("two words", "discount codes", null),
            ("words + severity filter", "discount codes", new MetricFilter(Severity: Severity.Sev1)),
        };
        var worstMedian = 0.0;
        Console.WriteLine($"{"query",-28} {"hits",5} {"median",8} {"p95",8} {"max",8}  (ms, {options.Runs} runs after 3 warm-ups)");
        foreach (var (name, query, filter) in queries)
        {
            for (var i = 0; i < 3; i++)
            {
                await search.SearchAsync(query, filter, cancellationToken: cancellationToken);
            }
            var times = new List<double>();
            var hits = 0;
            for (var i = 0; i < options.Runs; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await search.SearchAsync(query, filter, cancellationToken: cancellationToken);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                hits = result.Hits.Count;
            }
            times.Sort();
            var median = times[times.Count / 2];
            worstMedian = Math.Max(worstMedian, median);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-28} {hits,5} {median,8:0.00} {times[(int)Math.Ceiling(times.Count * 0.95) - 1],8:0.00} {times[^1],8:0.00}"));
        }
        var met = worstMedian < 100;
        Console.WriteLine(met ? "Target met: every median under 100 ms." : "Target missed: a median is 100 ms or more.");
        return met ? 0 : 1;
    }
    finally
    {
        SqliteConnection.ClearAllPools();
        if (options.DatabasePath is null)
        {
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}

// One phrase appears in exactly one incident's timeline: the one the first query must find among everything else.
static async Task<string> CreateAsync(IDbContextFactory<CommandCenterDbContext> factory, SearchBenchOptions options, CancellationToken cancellationToken)
{
    var random = new Random(11);
    var archetypes = Enum.GetValues<Archetype>();
    var words = "assistant retrieval filter deployed discount codes refund agent ledger cache prompt injection classifier drift score merchant voice caller booking session memory moderation threshold evaluation rollback fallback index article hidden text".Split(' ');
    var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    const string Needle = "quarantined the poisoned vendor sitemap";
    var needleAt = options.Incidents / 2;
    await using (var db = await factory.CreateDbContextAsync(cancellationToken))
    {
        for (var s = 0; s < 6; s++)
        {
            db.AiSystems.Add(new AiSystem($"bench-{s}", $"Bench system {s}", AiSystemKind.Generative, "Bench", RiskTier.Limited, "m 1", null, hasFallback: true));
        }
        await db.SaveChangesAsync(cancellationToken);
    }
    const int Batch = 500;
    for (var from = 0; from < options.Incidents; from += Batch)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var systems = await db.AiSystems.ToListAsync(cancellationToken);
        for (var n = from; n < Math.Min(options.Incidents, from + Batch); n++)
        {
            var now = start.AddMinutes(n * 50);
            string Sentence(int length) => string.Join(' ', Enumerable.Range(0, length).Select(_ => words[random.Next(words.Length)]));
            var incident = Incident.Declare($"INC-B-{n:D6}", Sentence(6), Sentence(20), (Severity)random.Next(1, 5), archetypes[random.Next(archetypes.Length)],
                systems[random.Next(systems.Count)], "Bench", now);
            for (var e = 0; e < options.Entries; e++)
            {
                var text = n == needleAt && e == options.Entries / 2 ? $"Security {Needle} after the alert." : Sentence(15);
                incident.Record(TimelineEntryKind.Note, text, "Bench", now.AddMinutes(e + 1));
            }
            incident.ClearDomainEvents();
            db.Incidents.Add(incident);
        }
        await db.SaveChangesAsync(cancellationToken);
    }
    return Needle;
}

internal sealed record SearchBenchOptions(int Incidents, int Entries, int Runs, string? DatabasePath)
{
    public static SearchBenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SearchBenchOptions(10_000, 10, 50, null);
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--incidents" => options with { Incidents = BenchArgs.Positive("--incidents", int.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--entries" => options with { Entries = BenchArgs.Positive("--entries", int.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--runs" => options with { Runs = BenchArgs.Positive("--runs", int.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--db" => options with { DatabasePath = Next() },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }
        return options;
    }
}
