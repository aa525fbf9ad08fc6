using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Pages;

/// <summary>The playbook panel in a war room's side column.</summary>
public sealed class PlaybookPanel(IPage page)
{
    public ILocator Root => page.GetByTestId("playbook-panel");

    public ILocator Version => Root.GetByTestId("playbook-version");

    public ILocator Coverage => Root.GetByTestId("playbook-coverage");

    public ILocator MyNextSteps => Root.GetByTestId("my-next-steps");

    public ILocator Step(string stepId) => Root.Locator($"[data-testid=playbook-step][data-step-id={stepId}]");

    public ILocator RecordOf(string stepId) => Step(stepId).GetByTestId("step-record");

    public Task CheckAsync(string stepId) => Step(stepId).GetByRole(AriaRole.Button, new() { Name = "Check", Exact = true }).ClickAsync();
}

/// <summary>One playbook at /playbooks/{archetype}: read-only view, version history and (administrators) the structured editor.</summary>
public sealed class PlaybookPage(IPage page)
{
    public ILocator Version => page.Locator("h1").GetByTestId("playbook-version");

    public ILocator History => page.GetByTestId("version-history");

    public ILocator TitleField => page.GetByLabel("Title", new() { Exact = true });

    public ILocator ChangeNote => page.GetByLabel("Change note");

    public ILocator EditStep(int index) => page.GetByTestId("edit-step").Nth(index);

    public async Task<PlaybookPage> GotoAsync(string archetype)
    {
        await page.GotoAsync($"/playbooks/{archetype}");
        await Assertions.Expect(page.Locator(".shell[data-interactive=true]")).ToBeAttachedAsync();
        await Assertions.Expect(Version).ToBeVisibleAsync();
        return this;
    }

    public Task EditAsync() => page.GetByRole(AriaRole.Button, new() { Name = "Edit playbook" }).ClickAsync();

    public Task SaveAsync() => page.GetByRole(AriaRole.Button, new() { Name = "Save as a new version" }).ClickAsync();
}
