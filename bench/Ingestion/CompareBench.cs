using System.Globalization;
using CommandCenter.Testing;
using Microsoft.Data.Sqlite;

namespace CommandCenter.Bench.Ingestion;

/// <summary>
/// CommandCenter against Prometheus Alertmanager 0.25 under the same wrk load: per round both start afresh, each gets a
/// short warm-up with each shape, then batches and single alerts are measured on each, alternating which server goes first so neither
/// always gets the quieter machine. At the end of a round CommandCenter's database must hold every alert it acknowledged.
/// </summary>
internal sealed class CompareBench(BenchOptions options, TextWriter output)
{
    /// <summary>
    /// Per shape and server. .NET compiles hot code again with profile data (tiered PGO) some seconds into a load; with 2 s
    /// that recompilation fell into whichever measurement came first after the warm-up (CommandCenter's batches in even
    /// rounds: twice the CPU per alert of odd rounds; none with tiering off). A deployed server has long done it. Alertmanager
    /// (Go, compiled ahead of time) gets the same warm-up.
    /// </summary>
    private const double WarmUpSeconds = 5;

    private readonly List<(int Round, int Batch, WrkResult Alertmanager, WrkResult CommandCenter)> _rows = [];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CommandCenter vs Alertmanager: wrk -t{options.WrkThreads} -c{options.Clients}, {options.Seconds:0.#} s per measurement, batches of {options.Batch} and single alerts, {options.Rounds} round(s); durability {options.Durability ?? "app default"}"));
        output.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}");
        var ok = true;
        for (var round = 1; round <= options.Rounds; round++)
        {
            ok &= await RoundAsync(round, cancellationToken);
        }
        PrintSummary();
        return ok ? 0 : 1;
    }

    private async Task<bool> RoundAsync(int round, CancellationToken cancellationToken)
    {
        output.WriteLine();
        output.WriteLine($"Round {round}: starting Alertmanager and CommandCenter...");
        await using var alertmanager = await AlertmanagerProcess.StartAsync(output, cancellationToken);
        await using var app = await AppStarts.StartAsync(options.AppSettings(), output, cancellationToken);
        var key = await BenchKeys.CreateAsync(app.DatabasePath, "bench", cancellationToken);
        var acknowledged = 0L;

        async Task<WrkResult> Run(Target target, int batch, double seconds, string nonce)
        {
            TimeSpan Cpu() => target == Target.Alertmanager ? alertmanager.ProcessorTime : app.ProcessorTime;
            TimeSpan OtherCpu() => target == Target.Alertmanager ? app.ProcessorTime : alertmanager.ProcessorTime;
            // The server not under load is paused (SIGSTOP) meanwhile: an idle Alertmanager holding a few hundred thousand
            // alerts used 80-90 % of a core in the background while CommandCenter was measured, and neither should be
            // measured against the other's housekeeping. Its CPU meanwhile is still printed, and should be 0.
            var other = target == Target.Alertmanager ? app.ProcessId : alertmanager.ProcessId;
            await SignalAsync("STOP", other, cancellationToken);
            WrkResult result;
            try
            {
                var cpuBefore = Cpu();
                var otherBefore = OtherCpu();
                result = await Wrk.RunAsync(target, target == Target.Alertmanager ? alertmanager.BaseUrl : app.BaseUrl,
                    target == Target.CommandCenter ? key : null, batch, seconds, options.WrkThreads, options.Clients, nonce, output, cancellationToken);
                result = result with { ServerCpu = Cpu() - cpuBefore, IdleServerCpu = OtherCpu() - otherBefore };
            }
            finally
            {
                await SignalAsync("CONT", other, CancellationToken.None);
            }
            if (target == Target.CommandCenter)
            {
                acknowledged += result.Acknowledged * batch;
            }
            return result;
        }

        // Both shapes, on both servers: a deployed app has long compiled its hot paths, so the measurement should not
        // include the JIT (a 10 s single-alert run right after start spent about a sixth of the app's CPU compiling).
        foreach (var batch in new[] { options.Batch, 1 }.Distinct())
        {
            await Run(Target.Alertmanager, batch, WarmUpSeconds, $"r{round}w{batch}");
            await Run(Target.CommandCenter, batch, WarmUpSeconds, $"r{round}w{batch}");
        }
        foreach (var batch in new[] { options.Batch, 1 }.Distinct())
        {
            var nonce = $"r{round}b{batch}";
            WrkResult am, cc;
            if (round % 2 == 1)
            {
                am = await Run(Target.Alertmanager, batch, options.Seconds, nonce);
                cc = await Run(Target.CommandCenter, batch, options.Seconds, nonce);
            }
            else
            {
                cc = await Run(Target.CommandCenter, batch, options.Seconds, nonce);
                am = await Run(Target.Alertmanager, batch, options.Seconds, nonce);
            }
            _rows.Add((round, batch, am, cc));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {(batch == 1 ? "single" : $"batch {batch}"),-10} Alertmanager {am.AlertsPerSecond,9:N0}/s ({am.CpuMicrosecondsPerAlert:N0} µs CPU/alert, p50 {am.LatencyP50}, p99 {am.LatencyP99}, {am.Failed} failed)   CommandCenter {cc.AlertsPerSecond,9:N0}/s ({cc.CpuMicrosecondsPerAlert:N0} µs CPU/alert, p50 {cc.LatencyP50}, p99 {cc.LatencyP99}, {cc.Failed} failed)   the paused one's CPU meanwhile: AM {cc.IdleServerCpu.TotalSeconds / cc.Seconds:P0} of a core, CC {am.IdleServerCpu.TotalSeconds / am.Seconds:P0}   ratio {cc.AlertsPerSecond / am.AlertsPerSecond:0.00}   load {LoadAverage()}"));
            foreach (var (name, result) in new[] { ("Alertmanager", am), ("CommandCenter", cc) })
            {
                if (result.Errors.Length > 0 && !result.Errors.EndsWith("timeout 0", StringComparison.Ordinal))
                {
                    output.WriteLine($"    {name}: {result.Errors}");
                }
            }
        }

        // Acknowledged signals are durable in the journal first and in the signal table once applied (within a tick, 1 s).
        var stored = CountStored(app.DatabasePath);
        for (var waited = 0; waited < 40 && stored < acknowledged; waited++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            stored = CountStored(app.DatabasePath);
        }
        var lost = acknowledged - stored;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  CommandCenter acknowledged {acknowledged:N0} alerts (warm-up included), stored {stored:N0}, lost {Math.Max(0, lost):N0}"));
        return lost <= 0 && _rows.Where(r => r.Round == round).All(r => r.CommandCenter.Failed == 0);
    }

    private void PrintSummary()
    {
        output.WriteLine();
        output.WriteLine("| round | alerts per request | Alertmanager alerts/s | CommandCenter alerts/s | ratio CC/AM | CPU µs/alert AM / CC |");
        output.WriteLine("|---:|---|---:|---:|---:|---|");
        foreach (var (round, batch, am, cc) in _rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {round} | {(batch == 1 ? "1" : batch.ToString(CultureInfo.InvariantCulture))} | {am.AlertsPerSecond:N0} | {cc.AlertsPerSecond:N0} | {cc.AlertsPerSecond / am.AlertsPerSecond:0.00} | {am.CpuMicrosecondsPerAlert:N0} / {cc.CpuMicrosecondsPerAlert:N0} |"));
        }
    }

    private static async Task SignalAsync(string signal, int processId, CancellationToken cancellationToken)
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-" + signal, processId.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(cancellationToken);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {processId} failed with exit code {kill.ExitCode}.");
        }
    }

    private static long CountStored(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM Signals WHERE Source = 'bench'";
        return (long)count.ExecuteScalar()!;
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
