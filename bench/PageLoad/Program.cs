using System.Diagnostics;
using System.Globalization;
using CommandCenter.Bench;
using CommandCenter.Testing;
using Microsoft.Playwright;

// How long a war room takes to become usable after navigation, as a person on this machine sees it: from the click
// (page.goto) until the circuit is interactive and the incident's timeline is on screen; plus what the page downloads.
const string Usage = """
    Measures war-room load time in headless Chromium against the app's own build output (fresh database, demo data).

      dotnet run --project bench/PageLoad -c Release -- [--runs N] [--path /incidents/INC-2026-0001] [--chromium PATH]
      dotnet run --project bench/PageLoad -c Release -- --screenshots docs/images

    --runs         navigations to measure after one warm-up (default 20)
    --path         page to load (default: the first demo incident's war room)
    --chromium     browser executable (default $CHROMIUM_PATH, /usr/bin/chromium)
    --screenshots  instead of measuring, write the README's pictures (PNG) into this folder with the same harness
    """;

return await BenchMain.RunAsync(args, Usage, Parse, RunAsync);

static (int Runs, string? Path, string Chromium, string? Screenshots) Parse(IReadOnlyList<string> args)
{
    var runs = 20;
    string? path = null;
    string? screenshots = null;
    var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } c ? c : "/usr/bin/chromium";
    for (var i = 0; i < args.Count; i++)
    {
        var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
        switch (args[i])
        {
            case "--runs": runs = BenchArgs.Positive("--runs", int.Parse(value, CultureInfo.InvariantCulture)); i++; break;
            case "--path": path = value; i++; break;
            case "--chromium": chromium = value; i++; break;
            case "--screenshots": screenshots = value; i++; break;
            default: throw new ArgumentException($"Unknown option {args[i]}.");
        }
    }
    return (runs, path, chromium, screenshots);
}

static async Task<int> RunAsync((int Runs, string? Path, string Chromium, string? Screenshots) options, CancellationToken cancellationToken)
{
    Console.WriteLine("Starting the app from its build output (fresh database, demo incidents)...");
    await using var app = await AppProcess.StartAsync(new Dictionary<string, string> { ["Database:SeedDemoData"] = "true" }, cancellationToken);
    var path = options.Path ?? $"/incidents/INC-{DateTime.UtcNow.Year}-0001";

    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        Headless = true,
        ExecutablePath = options.Chromium,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl.ToString() });
    var page = await context.NewPageAsync();
    await page.GotoAsync("/signin");
    await page.GetByLabel("User name").FillAsync("maya");
    await page.GetByLabel("Password").FillAsync("war-room-demo");
    await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
    if (options.Screenshots is { } folder)
    {
        await Screenshots.TakeAsync(page, folder, DateTime.UtcNow.Year);
        return 0;
    }

    long bytes = 0;
    var fontBytes = 0L;
    page.Response += async (_, response) =>
    {
        try
        {
            var body = await response.BodyAsync();
            Interlocked.Add(ref bytes, body.Length);
            if (response.Url.EndsWith(".woff2", StringComparison.Ordinal) || response.Url.EndsWith(".woff", StringComparison.Ordinal))
            {
                Interlocked.Add(ref fontBytes, body.Length);
            }
        }
        catch (PlaywrightException)
        {
            // Redirects and aborted requests have no body.
        }
    };

    var interactive = new List<double>();
    var content = new List<double>();
    for (var run = 0; run <= options.Runs && !cancellationToken.IsCancellationRequested; run++)
    {
        await page.GotoAsync("about:blank");
        var clock = Stopwatch.StartNew();
        await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        var toInteractive = clock.Elapsed.TotalMilliseconds;
        await page.Locator("[data-testid=timeline-entry]").First.WaitForAsync(new() { Timeout = 30_000 });
        var toContent = clock.Elapsed.TotalMilliseconds;
        if (run == 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cold load (first navigation): interactive {toInteractive:0} ms, timeline shown {toContent:0} ms, {bytes / 1024.0:0} KiB downloaded ({fontBytes / 1024.0:0} KiB fonts)"));
            continue;
        }
        interactive.Add(toInteractive);
        content.Add(toContent);
    }

    Console.WriteLine($"{path}, {interactive.Count} warm navigations on {Environment.ProcessorCount} cores:");
    Console.WriteLine($"  interactive     {LatencySummary.Of(interactive)}");
    Console.WriteLine($"  timeline shown  {LatencySummary.Of(content)}");
    return 0;
}
