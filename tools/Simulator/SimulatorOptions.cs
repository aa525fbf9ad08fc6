using System.Globalization;
using CommandCenter.Core.Simulation;

namespace CommandCenter.Simulator;

/// <summary>The command line; see <see cref="Usage"/>.</summary>
internal sealed record SimulatorOptions
{
    public bool Help { get; init; }
    public bool List { get; init; }
    public bool Load { get; init; }
    public Scenario? Scenario { get; init; }
    public double Speed { get; init; } = 1;
    public Uri Url { get; init; } = new("http://localhost:5000/");
    public string? Key { get; init; }
    public Via Via { get; init; } = Via.Signals;
    public double Noise { get; init; } = 1;
    public bool Background { get; init; } = true;
    public int Seed { get; init; } = 1;
    public double? FromMinute { get; init; }
    public string RunId { get; init; } = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
    public int Clients { get; init; } = 16;
    public int Batch { get; init; } = 200;
    public double Seconds { get; init; } = 20;

    public const string Usage = """
        CommandCenter simulator: replays a realistic AI incident feed into a running CommandCenter, or loads it.

          dotnet run --project tools/Simulator -- --scenario prompt-injection --speed 10 --url http://localhost:5000 --key cck_...
          dotnet run --project tools/Simulator -- --load --clients 16 --batch 200 --seconds 20 --url ... --key cck_...
          dotnet run --project tools/Simulator -- --list

        Replay:
          --scenario NAME   one of the scenarios (--list shows them): an archetype code such as prompt-injection
          --speed N         time compression: 10 plays ten minutes of feed in one (default 1, real time)
          --via WAY         signals (POST /api/signals, default), alertmanager (webhook payload version 4) or
                            events (PagerDuty Events API v2 bodies); changes always go to POST /api/changes
          --noise N         0 = the clean curves, 1 = realistic jitter (default), up to 3
          --background on|off  short-lived alerts from the other demo systems (default on)
          --seed N          the same seed gives the same feed (default 1)
          --from MINUTE     start at this feed minute (e.g. -1); earlier items are sent at once, backdated
          --run ID          idempotency: the same run id again is recognised as a replay (default: the start time)
        Load (closed loop, distinct realistic alerts, as fast as acknowledged):
          --load            --clients N (16), --batch N alerts per request (200), --seconds N (20)
        Common:
          --url URL         the app (default http://localhost:5000)
          --key KEY         an API key (cck_...), or the environment variable COMMANDCENTER_API_KEY
          --list, --help
        Exit code 0 when everything was accepted, 1 when the app refused something, 2 on bad arguments.
        """;

    public static SimulatorOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SimulatorOptions { Key = Environment.GetEnvironmentVariable("COMMANDCENTER_API_KEY") };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            double Number() => double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture);
            int Positive() => int.Parse(Value(), CultureInfo.InvariantCulture) is var n && n > 0 ? n : throw new ArgumentException($"{name} must be above 0.");
            options = name switch
            {
                "--help" or "-h" => options with { Help = true },
                "--list" => options with { List = true },
                "--load" => options with { Load = true },
                "--scenario" => options with
                {
                    Scenario = Value() is var s && Scenarios.Find(s) is { } found ? found
                        : throw new ArgumentException($"No scenario '{s}'; scenarios are {Scenarios.Allowed}."),
                },
                "--speed" => options with
                {
                    Speed = Number() is var speed && speed > 0 && speed <= Playback.MaxSpeed ? speed
                        : throw new ArgumentException($"--speed is above 0 and at most {Playback.MaxSpeed}."),
                },
                "--url" => options with
                {
                    Url = Uri.TryCreate(Value().TrimEnd('/') + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url
                        : throw new ArgumentException("--url is an absolute http(s) URL."),
                },
                "--key" => options with { Key = Value() },
                "--via" => options with
                {
                    Via = Enum.TryParse<Via>(Value(), ignoreCase: true, out var via) && Enum.IsDefined(via) ? via
                        : throw new ArgumentException("--via is signals, alertmanager or events."),
                },
                "--noise" => options with
                {
                    Noise = Number() is var noise && noise is >= 0 and <= FeedOptions.MaxNoise ? noise
                        : throw new ArgumentException($"--noise is from 0 to {FeedOptions.MaxNoise}."),
                },
                "--background" => options with
                {
                    Background = Value().ToLowerInvariant() switch
                    {
                        "on" or "true" or "yes" => true,
                        "off" or "false" or "no" => false,
                        _ => throw new ArgumentException("--background is on or off."),
                    },
                },
                "--seed" => options with { Seed = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--from" => options with { FromMinute = Number() },
                "--run" => options with { RunId = Value() },
                "--clients" => options with { Clients = Positive() },
                "--batch" => options with { Batch = Positive() },
                "--seconds" => options with { Seconds = Number() is var sec && sec > 0 ? sec : throw new ArgumentException("--seconds must be above 0.") },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }
        if (!options.Help && !options.List)
        {
            if (!options.Load && options.Scenario is null)
            {
                throw new ArgumentException($"Say which --scenario to play ({Scenarios.Allowed}), or --load, --list or --help.");
            }
            if (string.IsNullOrWhiteSpace(options.Key))
            {
                throw new ArgumentException("--key is required (an API key from Settings → API keys; see tools/Simulator/README.md).");
            }
        }
        return options;
    }
}
