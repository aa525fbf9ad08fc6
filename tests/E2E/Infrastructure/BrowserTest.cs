using System.Runtime.CompilerServices;
using System.Text;
using CommandCenter.Testing;
using CommandCenter.Tests.E2E.Pages;
using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Infrastructure;

/// <summary>
/// Base for browser tests: xunit creates one instance per test, so every test starts with a fresh, signed-out
/// <see cref="Page"/> and can open more people in their own contexts with <see cref="SignInAsNewPersonAsync"/>.
/// Wrap a test's body in <see cref="RunAsync"/> to keep a screenshot of every open page, the browser console and the
/// app's log when it fails (under <c>screenshots/</c> in the test output folder).
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserFixture browser, AppFixture app) : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];
    private readonly StringBuilder _browserLog = new();
    private IPage? _page;

    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    protected AppProcess App => app.App;

    /// <summary>A signed-out page in its own context, ready at test start.</summary>
    protected IPage Page => _page ?? throw new InvalidOperationException("InitializeAsync has not run.");

    public async Task InitializeAsync() => _page = await NewPageAsync();

    /// <summary>A page in a new context: its own cookies, so its own person.</summary>
    protected async Task<IPage> NewPageAsync()
    {
        var context = await browser.NewContextAsync(app.BaseUrl);
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        var label = $"page {_contexts.Count}";
        page.Console += (_, message) => Log($"{label} console.{message.Type}: {message.Text}");
        page.PageError += (_, error) => Log($"{label} page error: {error}");
        page.RequestFailed += (_, request) => Log($"{label} request failed: {request.Method} {request.Url} {request.Failure}");
        return page;
    }

    /// <summary>Makes sure <paramref name="name"/> has an account (incident roles go to accounts); returns its user name.</summary>
    protected Task<string> EnsureAccountAsync(string name, string role = "responder") => app.EnsureAccountAsync(name, role);

    /// <summary>Signs <paramref name="name"/> in on a new context and returns the board they land on.</summary>
    protected async Task<BoardPage> SignInAsNewPersonAsync(string name, string role = "responder")
    {
        var page = await NewPageAsync();
        return await SignInAsync(page, name, role);
    }

    /// <summary>
    /// Signs <paramref name="name"/> in on <paramref name="page"/> with their account (a demo account of that name, or one
    /// created for the test with <paramref name="role"/>: responder, leadership or administrator).
    /// </summary>
    protected async Task<BoardPage> SignInAsync(IPage page, string name, string role = "responder")
    {
        var userName = await app.EnsureAccountAsync(name, role);
        var signIn = new SignInPage(page);
        await signIn.GotoAsync();
        return await signIn.SignInAsAsync(userName, AppFixture.Password);
    }

    /// <summary>An API client signed in as <paramref name="name"/>, for changes made "by someone else" during a test.</summary>
    protected Task<HttpClient> ApiAsAsync(string name, string role = "responder") => app.ApiClientAsync(name, role);

    /// <summary>Runs the test body; when it throws, saves screenshots and logs before rethrowing.</summary>
    protected async Task RunAsync(Func<Task> scenario, [CallerMemberName] string test = "")
    {
        try
        {
            await scenario();
        }
        catch
        {
            await SaveEvidenceAsync($"{GetType().Name}.{test}");
            throw;
        }
    }

    private async Task SaveEvidenceAsync(string name)
    {
        try
        {
            Directory.CreateDirectory(ScreenshotDirectory);
            var pages = _contexts.SelectMany(context => context.Pages).ToList();
            for (var i = 0; i < pages.Count; i++)
            {
                await pages[i].ScreenshotAsync(new PageScreenshotOptions
                {
                    Path = Path.Combine(ScreenshotDirectory, $"{name}.{i + 1}.png"),
                    FullPage = true,
                    Timeout = 5_000,
                });
            }
            string browserLog;
            lock (_browserLog)
            {
                browserLog = _browserLog.ToString();
            }
            await File.WriteAllTextAsync(Path.Combine(ScreenshotDirectory, $"{name}.browser.log"), browserLog);
            await File.WriteAllTextAsync(Path.Combine(ScreenshotDirectory, $"{name}.app.log"), App.Output);
        }
        catch (Exception exception) when (exception is PlaywrightException or IOException or TimeoutException)
        {
            // Evidence is best effort: the test's own failure is what must surface.
        }
    }

    private void Log(string line)
    {
        lock (_browserLog)
        {
            _browserLog.AppendLine(line);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }
}
