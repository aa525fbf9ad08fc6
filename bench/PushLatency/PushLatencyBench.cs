using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Client;
using CommandCenter.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace CommandCenter.Bench.PushLatency;

/// <summary>
/// N hub clients subscribe to one incident; timeline entries are posted at a steady (open-loop) rate; every client
/// stamps each entry it receives. All timestamps are <see cref="Stopwatch"/> ticks in this one process, so the
/// POST's send, its acknowledgement and each receipt share a clock.
/// </summary>
internal sealed class PushLatencyBench(BenchOptions options, TextWriter output)
{
    private const string EntryPrefix = "bench ";

    private readonly int _entries = options.Entries;
    private long[][] _receipts = [];
    private string? _cookie;
    private long[] _sent = [];
    private long[] _acked = [];
    private HttpStatusCode[] _status = [];
    private int _duplicates;
    private int _reconnects;
    private int _foreign;
    private int _receivedTotal;
    private int _target = int.MaxValue;
    private readonly TaskCompletionSource _allReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        AppProcess? app = null;
        try
        {
            Uri baseUrl;
            if (options.Url is { } url)
            {
                baseUrl = url;
            }
            else
            {
                output.WriteLine("Starting the app from its build output (fresh database, demo incidents)...");
                app = await AppProcess.StartAsync(new Dictionary<string, string> { ["Database:SeedDemoData"] = "true" }, cancellationToken);
                baseUrl = app.BaseUrl;
            }
            return await RunAgainstAsync(baseUrl, app is not null, cancellationToken);
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }
    }

    private async Task<int> RunAgainstAsync(Uri baseUrl, bool startedHere, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };
        // The API and the hub act as a signed-in account: the demo Incident Commander (README lists the demo accounts).
        var signIn = await http.PostAsJsonAsync("/api/session", new { userName = options.UserName, password = options.Password }, cancellationToken);
        signIn.EnsureSuccessStatusCode();
        _cookie = string.Join("; ", signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        http.DefaultRequestHeaders.Add("Cookie", _cookie);
        var key = await FirstActiveIncidentAsync(http, cancellationToken);

        _receipts = new long[options.Clients][];
        _sent = new long[_entries];
        _acked = new long[_entries];
        _status = new HttpStatusCode[_entries];

        output.WriteLine($"Connecting {options.Clients} hub clients to {baseUrl}{IncidentHubClient.HubPath} and subscribing to {key}...");
        var connectStarted = Stopwatch.GetTimestamp();
        var clients = await ConnectAllAsync(baseUrl, key, cancellationToken);
        var connectTime = Stopwatch.GetElapsedTime(connectStarted);
        try
        {
            output.WriteLine($"Posting {_entries} timeline entries at {Format(options.Rate)}/s...");
            var postingStarted = Stopwatch.GetTimestamp();
            await PostAllAsync(http, key, cancellationToken);
            var postingTime = Stopwatch.GetElapsedTime(postingStarted);

            var acked = Enumerable.Range(0, _entries).Where(n => _status[n] == HttpStatusCode.Created).ToArray();
            Volatile.Write(ref _target, acked.Length * options.Clients);
            if (Volatile.Read(ref _receivedTotal) >= _target)
            {
                _allReceived.TrySetResult();
            }
            var drainStarted = Stopwatch.GetTimestamp();
            await Task.WhenAny(_allReceived.Task, Task.Delay(TimeSpan.FromSeconds(options.DrainSeconds), cancellationToken));
            var drainTime = Stopwatch.GetElapsedTime(drainStarted);

            // A client that lost its connection and is still reconnecting, or gave up, counts as closed.
            var closedEarly = clients.Count(c => c.State != HubConnectionState.Connected);
            return Report(baseUrl, startedHere, key, connectTime, postingTime, drainTime, acked, closedEarly);
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    private static async Task<string> FirstActiveIncidentAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync("api/incidents?active=true", cancellationToken));
        return document.RootElement.EnumerateArray().Select(i => i.GetProperty("key").GetString()).FirstOrDefault(k => k is not null)
            ?? throw new InvalidOperationException("The app has no active incident to post to (GET /api/incidents?active=true is empty).");
    }

    private async Task<IncidentHubClient[]> ConnectAllAsync(Uri baseUrl, string key, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(16);
        var connecting = Enumerable.Range(0, options.Clients).Select(async index =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var receipts = _receipts[index] = new long[_entries];
                var client = IncidentHubClient.WithSessionCookie(baseUrl, _cookie!);
                client.TimelineEntryAdded += entry =>
                {
                    OnReceived(receipts, entry, Stopwatch.GetTimestamp());
                    return Task.CompletedTask;
                };
                client.Reconnected += () =>
                {
                    Interlocked.Increment(ref _reconnects);
                    return Task.CompletedTask;
                };
                try
                {
                    await client.StartAsync(cancellationToken);
                    await client.SubscribeAsync(key, cancellationToken);
                }
                catch
                {
                    await client.DisposeAsync();
                    throw;
                }
                return client;
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        try
        {
            return await Task.WhenAll(connecting);
        }
        catch
        {
            await Task.WhenAll(connecting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result.DisposeAsync().AsTask()));
            throw;
        }
    }

    private void OnReceived(long[] receipts, TimelineEntryMessage entry, long timestamp)
    {
        if (entry.Text is not { } text || !text.StartsWith(EntryPrefix, StringComparison.Ordinal)
            || !int.TryParse(text.AsSpan(EntryPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            || n >= _entries)
        {
            Interlocked.Increment(ref _foreign);
            return;
        }
        // One client's handlers run one at a time, so its own array needs no lock.
        if (receipts[n] != 0)
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }
        receipts[n] = timestamp;
        if (Interlocked.Increment(ref _receivedTotal) >= Volatile.Read(ref _target))
        {
            _allReceived.TrySetResult();
        }
    }

    // Open loop: each POST starts on schedule whether or not earlier ones have been acknowledged, as independent
    // writers would; a slow server shows up as latency rather than as a lower rate.
    private async Task PostAllAsync(HttpClient http, string key, CancellationToken cancellationToken)
    {
        var path = $"api/incidents/{Uri.EscapeDataString(key)}/timeline";
        var interval = Stopwatch.Frequency / options.Rate;
        var start = Stopwatch.GetTimestamp();
        var posts = new List<Task>(_entries);
        for (var n = 0; n < _entries; n++)
        {
            var due = start + (long)(n * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }
            posts.Add(PostOneAsync(http, path, n, cancellationToken));
        }
        await Task.WhenAll(posts);
    }

    private async Task PostOneAsync(HttpClient http, string path, int n, CancellationToken cancellationToken)
    {
        var body = JsonContent.Create(new { kind = "note", text = EntryPrefix + n.ToString(CultureInfo.InvariantCulture) });
        _sent[n] = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.PostAsync(path, body, cancellationToken);
            _acked[n] = Stopwatch.GetTimestamp();
            _status[n] = response.StatusCode;
        }
        catch (HttpRequestException)
        {
            _acked[n] = Stopwatch.GetTimestamp();
            _status[n] = 0;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _acked[n] = Stopwatch.GetTimestamp();
            _status[n] = HttpStatusCode.RequestTimeout;
        }
    }

    private int Report(Uri baseUrl, bool startedHere, string key, TimeSpan connectTime, TimeSpan postingTime, TimeSpan drainTime,
        int[] acked, int closedEarly)
    {
        var ackToReceipt = new List<double>(acked.Length * options.Clients);
        var sendToReceipt = new List<double>(acked.Length * options.Clients);
        var beforeAck = 0;
        foreach (var receipts in _receipts)
        {
            foreach (var n in acked)
            {
                var receipt = receipts[n];
                if (receipt == 0)
                {
                    continue;
                }
                var afterAck = Stopwatch.GetElapsedTime(_acked[n], receipt).TotalMilliseconds;
                if (afterAck < 0)
                {
                    beforeAck++;
                    afterAck = 0;
                }
                ackToReceipt.Add(afterAck);
                sendToReceipt.Add(Math.Max(0, Stopwatch.GetElapsedTime(_sent[n], receipt).TotalMilliseconds));
            }
        }
        var roundTrips = LatencySummary.Of(acked.Select(n => Stopwatch.GetElapsedTime(_sent[n], _acked[n]).TotalMilliseconds));
        var expected = (long)acked.Length * options.Clients;
        var received = ackToReceipt.Count;
        var lost = expected - received;
        var failedPosts = _entries - acked.Length;
        var failures = _status.Where(s => s != HttpStatusCode.Created).GroupBy(s => (int)s)
            .Select(g => $"{g.Count()}× {(g.Key == 0 ? "no response" : g.Key.ToString(CultureInfo.InvariantCulture))}");

        var o = output;
        o.WriteLine();
        o.WriteLine($"Push latency, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
        o.WriteLine($"app                  {baseUrl} ({(startedHere ? "started by the bench, fresh database" : "already running")}), incident {key}");
        o.WriteLine($"clients              {options.Clients} (connected and subscribed in {connectTime.TotalSeconds:0.0} s), {closedEarly} closed at the end, {Volatile.Read(ref _reconnects)} reconnects during the run");
        o.WriteLine($"entries posted       {_entries} at {Format(options.Rate)}/s for {Format(options.Seconds)} s (took {postingTime.TotalSeconds:0.0} s), {acked.Length} acknowledged (201)"
            + (failedPosts > 0 ? $", failed: {string.Join(", ", failures)}" : ""));
        o.WriteLine($"deliveries expected  {expected}");
        o.WriteLine($"deliveries received  {received} (drain {drainTime.TotalSeconds:0.0} s of {Format(options.DrainSeconds)} s)");
        o.WriteLine($"lost                 {lost}");
        o.WriteLine($"duplicates/foreign   {_duplicates}/{_foreign}");
        o.WriteLine($"ack -> receipt       {LatencySummary.Of(ackToReceipt)}");
        o.WriteLine($"  before the ack     {beforeAck} receipts ({Percent(beforeAck, received)}) arrived before their POST's response; counted as 0 ms above");
        o.WriteLine($"send -> receipt      {LatencySummary.Of(sendToReceipt)}");
        o.WriteLine($"send -> ack (POST)   {roundTrips}");

        // A reconnect fails the run even when nothing was lost: a connection dropped under load is the finding.
        var ok = lost == 0 && failedPosts == 0 && closedEarly == 0 && Volatile.Read(ref _reconnects) == 0;
        o.WriteLine(ok ? "Result: every delivery arrived." : "Result: FAILED (lost deliveries, failed POSTs, or closed or reconnected clients).");
        return ok ? 0 : 1;
    }

    private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Percent(long part, long whole) =>
        whole == 0 ? "-" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
