using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace CommandCenter.Testing;

/// <summary>
/// The real web app, started as its own process from its build output on a free Kestrel port with a fresh SQLite
/// database. Browsers cannot reach WebApplicationFactory's in-memory server (STACK.md), and a separate process also
/// measures what a user gets: the app's own executable, its static web assets and its own thread pool.
/// </summary>
/// <remarks>
/// Linked into tests/E2E and bench/PushLatency. The including project passes the app's output folder in an
/// <c>AssemblyMetadata</c> item named <see cref="AppDirectoryMetadataKey"/>; the environment variable
/// <see cref="AppDirectoryVariable"/> overrides it (e.g. for an app built with another output path).
/// </remarks>
public sealed partial class AppProcess : IAsyncDisposable
{
    public const string AppDirectoryMetadataKey = "CommandCenterAppDirectory";
    public const string AppDirectoryVariable = "COMMANDCENTER_APP_DIR";
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    private AppProcess(Process process, string dataDirectory)
    {
        _process = process;
        _dataDirectory = dataDirectory;
    }

    /// <summary>Where the app listens, e.g. <c>http://127.0.0.1:40123/</c> (always with a trailing slash).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The SQLite file this instance uses (deleted on dispose).</summary>
    public string DatabasePath => Path.Combine(_dataDirectory, "cc.db");

