using System.Globalization;

namespace CommandCenter.Bench.Ingestion;

/// <summary>Command line: <c>--clients 16 --batch 200 --seconds 20 [--url URL --key KEY] [--raw-rows 200000]</c>.</summary>
internal sealed record BenchOptions(int Clients, int Batch, double Seconds, Uri? Url, string? Key, int RawRows, int RawBatch)
{
    public const string Usage = """
        Ingestion: concurrent clients POST batches of signals to /api/signals on loopback as fast as the app acknowledges
        them (closed loop); prints sustained signals/s, acknowledgement latency, candidates and incidents produced, and
        signals lost (acknowledged but not stored), plus the raw batched SQLite insert rate on the same machine.

        dotnet run -c Release --project bench/Ingestion -- [options]
          --clients N     concurrent HTTP senders (default 16)
          --batch B       signals per request (default 200)
          --seconds S     how long to send (default 20)
          --raw-rows R    rows for the raw SQLite comparison (default 200000; 0 skips it)
          --raw-batch K   rows per transaction in the raw comparison (default 1000)
          --url URL       an app that is already running (then --key is required, and losses are not checked
                          because the bench cannot read that app's database)
          --key KEY       the API key to send with --url
        Without --url the bench starts the app's Release build output on a free port with a fresh database and the
        demo inventory, creates an API key in that database, and checks every acknowledged signal was stored.
        Exit code: 0 when nothing was lost, 1 when a signal was lost or a request failed, 2 on bad arguments.
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions(Clients: 16, Batch: 200, Seconds: 20, Url: null, Key: null, RawRows: 200_000, RawBatch: 1000);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--clients" => options with { Clients = BenchArgs.Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--batch" => options with { Batch = BenchArgs.Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--seconds" => options with { Seconds = BenchArgs.Positive(name, double.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--raw-rows" => options with { RawRows = Math.Max(0, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--raw-batch" => options with { RawBatch = BenchArgs.Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--url" => options with { Url = BenchArgs.AbsoluteUrl(Value()) },
                "--key" => options with { Key = Value() },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }
        if (options.Url is not null && string.IsNullOrWhiteSpace(options.Key))
        {
            throw new ArgumentException("--url needs --key (an API key of that app).");
        }
        return options;
    }
}
