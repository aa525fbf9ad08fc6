using CommandCenter.Tests.E2E.Infrastructure;
using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E;

/// <summary>
/// axe-core (WCAG 2.1 A and AA) over the main pages as a responder and as an administrator, in the light and the dark
/// theme: no critical or serious violation. War rooms run at night, so dark counts as much as light.
/// </summary>
public sealed class AccessibilityTests(BrowserFixture browser, AppFixture app) : BrowserTest(browser, app), IClassFixture<AppFixture>
{
    private static readonly string Injection = $"/incidents/INC-{DateTime.UtcNow.Year}-0001";

    private static readonly string[] ResponderPages =
    [
        "/", Injection, $"{Injection}/scribe", $"{Injection}/tech", $"{Injection}/comms", $"{Injection}/legal",
        $"{Injection}/evidence", $"{Injection}/postmortem", "/candidates", "/systems", "/systems/support-assistant", "/playbooks",
        "/approvals", "/status", "/actions", "/metrics", "/search?q=discount",
    ];

    private static readonly string[] AdministratorPages = ["/settings/users", "/settings/api-keys", "/audit"];

    [Fact]
    public Task MainPagesHaveNoCriticalOrSeriousViolationsInEitherTheme() => RunAsync(async () =>
    {
        var found = new List<string>();
        await SignInAsync(Page, "Maya Chen");
        await CheckAsync(Page, ResponderPages, found);

        var admin = await NewPageAsync();
        await SignInAsync(admin, "Ada Admin", "administrator");
        await CheckAsync(admin, AdministratorPages, found);

        Assert.True(found.Count == 0, $"{found.Count} critical/serious violation(s):\n{string.Join("\n", found)}");
    });

    /// <summary>
    /// Each page once per theme in one visit: checked in the theme it opens in, then switched and checked again (the
    /// switch is kept, so the next page opens in the other theme).
    /// </summary>
    private static async Task CheckAsync(IPage page, IEnumerable<string> paths, List<string> found)
    {
        foreach (var path in paths)
        {
            await page.GotoLiveAsync(path);
            await page.Locator("h1").First.WaitForAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            for (var pass = 0; pass < 2; pass++)
            {
                var dark = await page.Locator(".cc-dark").CountAsync() > 0;
                foreach (var violation in await Axe.SeriousViolationsAsync(page))
                {
                    found.Add($"{path} ({(dark ? "dark" : "light")}): {violation}");
                }
                if (pass == 0)
                {
                    await page.GetByTestId("theme-toggle").ClickAsync();
                    await page.Locator(".cc-dark").First.WaitForAsync(new() { State = dark ? WaitForSelectorState.Detached : WaitForSelectorState.Attached });
                    // Colours fade into the new theme; contrast is measured once the fades have ended.
                    await page.WaitForFunctionAsync("() => document.getAnimations().every(a => !(a instanceof CSSTransition) || a.playState !== 'running')");
                }
            }
        }
    }
}
