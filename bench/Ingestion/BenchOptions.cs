using System.Globalization;

namespace CommandCenter.Bench.Ingestion;

internal enum BenchMode
{
    /// <summary>Closed-loop HTTP senders against CommandCenter alone, with a loss check and the raw SQLite ceiling.</summary>
    Throughput,

    /// <summary>The detection engine in this process, no HTTP: what durable intake and the loop's apply cost on their own.</summary>
    Engine,

    /// <summary>CommandCenter and Prometheus Alertmanager under the same wrk load, interleaved, batches and single alerts.</summary>
    Compare,

    /// <summary>Load CommandCenter, kill -9 it mid-load, restart it on the same database and look for every acknowledged signal.</summary>
    Kill9,
}

/// <summary>Command line; see <see cref="Usage"/>.</summary>
internal sealed record BenchOptions(int Clients, int Batch, double Seconds, Uri? Url, string? Key, int RawRows, int RawBatch)
{
    public BenchMode Mode { get; init; } = BenchMode.Throughput;

    /// <summary>Compare: rounds (each starts both servers afresh and measures batch and single on each, alternating who goes first).</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>Extra app settings (<c>--set Section:Key=value</c>), for trying a setting without rebuilding.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Kill9: runs (each a fresh database, a kill and a restart).</summary>
    public int Runs { get; init; } = 3;

    /// <summary>Kill9: seconds of load, from the first acknowledgement, before the kill.</summary>
    public double KillAfter { get; init; } = 4;

    public int WrkThreads { get; init; } = 2;

    /// <summary><c>Detection:Durability</c> for the app the bench starts (null: the app's default).</summary>
    public string? Durability { get; init; }

    public const string Usage = """
        Ingestion benches. Three modes, each starting the app's Release build output (dotnet build -c Release first)
        on a free loopback port with a fresh SQLite database and the demo inventory:

        dotnet run -c Release --project bench/Ingestion -- --compare [--seconds 10] [--rounds 2]
          CommandCenter against Prometheus Alertmanager 0.25 (Debian's prometheus-alertmanager, installed with apt-get
          when missing, started on 127.0.0.1 with a temporary config and storage, stopped at the end) under the same
          wrk load (Debian's wrk, same Lua script): --clients connections (default 16) on --threads wrk threads
          (default 2), distinct AI alerts in batches of --batch (default 100) and one per request, each for --seconds,
          the two servers interleaved. Prints both rates and CommandCenter/Alertmanager side by side per round, and
          checks that CommandCenter stored every alert it acknowledged.

        dotnet run -c Release --project bench/Ingestion -- --kill9 [--runs 3] [--kill-after 4] [--batch 100]
          --clients senders post distinct signals (each with an id) in batches of --batch; --kill-after seconds after
          the first acknowledgement the app is killed with SIGKILL mid-load and restarted on the same database. Prints signals acknowledged,
          stored and lost (acknowledged but not stored) per run. Exit code 1 if any was lost.

        dotnet run -c Release --project bench/Ingestion -- [--clients 16] [--batch 200] [--seconds 20]
          Closed-loop senders (the simulator's load generator: its scenarios' alerts) against CommandCenter alone: sustained signals/s, acknowledgement latency, candidates and
          incidents produced, signals lost, plus the raw batched SQLite insert rate (--raw-rows 200000, 0 skips it;
          --raw-batch 1000 rows per transaction). --url URL --key KEY measures an app that is already running
          (losses are then not checked).

        dotnet run -c Release --project bench/Ingestion -- --engine [--clients 16] [--batch 1] [--seconds 10]
          The detection engine in this process (no HTTP, no JSON, no API key): --clients tasks each ingest --batch
          distinct signals and wait for the durable answer. Prints signals/s, commits/s, signals per commit and CPU
          time per signal.

        Common: --durability Full|ProcessCrashSafe sets Detection:Durability for the app the bench starts; --set Key=value
        (repeatable) sets any other app setting, e.g. --set Detection:ApplyAfterSignals=2048.
        Exit code: 0 when nothing was lost and no request failed, 1 otherwise, 2 on bad arguments.
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions(Clients: 16, Batch: 200, Seconds: 20, Url: null, Key: null, RawRows: 200_000, RawBatch: 1000);
        int? batch = null;
        double? seconds = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--compare":
                    options = options with { Mode = BenchMode.Compare };
                    break;
                case "--kill9":
                    options = options with { Mode = BenchMode.Kill9 };
                    break;
                case "--engine":
                    options = options with { Mode = BenchMode.Engine };
                    break;
                case "--batch":
                    batch = BenchArgs.Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture));
                    break;
                case "--seconds":
                    seconds = BenchArgs.Positive(name, double.Parse(Value(), CultureInfo.InvariantCulture));
                    break;
                default:
                    options = name switch
                    {
                        "--clients" => options with { Clients = BenchArgs.Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                        "--raw-rows" => options with { RawRows = Math.Max(0, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                        "--raw-batch" => options with { RawBatch = BenchArgs.Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                        "--url" => options with { Url = BenchArgs.AbsoluteUrl(Value()) },
                        "--key" => options with { Key = Value() },
                        "--rounds" => options with { Rounds = BenchArgs.Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                        "--runs" => options with { Runs = BenchArgs.Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                        "--kill-after" => options with { KillAfter = BenchArgs.Positive(name, double.Parse(Value(), CultureInfo.InvariantCulture)) },
                        "--threads" => options with { WrkThreads = BenchArgs.Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                        "--set" => options with
                        {
                            Settings = new Dictionary<string, string>(options.Settings)
                            {
                                [Value() is var pair && pair.IndexOf('=', StringComparison.Ordinal) is > 0 and var at ? pair[..at] : throw new ArgumentException("--set is Key=value.")] = pair[(at + 1)..],
                            },
                        },
                        "--durability" => options with
                        {
                            Durability = Value() is var level && level is "Full" or "ProcessCrashSafe"
                                ? level
                                : throw new ArgumentException("--durability is Full or ProcessCrashSafe."),
                        },
                        _ => throw new ArgumentException($"Unknown option {name}."),
                    };
                    break;
            }
        }
        // Each mode has its own defaults: the comparison's are the (batches of 100, 10 s).
        options = options with
        {
            Batch = batch ?? options.Mode switch { BenchMode.Throughput => 200, BenchMode.Engine => 1, _ => 100 },
            Seconds = seconds ?? (options.Mode is BenchMode.Compare or BenchMode.Engine ? 10 : 20),
        };
        if (options.Url is not null && string.IsNullOrWhiteSpace(options.Key))
        {
            throw new ArgumentException("--url needs --key (an API key of that app).");
        }
        if (options.Url is not null && options.Mode != BenchMode.Throughput)
        {
            throw new ArgumentException("--url is for the throughput mode only (--compare and --kill9 start their own app).");
        }
        return options;
    }

    /// <summary>Settings for the app the bench starts.</summary>
    public Dictionary<string, string> AppSettings(string? databasePath = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Database:SeedDemoData"] = "true",
            // Short enough that candidates are judged (and the severe one opened) within a run.
            ["Detection:Grouping:GroupWait"] = "00:00:05",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (Durability is { } durability)
        {
            settings["Detection:Durability"] = durability;
        }
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }
        if (databasePath is not null)
        {
            settings["ConnectionStrings:CommandCenter"] = $"Data Source={databasePath}";
        }
        return settings;
    }
}
