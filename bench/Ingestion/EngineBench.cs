using System.Diagnostics;
using System.Globalization;
using CommandCenter.Core;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CommandCenter.Bench.Ingestion;

/// <summary>
/// The detection engine alone, in this process: no HTTP, no JSON, no API key. <c>--clients</c> tasks each call
/// <see cref="ISignalIngestor.IngestAsync"/> with <c>--batch</c> distinct signals and wait for the durable answer before
/// sending again, like the wrk connections do. Prints signals/s, commits/s and signals per commit (from the engine's
/// own counters), and the process CPU time per signal, so the cost of the engine and of the HTTP layer around it can be
/// told apart.
/// </summary>
internal sealed class EngineBench(BenchOptions options, TextWriter output)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "commandcenter-engine-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:CommandCenter"] = $"Data Source={Path.Combine(folder, "engine.db")}",
                ["Database:SeedDemoData"] = "true",
            };
            if (options.Durability is { } durability)
            {
                settings["Detection:Durability"] = durability;
            }
            foreach (var (key, value) in options.Settings)
            {
                settings[key] = value;
            }
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            await using var services = new ServiceCollection().AddLogging().AddCommandCenterCore(configuration).BuildServiceProvider();
            await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
            var engine = services.GetRequiredService<DetectionEngine>();
            var stats = services.GetRequiredService<IngestionStats>();
            // Every hosted service of Core, as in the app: the engine, the WAL checkpointer, the triage workers.
            var hosted = services.GetServices<IHostedService>().ToList();
            foreach (var service in hosted)
            {
                await service.StartAsync(cancellationToken);
            }
            try
            {
                output.WriteLine($"Engine alone: {options.Clients} senders, {options.Batch} signal(s) per call, {options.Seconds:0.#} s " +
                    $"after a 2 s warm-up; durability {options.Durability ?? "app default"}; {Environment.ProcessorCount} cores");
                await SendAsync(engine, TimeSpan.FromSeconds(2), "w", cancellationToken);
                var (writes, journaled, journalTime) = (stats.JournalWrites, stats.JournaledSignals, stats.JournalTime);
                var (applies, applied, applyTime) = (stats.Applies, stats.AppliedSignals, stats.ApplyTime);
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var started = Stopwatch.GetTimestamp();
                var sent = await SendAsync(engine, TimeSpan.FromSeconds(options.Seconds), "m", cancellationToken);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
                var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                var (writeCount, journaledSignals, journaling) = (stats.JournalWrites - writes, stats.JournaledSignals - journaled, stats.JournalTime - journalTime);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {sent / elapsed,10:N0} signals/s   {cpuUsed.TotalMicroseconds / Math.Max(1, sent),6:N0} µs CPU per signal"));
                // What senders wait for: the journal write (summed over senders, so it can exceed 100 % with many at once).
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  journal: {writeCount / elapsed,8:N0} writes/s of {(double)journaledSignals / Math.Max(1, writeCount):N1} signals, " +
                    $"{journaling.TotalMicroseconds / Math.Max(1, writeCount):N1} µs per write"));
                // The detection loop is the one serial stage behind the answers: when it is busy nearly all the time, it sets the rate.
                var (applyCount, appliedSignals, applying) = (stats.Applies - applies, stats.AppliedSignals - applied, stats.ApplyTime - applyTime);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  detection loop placing and storing {100 * applying.TotalSeconds / elapsed,5:N0} % of the time: {applyCount:N0} applies of " +
                    $"{(double)appliedSignals / Math.Max(1, applyCount):N0} signals, {applying.TotalMicroseconds / Math.Max(1, appliedSignals):N1} µs per signal"));
            }
            finally
            {
                foreach (var service in Enumerable.Reverse(hosted))
                {
                    await service.StopAsync(CancellationToken.None);
                }
            }
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task<long> SendAsync(ISignalIngestor engine, TimeSpan duration, string phase, CancellationToken cancellationToken)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var senders = Enumerable.Range(0, options.Clients).Select(async client =>
        {
            long sent = 0;
            var shapes = Shapes;
            while (Stopwatch.GetTimestamp() < until)
            {
                var batch = new IncomingSignal[options.Batch];
                for (var i = 0; i < batch.Length; i++)
                {
                    var (system, kind, alert, value, threshold) = shapes[(int)((sent + i) % shapes.Length)];
                    batch[i] = new IncomingSignal
                    {
                        System = system, Kind = kind, Value = value, Threshold = threshold,
                        Labels = new Dictionary<string, string>
                        {
                            ["alertname"] = alert, ["region"] = "eu-west",
                            ["instance"] = string.Create(CultureInfo.InvariantCulture, $"{phase}-{client}-{sent + i}"),
                        },
                    };
                }
                var result = await engine.IngestAsync("engine-bench", batch, cancellationToken);
                sent += result.Accepted;
            }
            return sent;
        }).ToList();
        return (await Task.WhenAll(senders)).Sum();
    }

    private static readonly (string System, string Kind, string Alert, double Value, double Threshold)[] Shapes =
    [
        ("support-assistant", "prompt-injection-hit", "PromptInjectionHitRate", 0.05, 0.01),
        ("support-assistant", "p90-latency-ms", "AssistantLatencyHigh", 8200, 7000),
        ("refund-agent", "unauthorized-agent-action", "AgentActedBeyondPermissions", 3, 0),
        ("voice-concierge", "p90-latency-ms", "ConciergeLatencyCritical", 16500, 7000),
        ("fraud-scoring", "drift-score", "FraudModelDrift", 0.31, 0.25),
    ];
}
