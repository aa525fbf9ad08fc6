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

    /// <summary>The labelled download link of an export format ("Markdown", "JSON bundle", "signed zip").</summary>
    public ILocator Export(string format) => page.GetByRole(AriaRole.Link, new() { Name = $"Download {format}" });

    public ILocator RecordLink => page.GetByRole(AriaRole.Link, new() { Name = "Printable record", Exact = true });

    /// <summary>On the record page: the timeline and the evidence manifest, each a list named by its heading.</summary>
    public ILocator RecordTimeline => page.GetByRole(AriaRole.List, new() { Name = "Timeline", Exact = true });

    public ILocator RecordManifest => page.GetByRole(AriaRole.List, new() { Name = "Evidence manifest", Exact = true });

    public async Task<EvidencePage> GotoAsync(string key)
    {
        await page.GotoAsync($"/incidents/{key}/evidence");
        await Assertions.Expect(page.Locator(".shell[data-interactive=true]")).ToBeAttachedAsync();
        return this;
    }
}
