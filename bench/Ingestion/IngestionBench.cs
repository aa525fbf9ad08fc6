using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CommandCenter.Testing;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Bench.Ingestion;

/// <summary>
/// Closed-loop HTTP load: each client sends a batch, waits for the 202, sends the next. Every signal is different
/// (a per-client sequence label), so nothing is de-duplicated away; at the end the app's database is counted and every
/// acknowledged signal must be in it.
/// </summary>
internal sealed class IngestionBench(BenchOptions options, TextWriter output)
{
    private const string Source = "bench";

    // Four systems of the demo inventory and a mix of kinds: a few coherent candidates, one severe enough to open an incident.
    private static readonly (string System, string Kind, double Value, double Threshold)[] Shapes =
    [
        ("support-assistant", "prompt-injection-hit", 0.05, 0.01),
        ("support-assistant", "p90-latency-ms", 8_200, 7_000),
        ("refund-agent", "unauthorized-agent-action", 3, 0),
        ("voice-concierge", "p90-latency-ms", 16_500, 7_000),
        ("fraud-scoring", "drift-score", 0.31, 0.25),
    ];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (options.RawRows > 0)
        {
            output.WriteLine($"Raw SQLite comparison: {options.RawRows:N0} rows...");
            await RawInsertBench.RunAsync(options.RawRows, options.RawBatch, output, cancellationToken);
        }

        AppProcess? app = null;
        try
        {
            Uri baseUrl;
            string key;
            if (options.Url is { } url)
            {
                baseUrl = url;
                key = options.Key!;
            }
            else
            {
                output.WriteLine("Starting the app from its build output (fresh database, demo inventory)...");
                app = await AppProcess.StartAsync(options.AppSettings(), cancellationToken);
                baseUrl = app.BaseUrl;
                key = await BenchKeys.CreateAsync(app.DatabasePath, Source, cancellationToken);
            }
            return await RunAgainstAsync(baseUrl, key, app, cancellationToken);
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }
    }

    private async Task<int> RunAgainstAsync(Uri baseUrl, string key, AppProcess? app, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            MaxConnectionsPerServer = options.Clients,
        })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var incidentsBefore = await CountIncidentsAsync(http, cancellationToken);

        output.WriteLine($"Warming up for 2 s, then {options.Clients} clients × {options.Batch} signals per request for {options.Seconds:0} s...");
        var warmUp = await SendForAsync(http, TimeSpan.FromSeconds(2), warmUp: true, cancellationToken);
        var run = await SendForAsync(http, TimeSpan.FromSeconds(options.Seconds), warmUp: false, cancellationToken);

        // A replay of one request: must be acknowledged as duplicates and change nothing.
        var replay = await PostAsync(http, Body(clientId: 0, first: 0, options.Batch, warmUp: false), cancellationToken);

        // Let the engine judge the candidates (group wait 5 s) before counting what the run produced.
        await Task.Delay(TimeSpan.FromSeconds(7), cancellationToken);
        var incidentsAfter = await CountIncidentsAsync(http, cancellationToken);

        var o = output;
        o.WriteLine();
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"requests              {run.Requests:N0} ok, {run.Failures:N0} failed ({run.FailureSummary})"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"signals acknowledged  {run.Accepted:N0} in {run.Elapsed.TotalSeconds:0.0} s = {run.Accepted / run.Elapsed.TotalSeconds:N0} signals/s sustained"));
        o.WriteLine($"acknowledgement       {LatencySummary.Of(run.Latencies)} (per request of {options.Batch})");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"replayed request      {replay.Accepted} accepted, {replay.Duplicates} duplicates (expected 0 and {options.Batch})"));
        o.WriteLine($"incidents opened      {incidentsAfter - incidentsBefore}");

        var lost = 0L;
        if (app is not null)
        {
            var (stored, candidates) = CountStored(app.DatabasePath);
            lost = run.Accepted + warmUp.Accepted - stored;
            o.WriteLine($"candidates            {candidates}");
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"signals stored        {stored:N0} (acknowledged incl. warm-up {run.Accepted + warmUp.Accepted:N0}); lost {lost:N0}"));
        }
        var ok = lost == 0 && run.Failures + warmUp.Failures == 0 && replay.Accepted == 0;
        o.WriteLine(ok ? "RESULT: ok" : "RESULT: FAILED");
        return ok ? 0 : 1;
    }

    private async Task<RunFigures> SendForAsync(HttpClient http, TimeSpan duration, bool warmUp, CancellationToken cancellationToken)
    {
        var latencies = new List<double>[options.Clients];
        var accepted = new long[options.Clients];
        var failures = new List<string>();
        var stop = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(c => Task.Run(async () =>
        {
            latencies[c] = [];
            for (var sent = 0; Stopwatch.GetTimestamp() < stop; sent += options.Batch)
            {
                var body = Body(c, sent, options.Batch, warmUp);
                var before = Stopwatch.GetTimestamp();
                try
                {
                    var result = await PostAsync(http, body, cancellationToken);
                    latencies[c].Add(Stopwatch.GetElapsedTime(before).TotalMilliseconds);
                    accepted[c] += result.Accepted;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
                {
                    lock (failures)
                    {
                        failures.Add(ex.Message);
                    }
                }
            }
        }, cancellationToken)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new RunFigures(latencies.Sum(l => l.Count), failures.Count, string.Join("; ", failures.Distinct().Take(3)), accepted.Sum(),
            elapsed, [.. latencies.SelectMany(l => l)]);
    }

    private static async Task<(long Accepted, long Duplicates)> PostAsync(HttpClient http, string body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("api/signals", content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode}: {text[..Math.Min(200, text.Length)]}");
        }
        using var json = JsonDocument.Parse(text);
        return (json.RootElement.GetProperty("accepted").GetInt64(), json.RootElement.GetProperty("duplicates").GetInt64());
    }

    /// <summary>A batch whose signals are all distinct: the client id and a sequence number are labels.</summary>
    private static string Body(int clientId, int first, int count, bool warmUp)
    {
        var text = new StringBuilder(count * 160).Append("""{"signals":[""");
        for (var i = 0; i < count; i++)
        {
            var (system, kind, value, threshold) = Shapes[(first + i) % Shapes.Length];
            if (i > 0)
            {
                text.Append(',');
            }
            text.Append(CultureInfo.InvariantCulture,
                $$$"""{"system":"{{{system}}}","kind":"{{{kind}}}","value":{{{value}}},"threshold":{{{threshold}}},"labels":{"region":"eu-west","client":"{{{clientId}}}","seq":"{{{(warmUp ? "w" : "")}}}{{{first + i}}}"}}""");
        }
        return text.Append("]}").ToString();
    }

    private static async Task<int> CountIncidentsAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync("api/incidents", cancellationToken));
        return json.RootElement.GetArrayLength();
    }

    private static (long Signals, long Candidates) CountStored(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var signals = connection.CreateCommand();
        signals.CommandText = $"SELECT COUNT(*) FROM Signals WHERE Source = '{Source}'";
        using var candidates = connection.CreateCommand();
        candidates.CommandText = $"SELECT COUNT(*) FROM Candidates WHERE Source = '{Source}'";
        return ((long)signals.ExecuteScalar()!, (long)candidates.ExecuteScalar()!);
    }

    private sealed record RunFigures(int Requests, int Failures, string FailureSummary, long Accepted, TimeSpan Elapsed, double[] Latencies);
}
