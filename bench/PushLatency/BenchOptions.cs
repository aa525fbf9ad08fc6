using System.Globalization;

namespace CommandCenter.Bench.PushLatency;

/// <summary>Command line: <c>--clients 200 --rate 20 --seconds 15 [--url http://host:port] [--drain 5]</c>.</summary>
internal sealed record BenchOptions(int Clients, double Rate, double Seconds, Uri? Url, double DrainSeconds)
{
    /// <summary>The account the bench signs in as (a demo account by default; --user/--password for another app).</summary>
    public string UserName { get; init; } = "maya";

    public string Password { get; init; } = "war-room-demo";

    public const string Usage = """
        Push latency: N hub clients subscribed to one incident, timeline entries posted at a steady rate; prints the
        latency from each POST's acknowledgement (and from its send) to its receipt at every client, and what was lost.

        dotnet run -c Release --project bench/PushLatency -- [options]
          --clients N    hub connections subscribed to the incident (default 200)
          --rate R       timeline entries posted per second (default 20)
          --seconds S    how long to post (default 15)
          --drain D      seconds to wait for late deliveries after the last acknowledgement (default 5)
          --url URL      an app that is already running; without it the bench starts the app's build output on a
                         free port with a fresh database and the demo incidents
          --user U --password P   the account to sign in as (default: the demo account maya)
        Exit code: 0 when every delivery arrived, 1 when any was lost, a POST failed or a client lost its connection,
        2 on bad arguments.
        """;

    public int Entries => Math.Max(1, (int)Math.Round(Rate * Seconds));

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions(Clients: 200, Rate: 20, Seconds: 15, Url: null, DrainSeconds: 5);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--clients" => options with { Clients = BenchArgs.Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--rate" => options with { Rate = BenchArgs.Positive(name, double.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--seconds" => options with { Seconds = BenchArgs.Positive(name, double.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--drain" => options with { DrainSeconds = BenchArgs.Positive(name, double.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--url" => options with { Url = BenchArgs.AbsoluteUrl(Value()) },
                "--user" => options with { UserName = Value() },
                "--password" => options with { Password = Value() },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }
        return options;
    }
}
