using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CommandCenter.Bench.Ingestion;

/// <summary>
/// Prometheus Alertmanager (Debian's package) on a free loopback port, with a temporary configuration (one route to a
/// receiver that sends nothing), a temporary storage folder and clustering off. Stopped and cleaned up on dispose.
/// </summary>
internal sealed class AlertmanagerProcess : IAsyncDisposable
{
    private const string Config = """
        route:
          receiver: discard
        receivers:
          - name: discard
        """;

    private readonly Process _process;
    private readonly string _folder;

    private AlertmanagerProcess(Process process, string folder, Uri baseUrl)
    {
        _process = process;
        _folder = folder;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>The operating system's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Alertmanager's CPU time so far (user and kernel).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<AlertmanagerProcess> StartAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var executable = await DebianPackages.EnsureAsync("prometheus-alertmanager", "prometheus-alertmanager", output, cancellationToken);
        var folder = Path.Combine(Path.GetTempPath(), "alertmanager-bench-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        await File.WriteAllTextAsync(Path.Combine(folder, "alertmanager.yml"), Config, cancellationToken);
        var port = FreePort();
        var start = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     $"--config.file={Path.Combine(folder, "alertmanager.yml")}", $"--storage.path={Path.Combine(folder, "data")}",
                     $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=", "--log.level=warn",
                 })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var alertmanager = new AlertmanagerProcess(process, folder, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await alertmanager.WaitUntilReadyAsync(cancellationToken);
            return alertmanager;
        }
        catch
        {
            await alertmanager.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Alertmanager exited with code {_process.ExitCode} before it was ready.");
            }
            try
            {
                using var response = await http.GetAsync("-/ready", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException("Alertmanager did not answer /-/ready within 60 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
