using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Simulation;

namespace CommandCenter.Simulator;

/// <summary>What a load run measured. Latencies are per request, in milliseconds.</summary>
public sealed record LoadFigures(int Requests, int Failures, string FailureSummary, long Accepted, long Duplicates, TimeSpan Elapsed,
    double[] Latencies)
{
    public double AlertsPerSecond => Elapsed > TimeSpan.Zero ? Accepted / Elapsed.TotalSeconds : 0;

    /// <summary>Nearest-rank percentile (0-100) of the request latencies; NaN without samples.</summary>
    public double Percentile(double percentile)
    {
        if (Latencies.Length == 0)
        {
            return double.NaN;
        }
        var sorted = Latencies.Order().ToArray();
        return sorted[Math.Max(0, (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1)];
    }
}

/// <summary>
/// Closed-loop load on <c>POST /api/signals</c>: each client sends a batch, waits for the acknowledgement, sends the next.
/// The alerts are the scenario feeds' own triggers (every archetype, realistic kinds, values and labels), made distinct by
/// a run tag, client and sequence label and id, so nothing is de-duplicated away.
/// </summary>
public sealed class LoadGenerator(HttpClient http, int clients, int batch)
{
    private static readonly IncomingSignal[] Alerts = [.. Scenarios.All
        .SelectMany(s => FeedGenerator.Generate(s, new FeedOptions(Seed: 1, Background: true)).Signals)
        .Where(s => s.Signal.Action == SignalAction.Trigger)
        .Select(s => s.Signal)];

    /// <summary>How many different alert shapes the generator cycles through.</summary>
    public static int Shapes => Alerts.Length;

    /// <summary>Sends for <paramref name="duration"/>; <paramref name="tag"/> keeps runs (a warm-up, the run) apart.</summary>
    public async Task<LoadFigures> RunAsync(string tag, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new List<double>[clients];
        var accepted = new long[clients];
        var duplicates = new long[clients];
        var failures = new List<string>();
        var stop = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            latencies[c] = [];
            for (var sent = 0; Stopwatch.GetTimestamp() < stop && !cancellationToken.IsCancellationRequested; sent += batch)
            {
                var before = Stopwatch.GetTimestamp();
                try
                {
                    var (ok, dup) = await PostAsync(Body(tag, c, sent, batch), cancellationToken);
                    latencies[c].Add(Stopwatch.GetElapsedTime(before).TotalMilliseconds);
                    accepted[c] += ok;
                    duplicates[c] += dup;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IngestionRefusedException)
                {
                    lock (failures)
                    {
                        failures.Add(ex.Message.Length > 200 ? ex.Message[..200] : ex.Message);
                    }
                }
            }
        }, cancellationToken)));
        return new LoadFigures(latencies.Sum(l => l.Count), failures.Count, string.Join("; ", failures.Distinct().Take(3)), accepted.Sum(),
            duplicates.Sum(), Stopwatch.GetElapsedTime(started), [.. latencies.SelectMany(l => l)]);
    }

    /// <summary>Sends one batch exactly as the run's client sent it (same ids): every item must come back a duplicate.</summary>
    public Task<(long Accepted, long Duplicates)> ReplayAsync(string tag, int client, int first, CancellationToken cancellationToken) =>
        PostAsync(Body(tag, client, first, batch), cancellationToken);

    private async Task<(long Accepted, long Duplicates)> PostAsync(string body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("api/signals", content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new IngestionRefusedException(response.StatusCode, "api/signals", text);
        }
        using var json = JsonDocument.Parse(text);
        return (json.RootElement.GetProperty("accepted").GetInt64(), json.RootElement.GetProperty("duplicates").GetInt64());
    }

    /// <summary>A batch of distinct alerts: the feeds' triggers in turn, each with client and sequence labels and its own id.</summary>
    public static string Body(string tag, int client, int first, int count)
    {
        var signals = new List<Dictionary<string, object?>>(count);
        for (var i = 0; i < count; i++)
        {
            var seq = first + i;
            var alert = Alerts[seq % Alerts.Length];
            var labels = new Dictionary<string, string>(alert.Labels ?? new Dictionary<string, string>())
            {
                ["client"] = client.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["seq"] = tag + seq.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            signals.Add(Payloads.Signal(alert with { Labels = labels, IdempotencyKey = $"load:{tag}:{client}:{seq}" }));
        }
        return JsonSerializer.Serialize(new { signals }, HttpIngestion.Json);
    }
}
