using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Infrastructure;

/// <summary>
/// One headless Chromium for the whole test assembly (every browser test class is in <see cref="BrowserCollection"/>);
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

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started yet.");

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout((float)ExpectTimeout.TotalMilliseconds);
        _playwright = await Playwright.CreateAsync();
        var executable = ResolveChromium();
        try
        {
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
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
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
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

/// <summary>Every class that drives a browser joins this collection, so they share one Chromium (and run one at a time).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
