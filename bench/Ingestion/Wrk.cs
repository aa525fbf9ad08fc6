using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CommandCenter.Bench.Ingestion;

/// <summary>Which server a load run talks to, and how its alerts are written.</summary>
internal enum Target
{
    /// <summary>Prometheus Alertmanager: <c>POST /api/v2/alerts</c>, an array of alerts (system and kind are labels, value and threshold annotations).</summary>
    Alertmanager,

    /// <summary>CommandCenter: <c>POST /api/signals</c>, an array of signals with the same labels, value and threshold.</summary>
    CommandCenter,
}

/// <summary>What one wrk run measured.</summary>
internal sealed record WrkResult(long Requests, long Failed, double Seconds, int Batch, string LatencyP50, string LatencyP99, string Errors)
{
    public long Acknowledged => Requests - Failed;

    public double AlertsPerSecond => Acknowledged * Batch / Seconds;

    /// <summary>The server's own CPU time during the run (its process only: not wrk's, not the machine's other work).</summary>
    public TimeSpan ServerCpu { get; init; }

    /// <summary>CPU the other server (the one not under load) used meanwhile: its own background work competing for the cores.</summary>
    public TimeSpan IdleServerCpu { get; init; }

    /// <summary>Server CPU per acknowledged alert: a cost the machine's other load changes much less than the rate.</summary>
    public double CpuMicrosecondsPerAlert => ServerCpu.TotalMicroseconds / Math.Max(1, Acknowledged * Batch);
}

/// <summary>
/// Runs wrk (Debian's package) with a Lua script that makes every alert distinct: the label <c>instance</c> carries a
/// run nonce, the wrk thread and a counter, so neither server can de-duplicate or merge anything away. The same five
/// shapes of AI alerts go to both servers, each in its own format; the script is the same for both.
/// </summary>
internal static partial class Wrk
{
    private const string Script = """
        -- args: target ("alertmanager" | "commandcenter"), alerts per request, nonce, path, api key (commandcenter only)
        local shapes = {
          { "support-assistant", "prompt-injection-hit", "PromptInjectionHitRate", "0.05", "0.01" },
          { "support-assistant", "p90-latency-ms", "AssistantLatencyHigh", "8200", "7000" },
          { "refund-agent", "unauthorized-agent-action", "AgentActedBeyondPermissions", "3", "0" },
          { "voice-concierge", "p90-latency-ms", "ConciergeLatencyCritical", "16500", "7000" },
          { "fraud-scoring", "drift-score", "FraudModelDrift", "0.31", "0.25" },
        }
        local threads = 0

        function setup(thread)
          threads = threads + 1
          thread:set("tid", threads)
        end

        function init(args)
          target = args[1]
          batch = tonumber(args[2])
          nonce = args[3]
          path = args[4]
          counter = 0
          wrk.headers["Content-Type"] = "application/json"
          if args[5] ~= nil and args[5] ~= "" then
            wrk.headers["Authorization"] = "Bearer " .. args[5]
          end
        end

        function request()
          local parts = {}
          for i = 1, batch do
            counter = counter + 1
            local s = shapes[(counter % 5) + 1]
            local instance = nonce .. "-" .. tid .. "-" .. counter
            if target == "commandcenter" then
              parts[i] = '{"system":"' .. s[1] .. '","kind":"' .. s[2] .. '","value":' .. s[4] .. ',"threshold":' .. s[5]
                .. ',"labels":{"alertname":"' .. s[3] .. '","region":"eu-west","instance":"' .. instance .. '"}}'
            else
              parts[i] = '{"labels":{"alertname":"' .. s[3] .. '","ai_system":"' .. s[1] .. '","signal_kind":"' .. s[2]
                .. '","region":"eu-west","instance":"' .. instance .. '"},"annotations":{"value":"' .. s[4] .. '","threshold":"' .. s[5] .. '"}}'
            end
          end
          return wrk.format("POST", path, nil, "[" .. table.concat(parts, ",") .. "]")
        end
        """;

    public static async Task<WrkResult> RunAsync(Target target, Uri baseUrl, string? apiKey, int batch, double seconds, int threads, int connections,
        string nonce, TextWriter output, CancellationToken cancellationToken)
    {
        var wrk = await DebianPackages.EnsureAsync("wrk", "wrk", output, cancellationToken);
        var script = Path.Combine(Path.GetTempPath(), "ingestion-bench-" + Guid.NewGuid().ToString("N")[..8] + ".lua");
        await File.WriteAllTextAsync(script, Script, cancellationToken);
        try
        {
            var start = new ProcessStartInfo(wrk) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[]
                     {
                         $"-t{threads}", $"-c{connections}", string.Create(CultureInfo.InvariantCulture, $"-d{seconds:0.###}s"), "--timeout", "10s",
                         "--latency", "-s", script, baseUrl.ToString(), "--",
                         target == Target.Alertmanager ? "alertmanager" : "commandcenter", batch.ToString(CultureInfo.InvariantCulture), nonce,
                         target == Target.Alertmanager ? "/api/v2/alerts" : "/api/signals", apiKey ?? "",
                     })
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var text = await stdout;
            if (process.ExitCode != 0 || RequestsLine().Match(text) is not { Success: true } requests)
            {
                throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {text}{await stderr}");
            }
            var elapsed = double.Parse(requests.Groups["time"].Value, CultureInfo.InvariantCulture) * requests.Groups["unit"].Value switch
            {
                "ms" => 0.001,
                "m" => 60,
                _ => 1,
            };
            var failed = NonSuccessLine().Match(text) is { Success: true } non ? long.Parse(non.Groups["n"].Value, CultureInfo.InvariantCulture) : 0;
            var errors = SocketErrorsLine().Match(text) is { Success: true } socket ? socket.Value.Trim() : "";
            return new WrkResult(long.Parse(requests.Groups["n"].Value, CultureInfo.InvariantCulture), failed, elapsed, batch,
                Percentile(text, "50%"), Percentile(text, "99%"), errors);
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static string Percentile(string text, string percentile) =>
        Regex.Match(text, @"^\s*" + Regex.Escape(percentile) + @"\s+(\S+)", RegexOptions.Multiline) is { Success: true } match ? match.Groups[1].Value : "?";

    [GeneratedRegex(@"(?<n>\d+) requests in (?<time>[\d.]+)(?<unit>ms|s|m)")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (?<n>\d+)")]
    private static partial Regex NonSuccessLine();

    [GeneratedRegex(@"Socket errors:.*")]
    private static partial Regex SocketErrorsLine();
}
