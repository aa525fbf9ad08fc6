using System.Globalization;
using System.Text.Json;
using CommandCenter.Simulator;
using CommandCenter.Testing;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Bench.Ingestion;

/// <summary>
/// Closed-loop HTTP load through the simulator's <see cref="LoadGenerator"/>: each client sends a batch, waits for the 202,
/// sends the next. Every signal is different (its own id and sequence label), so nothing is de-duplicated away; at the end
/// the app's database is counted and every acknowledged signal must be in it.
/// </summary>
internal sealed class IngestionBench(BenchOptions options, TextWriter output)
{
    private const string Source = "bench";

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
        using var http = HttpIngestion.Client(baseUrl, key, options.Clients);
        var incidentsBefore = await CountIncidentsAsync(http, app, cancellationToken);

        // The simulator's load generator: the scenario feeds' own alerts, distinct per client and sequence.
        var load = new LoadGenerator(http, options.Clients, options.Batch);
        output.WriteLine($"Warming up for 2 s, then {options.Clients} clients × {options.Batch} signals per request for {options.Seconds:0} s "
            + $"({LoadGenerator.Shapes} alert shapes from the simulator's scenarios)...");
        var warmUp = await load.RunAsync("w", TimeSpan.FromSeconds(2), cancellationToken);
        var run = await load.RunAsync("r", TimeSpan.FromSeconds(options.Seconds), cancellationToken);

        // A replay of one request: must be acknowledged as duplicates and change nothing.
        var replay = await load.ReplayAsync("r", client: 0, first: 0, cancellationToken);

        // Let the engine judge the candidates (group wait 5 s) before counting what the run produced.
        await Task.Delay(TimeSpan.FromSeconds(7), cancellationToken);
        var incidentsAfter = await CountIncidentsAsync(http, app, cancellationToken);

        var o = output;
        o.WriteLine();
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"requests              {run.Requests:N0} ok, {run.Failures:N0} failed ({run.FailureSummary})"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"signals acknowledged  {run.Accepted:N0} in {run.Elapsed.TotalSeconds:0.0} s = {run.AlertsPerSecond:N0} signals/s sustained"));
        o.WriteLine($"acknowledgement       {LatencySummary.Of(run.Latencies)} (per request of {options.Batch})");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"replayed request      {replay.Accepted} accepted, {replay.Duplicates} duplicates (expected 0 and {options.Batch})"));
        o.WriteLine($"incidents opened      {(incidentsAfter - incidentsBefore)?.ToString(CultureInfo.InvariantCulture) ?? "n/a (the key may not read /api/incidents)"}");

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

    /// <summary>From the database of the app the bench started; over the API otherwise (null when the key may not read incidents).</summary>
    private static async Task<int?> CountIncidentsAsync(HttpClient http, AppProcess? app, CancellationToken cancellationToken)
    {
        if (app is not null)
        {
            using var connection = ReadOnly(app.DatabasePath);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM Incidents";
            return (int)(long)command.ExecuteScalar()!;
        }
        using var response = await http.GetAsync("api/incidents", cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return json.RootElement.GetArrayLength();
    }

    private static SqliteConnection ReadOnly(string databasePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static (long Signals, long Candidates) CountStored(string databasePath)
    {
        using var connection = ReadOnly(databasePath);
        using var signals = connection.CreateCommand();
        // Acknowledged signals are durable in the journal first and in the signal table once applied (each tick, and the
        // bench waited 7 s above).
        signals.CommandText = $"SELECT COUNT(*) FROM Signals WHERE Source = '{Source}'";
        using var candidates = connection.CreateCommand();
        candidates.CommandText = $"SELECT COUNT(*) FROM Candidates WHERE Source = '{Source}'";
        return ((long)signals.ExecuteScalar()!, (long)candidates.ExecuteScalar()!);
    }

}
