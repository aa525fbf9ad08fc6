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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task MainPagesHaveNoCriticalOrSeriousViolations(bool dark) => RunAsync(async () =>
    {
        var found = new List<string>();
        await SignInAsync(Page, "Maya Chen");
        await CheckAsync(Page, ResponderPages, dark, found);

        var admin = await NewPageAsync();
        await SignInAsync(admin, "Ada Admin", "administrator");
        await CheckAsync(admin, AdministratorPages, dark, found);

        Assert.True(found.Count == 0, $"{found.Count} critical/serious violation(s) ({(dark ? "dark" : "light")}):\n{string.Join("\n", found)}");
    });

    private static async Task CheckAsync(IPage page, IEnumerable<string> paths, bool dark, List<string> found)
    {
        var themed = false;
        foreach (var path in paths)
        {
            await page.GotoAsync(path);
            await page.WaitForLiveAsync();
            await page.Locator("h1").First.WaitForAsync();
            if (dark && !themed)
            {
                await page.GetByTestId("theme-toggle").ClickAsync();
                await page.Locator(".cc-dark").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
                themed = true;
            }
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            foreach (var violation in await Axe.SeriousViolationsAsync(page))
            {
                found.Add($"{path}: {violation}");
            }
        }
    }
}
