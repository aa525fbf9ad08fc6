using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Infrastructure;

/// <summary>
/// One headless Chromium for the whole test assembly, shared by both browser collections (<see cref="BrowserCollection"/>);
/// each test gets its own contexts, which are as isolated as separate browsers and far cheaper to create.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPathVariable = "CHROMIUM_PATH";

    public static readonly IReadOnlyList<string> LaunchArguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
    ];

    // The machines have 2 shared cores: the default 5 s is too tight for a Blazor circuit under a full test run.
    public static readonly TimeSpan ExpectTimeout = TimeSpan.FromSeconds(15);

    // One Chromium for the whole assembly, shared by the collections' fixtures (they run side by side): started by the
    // first fixture, closed by the last.
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _shared;
    private static int _users;

    public IBrowser Browser => _shared ?? throw new InvalidOperationException("The browser has not started yet.");

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _users++;
            if (_shared is null)
            {
                Assertions.SetDefaultExpectTimeout((float)ExpectTimeout.TotalMilliseconds);
                _playwright = await Playwright.CreateAsync();
                _shared = await LaunchAsync(_playwright);
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        var executable = ResolveChromium();
        try
        {
            return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                Headless = true,
                ExecutablePath = executable,
                Args = LaunchArguments,
            });
        }
        catch (PlaywrightException exception)
        {
            throw new InvalidOperationException(
                $"Could not launch Chromium ({executable ?? "Playwright's own browser"}). Install it (Debian: apt-get install chromium) " +
                $"or point {ChromiumPathVariable} at a Chromium or Chrome executable.", exception);
        }
    }

    /// <summary>A fresh, cookie-less context whose relative URLs resolve against <paramref name="baseUrl"/>.</summary>
    public async Task<IBrowserContext> NewContextAsync(Uri baseUrl)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(),
            Locale = "en-US",
            TimezoneId = "UTC",
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        context.SetDefaultTimeout((float)ExpectTimeout.TotalMilliseconds);
        return context;
    }

    public async Task DisposeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (--_users > 0)
            {
                return;
            }
            if (_shared is not null)
            {
                await _shared.DisposeAsync();
                _shared = null;
            }
            _playwright?.Dispose();
            _playwright = null;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>$CHROMIUM_PATH, else Debian's /usr/bin/chromium, else chromium on PATH, else null (Playwright's own).</summary>
    public static string? ResolveChromium()
    {
        var configured = Environment.GetEnvironmentVariable(ChromiumPathVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"{ChromiumPathVariable} is set to {configured}, which does not exist.");
        }
        if (OperatingSystem.IsWindows())
        {
            return null;
        }
        const string debian = "/usr/bin/chromium";
        if (File.Exists(debian))
        {
            return debian;
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(directory => new[] { Path.Combine(directory, "chromium"), Path.Combine(directory, "chromium-browser") })
            .FirstOrDefault(File.Exists);
    }
}

/// <summary>
/// Every class that drives a browser joins one of two collections. Classes in one collection run one at a time; the two collections run side by side (xunit runs collections in parallel), each with its own Chromium
/// and each class with its own app, so the browser tests take about half the wall time: most of a browser test is
/// waiting for a page or a push, not computing. Measured on 2 cores it is not (the tests took twice as long side by
/// side, and one timed out), so every class is in the first collection; the second is kept for machines with more cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>The second browser collection (see <see cref="BrowserCollection"/>).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollectionB : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser B";
}
