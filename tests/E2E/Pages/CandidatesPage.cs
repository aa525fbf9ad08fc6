using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Pages;

/// <summary>The Candidates page at /candidates.</summary>
public sealed class CandidatesPage(IPage page)
{
    public IPage Page => page;

    public ILocator Candidates => page.GetByTestId("candidate");

    public ILocator Decided => page.GetByTestId("decided");

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
