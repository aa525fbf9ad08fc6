using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Pages;

/// <summary>The leadership status board at /status: Leadership's home.</summary>
public sealed class StatusPage(IPage page)
{
    public const string Path = "/status";
    public const string Title = "Status for leadership";

    public IPage Page => page;

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = Title, Level = 1 });

    public ILocator Grid => page.GetByRole(AriaRole.Table, new() { Name = "Active incidents" });

    public ILocator Rows => Grid.Locator("tr").Filter(new() { Has = page.GetByTestId("status-incident") });

    public ILocator Row(string key) => Grid.Locator("tr").Filter(new() { Has = page.Locator($"[data-testid=status-incident][data-key='{key}']") });

    public ILocator Search => page.GetByLabel("Search incidents");

    /// <summary>
    /// Every control on the page except the reading aids (sorting a column, the search box). On a read-only board
    /// this must find nothing: nothing there changes anything.
    /// </summary>
    public ILocator ControlsThatChangeSomething =>
        page.Locator("main :is(button, input, select, textarea, [role=button], [contenteditable=true]):not(th *):not([aria-label='Search incidents'])");

    public async Task<StatusPage> GotoAsync()
    {
        await page.GotoAsync(Path);
        await WaitForAsync();
        return this;
    }

    public async Task WaitForAsync()
    {
        await Assertions.Expect(Heading).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".shell[data-interactive=true]")).ToBeAttachedAsync();
    }
}
