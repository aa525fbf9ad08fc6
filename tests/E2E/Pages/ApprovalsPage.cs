using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Pages;

/// <summary>The Legal queue at /approvals: one grid row per update awaiting approval.</summary>
public sealed class ApprovalsPage(IPage page)
{
    public ILocator Grid => page.GetByTestId("approvals");

    public ILocator Items => Grid.Locator("tr.approval-row");

    /// <summary>The rows of <paramref name="incidentKey"/>'s updates (its text, and Approve/Reject for its liaison).</summary>
    public ILocator ItemFor(string incidentKey) => Items.Filter(new() { Has = page.Locator($"[data-testid=approval][data-incident='{incidentKey}']") });

    public ILocator RejectDialog => page.GetByTestId("reject-dialog");

    public async Task<ApprovalsPage> GotoAsync()
    {
        await page.GotoAsync("/approvals");
        await Assertions.Expect(page.Locator(".shell[data-interactive=true]")).ToBeAttachedAsync();
        return this;
    }
}
