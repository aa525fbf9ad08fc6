using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Pages;

/// <summary>The Candidates page at /candidates.</summary>
public sealed class CandidatesPage(IPage page)
{
    public IPage Page => page;

    /// <summary>The rows of candidates waiting for a decision.</summary>
    public ILocator Candidates => page.GetByRole(AriaRole.Table, new() { Name = "Candidates waiting for a decision" })
        .Locator("tr").Filter(new() { Has = page.GetByTestId("candidate") });

    /// <summary>The rows of decided candidates.</summary>
    public ILocator Decided => page.GetByRole(AriaRole.Table, new() { Name = "Decided candidates" })
        .Locator("tr").Filter(new() { Has = page.GetByTestId("decided") });

    public ILocator Dialog => page.GetByRole(AriaRole.Dialog);

    public async Task<CandidatesPage> GotoAsync()
    {
        await page.GotoAsync("/candidates");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Incident candidates", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".shell[data-interactive=true]")).ToBeAttachedAsync();
        return this;
    }

    public ILocator Candidate(string text) => Candidates.Filter(new() { HasTextString = text });

    public Task ActAsync(ILocator candidate, string button) => candidate.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
}
