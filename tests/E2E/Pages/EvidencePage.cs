using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Pages;

/// <summary>An incident's evidence at /incidents/{key}/evidence.</summary>
public sealed class EvidencePage(IPage page)
{
    public IPage Page => page;

    public ILocator Title => page.GetByLabel("Title", new() { Exact = true });

    public ILocator Source => page.GetByLabel("Source", new() { Exact = true });

    public ILocator File => page.GetByLabel("Evidence file");

    public ILocator Collect => page.GetByRole(AriaRole.Button, new() { Name = "Collect", Exact = true });

    public ILocator Hash => page.GetByTestId("evidence-hash");

    public ILocator CustodyLog => page.GetByTestId("custody-log");

    public ILocator Text => page.GetByTestId("evidence-text");

    public async Task<EvidencePage> GotoAsync(string key)
    {
        await page.GotoAsync($"/incidents/{key}/evidence");
        await Assertions.Expect(page.Locator(".shell[data-interactive=true]")).ToBeAttachedAsync();
        return this;
    }
}