    /// <summary>Everything the app wrote to stdout and stderr so far (its log lines come on stdout).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The operating system's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The app's CPU time so far (user and kernel), for benches that report CPU per unit of work.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// Starts the app and returns once <c>GET /health</c> answers 200.
    /// </summary>
    /// <param name="settings">
    /// Extra configuration, keys in either form (<c>Database:SeedDemoData</c> or <c>Database__SeedDemoData</c>).
    /// </param>
    /// <param name="dataFrom">
    /// A data folder kept by <see cref="StopAndKeepDataAsync"/> to start from a copy of (its database, audit key and
    /// evidence), instead of an empty one: saves the migrations and the demo seed for each app a test run starts.
    /// </param>
    public static async Task<AppProcess> StartAsync(
        IReadOnlyDictionary<string, string>? settings = null, CancellationToken cancellationToken = default, string? dataFrom = null)
    {
        var appDirectory = ResolveAppDirectory();
        var executable = Path.Combine(appDirectory, OperatingSystem.IsWindows() ? "CommandCenter.exe" : "CommandCenter");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"The app's executable is missing: {executable}. Build src/CommandCenter with the same configuration first " +
                $"(the test and bench projects reference it, so building them builds it), or set {AppDirectoryVariable}.");
        }

        var dataDirectory = Path.Combine(Path.GetTempPath(), "commandcenter-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataDirectory);
        if (dataFrom is not null)
        {
            CopyData(dataFrom, dataDirectory);
        }

        var startInfo = new ProcessStartInfo(executable)
        {
            WorkingDirectory = appDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add("http://127.0.0.1:0");

        var environment = startInfo.Environment;
        // Variables inherited from a developer shell must not change which ports or environment the app uses.
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_ENVIRONMENT" })
        {
            environment.Remove(inherited);
        }
        environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        // Testing never plays the live demo feed; said here too so an app started in another environment stays deterministic.
        environment["Demo__LiveSimulation"] = "false";
        environment["ConnectionStrings__CommandCenter"] = $"Data Source={Path.Combine(dataDirectory, "cc.db")}";
        // The port is read from this log line, so keep it whatever appsettings says.
        environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var app = new AppProcess(process, dataDirectory);
        process.OutputDataReceived += (_, e) => app.OnLine(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => app.OnLine(e.Data, isError: true);
        process.Exited += (_, _) => app._listening.TrySetException(
            new InvalidOperationException($"The app exited with code {SafeExitCode(process)} before it listened."));

        try
        {
            if (!process.Start())
            {
                throw new InvalidOperationException($"Could not start {executable}.");
            }
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await app.WaitUntilHealthyAsync(cancellationToken);
            return app;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await app.DisposeAsync();
            var output = app.Output;
            throw new InvalidOperationException(
                $"The app did not become healthy: {exception.Message}{Environment.NewLine}--- app output ---{Environment.NewLine}{output}",
                exception);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The app's build output folder (from the assembly metadata, or the override variable).</summary>
    public static string ResolveAppDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(AppDirectoryVariable);
        var directory = !string.IsNullOrWhiteSpace(fromEnvironment)
            ? fromEnvironment
            : typeof(AppProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == AppDirectoryMetadataKey)?.Value
                ?? throw new InvalidOperationException(
                    $"No [AssemblyMetadata(\"{AppDirectoryMetadataKey}\", ...)] on {typeof(AppProcess).Assembly.GetName().Name}: " +
                    "add the AssemblyMetadata item to the project that links AppProcess.cs.");
        return Path.GetFullPath(directory);
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            BaseUrl = await _listening.Task.WaitAsync(timeout.Token);
            using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(10) };
            string? lastProblem = null;
            while (true)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"The app exited with code {SafeExitCode(_process)} before /health answered 200.");
                }
                try
                {
                    using var response = await http.GetAsync("health", timeout.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                    lastProblem = $"GET /health answered {(int)response.StatusCode}";
                }
                catch (HttpRequestException exception)
                {
                    lastProblem = exception.Message;
                }
                catch (TaskCanceledException) when (!timeout.IsCancellationRequested)
                {
                    // One slow answer (the first request compiles the whole pipeline; a busy machine makes it slower)
                    // is not a failure: ask again until the start timeout.
                    lastProblem = $"GET /health took longer than {http.Timeout.TotalSeconds:0} s";
                }
                await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(BaseUrl is null
                ? $"No \"Now listening on\" line within {StartTimeout.TotalSeconds:0} s."
                : $"GET {BaseUrl}health did not answer 200 within {StartTimeout.TotalSeconds:0} s.");
        }
    }

    private void OnLine(string? line, bool isError)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Append(isError ? "[stderr] " : "").AppendLine(line);
        }
        if (!isError && ListeningLine().Match(line) is { Success: true } match)
        {
            var url = match.Groups["url"].Value.TrimEnd('/') + "/";
            _listening.TrySetResult(new Uri(url));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (Exception exception) when (exception is InvalidOperationException or OperationCanceledException)
        {
            // Never started, or already gone: nothing left to stop.
        }
        finally
        {
            _process.Dispose();
        }
        await DeleteWithRetriesAsync(_dataDirectory);
    }

    /// <summary>
    /// Stops the app and keeps its data folder (not deleted; the caller owns it) for <c>StartAsync(dataFrom: ...)</c>.
    /// The process is killed: SQLite's write-ahead log keeps what was committed, which is what a copy needs.
    /// </summary>
    public async Task<string> StopAndKeepDataAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            throw new InvalidOperationException("The app has already been stopped.");
        }
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(wait.Token);
        }
        finally
        {
            _process.Dispose();
        }
        return _dataDirectory;
    }

    // The shared-memory index (-shm) is rebuilt from the log when the copy is first opened, so it is not copied.
    private static void CopyData(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (!file.EndsWith("-shm", StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
            }
        }
    }

    /// <summary>Deletes a folder kept by <see cref="StopAndKeepDataAsync"/>.</summary>
    public static Task DeleteDataAsync(string dataDirectory) => DeleteWithRetriesAsync(dataDirectory);

    // On Windows the SQLite files stay locked for a moment after the process is killed.
    private static async Task DeleteWithRetriesAsync(string directory)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
                return;
            }
            catch (Exception) when (attempt < 10)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
            catch (IOException)
            {
                return;
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
        }
    }

    private static string SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    [GeneratedRegex(@"Now listening on: (?<url>https?://\S+)")]
    private static partial Regex ListeningLine();
}
