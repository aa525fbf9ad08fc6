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
/// Does every acknowledged signal survive a crash? Per run: a fresh database, senders posting distinct signals that each
/// carry an id, SIGKILL to the app mid-load (<see cref="AppProcess"/> stops it with Process.Kill, which is kill -9 on
/// Linux), a restart on the same database, and then every id the app acknowledged as accepted is looked up in it.
/// </summary>
internal sealed class Kill9Bench(BenchOptions options, TextWriter output)
{
    private const string Source = "bench";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"kill -9: {options.Runs} run(s), {options.Clients} senders × {options.Batch} signals per request, SIGKILL {options.KillAfter:0.#} s after the first acknowledgement; durability {options.Durability ?? "app default"}"));
        var results = new List<(long Acknowledged, long InJournal, long Stored, long Lost, long Extra)>();
        for (var run = 1; run <= options.Runs; run++)
        {
            results.Add(await RunOnceAsync(run, cancellationToken));
        }
        output.WriteLine();
        output.WriteLine("| run | acknowledged | only in the journal at the kill (replayed at restart) | in the signal table after restart | lost | stored but not acknowledged (in flight at the kill) |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|");
        for (var i = 0; i < results.Count; i++)
        {
            var (acknowledged, inJournal, stored, lost, extra) = results[i];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {i + 1} | {acknowledged:N0} | {inJournal:N0} | {stored:N0} | {lost:N0} | {extra:N0} |"));
        }
        var ok = results.All(r => r.Lost == 0 && r.Acknowledged > 0);
        output.WriteLine(ok ? "RESULT: ok, nothing acknowledged was lost" : "RESULT: FAILED");
        return ok ? 0 : 1;
    }

    private async Task<(long Acknowledged, long InJournal, long Stored, long Lost, long Extra)> RunOnceAsync(int run, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "commandcenter-kill9-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var database = Path.Combine(folder, "cc.db");
        try
        {
            var acknowledged = new HashSet<string>(StringComparer.Ordinal);
            var app = await AppStarts.StartAsync(options.AppSettings(database), output, cancellationToken);
            try
            {
                var key = await BenchKeys.CreateAsync(database, Source, cancellationToken);
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients })
                {
                    BaseAddress = app.BaseUrl,
                    Timeout = TimeSpan.FromSeconds(30),
                };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
                var senders = Enumerable.Range(0, options.Clients).Select(c => SendUntilRefusedAsync(http, run, c, acknowledged, stop.Token)).ToList();
                // Mid-load means acknowledgements are flowing: wait for the first ones (a cold app on a busy machine is slow to answer).
                for (var waited = 0; waited < 600 && Count(acknowledged) == 0; waited++)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
                }
                await Task.Delay(TimeSpan.FromSeconds(options.KillAfter), cancellationToken);
                var before = Count(acknowledged);
                output.WriteLine($"run {run}: {before:N0} acknowledged so far; SIGKILL to the app mid-load");
                await app.DisposeAsync();
                await Task.WhenAll(senders);
            }
            finally
            {
                await app.DisposeAsync();
            }

            var atKill = StoredIds(database);
            var inJournal = acknowledged.Count(id => !atKill.Contains(id));
            output.WriteLine($"run {run}: {inJournal:N0} acknowledged signal(s) only in the journal at the kill (not yet in the signal table); restarting the app on the same database...");
            await using (await AppStarts.StartAsync(options.AppSettings(database), output, cancellationToken))
            {
                var stored = StoredIds(database);
                var lost = acknowledged.Count(id => !stored.Contains(id));
                var extra = stored.Count(id => !acknowledged.Contains(id));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {run}: acknowledged {acknowledged.Count:N0}, stored {stored.Count:N0}, lost {lost:N0}, stored but not acknowledged {extra:N0}"));
                return (acknowledged.Count, inJournal, stored.Count, lost, extra);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Posts batches until the app stops answering; keeps the id of every signal acknowledged as accepted.</summary>
    private async Task SendUntilRefusedAsync(HttpClient http, int run, int client, HashSet<string> acknowledged, CancellationToken cancellationToken)
    {
        await Task.Yield();
        for (var sent = 0; !cancellationToken.IsCancellationRequested; sent += options.Batch)
        {
            var ids = Enumerable.Range(sent, options.Batch).Select(i => $"k9-{run}-{client}-{i}").ToList();
            var body = new StringBuilder("[");
            for (var i = 0; i < ids.Count; i++)
            {
                body.Append(i > 0 ? "," : "").Append(CultureInfo.InvariantCulture,
                    $$$"""{"id":"{{{ids[i]}}}","system":"support-assistant","kind":"prompt-injection-hit","value":{{{0.02 + i * 1e-4}}},"threshold":0.01,"labels":{"region":"eu-west","client":"{{{client}}}"}}""");
            }
            try
            {
                using var content = new StringContent(body.Append(']').ToString(), Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("api/signals", content, cancellationToken);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    return;
                }
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                lock (acknowledged)
                {
                    foreach (var item in json.RootElement.GetProperty("items").EnumerateArray())
                    {
                        if (item.GetProperty("outcome").GetString() == "accepted")
                        {
                            acknowledged.Add(ids[item.GetProperty("index").GetInt32()]);
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                // The app is gone: whatever was in flight was never acknowledged.
                return;
            }
        }
    }

    private static int Count(HashSet<string> acknowledged)
    {
        lock (acknowledged)
        {
            return acknowledged.Count;
        }
    }

    /// <summary>Ids in the signal table: what the app had applied (at the kill) or has applied (after the restart's replay).</summary>
    private static HashSet<string> StoredIds(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = $"SELECT IdempotencyKey FROM Signals WHERE Source = '{Source}'";
        var ids = new HashSet<string>(StringComparer.Ordinal);
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            // Explicit ids are stored as "id:<id>".
            ids.Add(reader.GetString(0)["id:".Length..]);
        }
        return ids;
    }
}
