using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Pages;

/// <summary>The war room of one incident at /incidents/{key}.</summary>
public sealed class WarRoomPage(IPage page)
{
    public IPage Page => page;

    public ILocator Status => page.Locator("[data-testid=incident-head] [data-testid=status]");

    public ILocator Severity => page.Locator("[data-testid=incident-head] [data-testid=severity]");

    public ILocator EntryBox => page.GetByLabel("Timeline entry");

    public ILocator Kind => page.GetByLabel("Kind", new() { Exact = true });

    public ILocator Entries => page.GetByTestId("timeline-entry");

    public ILocator ActionError => page.GetByTestId("action-error");

    public ILocator Phase(string name) =>
        page.Locator("nav[aria-label=Status] button").Filter(new() { Has = page.Locator(".phase-name", new() { HasTextString = name }) });

    public async Task<WarRoomPage> GotoAsync(string key)
    {
        await page.GotoAsync($"/incidents/{key}");
        await WaitForLiveAsync();
        return this;
    }

    /// <summary>Prerendered HTML shows the controls before the circuit is up; wait until clicks and keys are handled.</summary>
    public async Task WaitForLiveAsync()
    {
        await page.WaitForLiveAsync();
        await Assertions.Expect(page.GetByTestId("incident-key")).ToBeVisibleAsync();
    }

    public ILocator EntryWithText(string text) => Entries.Filter(new() { HasTextString = text });
}
