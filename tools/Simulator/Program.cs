using System.Globalization;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Simulation;
using CommandCenter.Simulator;

SimulatorOptions options;
try
{
    options = SimulatorOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine("Run with --help for the options.");
    return 2;
}

if (options.Help)
{
    Console.WriteLine(SimulatorOptions.Usage);
    return 0;
}
if (options.List)
{
    foreach (var scenario in Scenarios.All)
    {
        var feed = FeedGenerator.Generate(scenario, new FeedOptions(Background: false));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{scenario.Code,-21} {scenario.System,-19} {scenario.Title} ({feed.Items.Count} items, {feed.Start.TotalMinutes:+0;-0} to {feed.End.TotalMinutes:+0} min)"));
        Console.WriteLine($"{"",-41} {scenario.Story}");
    }
    return 0;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
using var http = HttpIngestion.Client(options.Url, options.Key!, options.Load ? options.Clients : 4);
try
{
    return options.Load ? await RunLoadAsync(http, options, cancellation.Token) : await ReplayAsync(http, options, cancellation.Token);
}
catch (IngestionRefusedException refused)
{
    Console.Error.WriteLine($"PROBLEM: the app refused a request: {refused.Message}");
    return 1;
}
catch (HttpRequestException unreachable)
{
    Console.Error.WriteLine($"PROBLEM: could not reach {options.Url}: {unreachable.Message}");
    return 1;
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    Console.Error.WriteLine("Stopped.");
    return 1;
}

static async Task<int> ReplayAsync(HttpClient http, SimulatorOptions options, CancellationToken cancellationToken)
{
    var feed = FeedGenerator.Generate(options.Scenario!, new FeedOptions(options.Seed, options.Noise, options.Background));
    var ingestion = new HttpIngestion(http, options.Via);
    var player = new FeedPlayer(ingestion, ingestion, new RealTimePacer(TimeProvider.System), TimeProvider.System);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{feed.Scenario.Code} on {feed.Scenario.System}: {feed.Scenario.Title}. {feed.Items.Count} items over {(feed.End - feed.Start).TotalMinutes:0} min at speed {options.Speed} via {options.Via.ToString().ToLowerInvariant()} to {options.Url} (run {options.RunId})"));
    var problems = 0;
    var played = await player.PlayAsync(feed,
        new Playback("simulator", options.RunId, options.Speed, options.FromMinute is { } from ? TimeSpan.FromMinutes(from) : null),
        item =>
        {
            var line = Describe(item);
            if (item.Signal is { Outcome: IngestOutcome.Rejected })
            {
                problems++;
                Console.Error.WriteLine("PROBLEM: " + line);
            }
            else
            {
                Console.WriteLine(line);
            }
        }, cancellationToken);
    var signals = played.Where(p => p.Signal is not null).ToList();
    Console.WriteLine($"Sent {played.Count - signals.Count} change(s) and {signals.Count} signal(s): "
        + $"{signals.Count(s => s.Signal!.Outcome == IngestOutcome.Accepted)} accepted, "
        + $"{signals.Count(s => s.Signal!.Outcome == IngestOutcome.Duplicate)} duplicate, {problems} rejected.");
    return problems == 0 ? 0 : 1;
}

static string Describe(PlayedItem played)
{
    var at = played.Item.Offset;
    var when = string.Create(CultureInfo.InvariantCulture, $"T{(at < TimeSpan.Zero ? "-" : "+")}{at.Duration():mm\\:ss}");
    if (played.Change is { } change)
    {
        return $"{when}  change  {change.System,-19} {ChangeRecorder.Code(change.Kind),-16} {change.Summary} → {(played.ChangeCreated ? "stored" : "already stored")} #{change.Id}";
    }
    var signal = ((SignalFeedItem)played.Item).Signal;
    var result = played.Signal!;
    var answer = result.Outcome switch
    {
        IngestOutcome.Accepted => "accepted" + (result.SignalId is { } id ? $" #{id}" : "") + (result.Warning is { } w ? $" (warning: {w})" : ""),
        IngestOutcome.Duplicate => "duplicate",
        _ => "rejected: " + string.Join("; ", (result.Errors ?? new Dictionary<string, string[]>()).Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
    };
    var value = signal.Action == SignalAction.Resolve ? "resolved" : signal.Value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";
    return $"{when}  signal  {signal.System,-19} {signal.Kind,-26} {value,-9} → {answer}";
}

static async Task<int> RunLoadAsync(HttpClient http, SimulatorOptions options, CancellationToken cancellationToken)
{
    var load = new LoadGenerator(http, options.Clients, options.Batch);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Load: {options.Clients} clients × {options.Batch} alerts per request for {options.Seconds:0.#} s against {options.Url} ({LoadGenerator.Shapes} alert shapes from the {Scenarios.All.Count} scenarios)"));
    var figures = await load.RunAsync(options.RunId, TimeSpan.FromSeconds(options.Seconds), cancellationToken);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"requests   {figures.Requests:N0} ok, {figures.Failures:N0} failed{(figures.Failures > 0 ? $" ({figures.FailureSummary})" : "")}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"alerts     {figures.Accepted:N0} acknowledged in {figures.Elapsed.TotalSeconds:0.0} s = {figures.AlertsPerSecond:N0} alerts/s"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"latency    p50 {figures.Percentile(50):0.0} ms  p95 {figures.Percentile(95):0.0} ms  p99 {figures.Percentile(99):0.0} ms  max {figures.Percentile(100):0.0} ms (per request)"));
    return figures.Failures == 0 ? 0 : 1;
}
