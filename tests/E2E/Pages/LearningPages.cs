using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Pages;

/// <summary>/incidents/{key}/postmortem.</summary>
public sealed class PostmortemPage(IPage page)
{
    public ILocator State => page.GetByTestId("postmortem-state");

    public ILocator RootCause => page.GetByLabel("Root cause", new() { Exact = true });

    public ILocator Factor(string label) => page.GetByRole(AriaRole.Checkbox, new() { Name = label, Exact = true });

    public ILocator ActionItems => page.GetByRole(AriaRole.List, new() { Name = "Action items" });

    public async Task<PostmortemPage> GotoAsync(string key)
    {
        await page.GotoAsync($"/incidents/{key}/postmortem");
        await Assertions.Expect(page.Locator(".shell[data-interactive=true]")).ToBeAttachedAsync();
        return this;
    }

    public Task ClickAsync(string button) => page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();

    public async Task AddActionItemAsync(string title, string owner)
    {
        await page.GetByLabel("Action item", new() { Exact = true }).FillAsync(title);
        await page.GetByLabel("Owner", new() { Exact = true }).ChooseAsync(owner);
        await ClickAsync("Add action item");
        await Assertions.Expect(ActionItems).ToContainTextAsync(title);
    }
}

/// <summary>/actions.</summary>
public sealed class ActionItemsPage(IPage page)
{
    public ILocator Row(string title) => page.GetByTestId("action-items").Locator("tbody tr", new() { HasTextString = title });

    public async Task<ActionItemsPage> GotoAsync()
    {
        await page.GotoAsync("/actions");
        await Assertions.Expect(page.Locator(".shell[data-interactive=true]")).ToBeAttachedAsync();
        return this;
    }

    public async Task MarkAsync(string title, string status)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = $"Change status of {title}" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = $"Mark {status}" }).ClickAsync();
    }
}

/// <summary>/metrics.</summary>
public sealed class MetricsPage(IPage page)
{
    public ILocator Value(string code) => page.GetByTestId($"metric-{code}").Locator(".metric-value");

    public async Task<MetricsPage> GotoAsync()
    {
        await page.GotoAsync("/metrics");
        await Assertions.Expect(page.Locator(".shell[data-interactive=true]")).ToBeAttachedAsync();
        return this;
    }
}
