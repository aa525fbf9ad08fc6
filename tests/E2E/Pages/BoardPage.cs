using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Pages;

/// <summary>The incident board at /, where people land after signing in (Leadership lands on the status board).</summary>
public sealed class BoardPage(IPage page)
{
    public const string Path = "/";
    public const string Title = "Incident board";

    public IPage Page => page;

    public AppHeader Header { get; } = new(page);

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = Title, Level = 1 });

    /// <summary>The heading of wherever / takes this person: the board, or the status board for Leadership.</summary>
    public ILocator HomeHeading => Heading.Or(page.GetByRole(AriaRole.Heading, new() { Name = StatusPage.Title, Level = 1 }));

    public async Task<BoardPage> GotoAsync()
    {
        await page.GotoAsync(Path);
        await WaitForAsync();
        return this;
    }

    /// <summary>Waits for the page / leads to (see <see cref="HomeHeading"/>) to be interactive.</summary>
    public async Task WaitForAsync()
    {
        await Assertions.Expect(HomeHeading).ToBeVisibleAsync();
        // Prerendered first: wait for the circuit so clicks are handled and pushes arrive.
        await Assertions.Expect(page.Locator(".shell[data-interactive=true]")).ToBeAttachedAsync();
    }

    public ILocator Row(string text) => page.GetByTestId("incident-row").Filter(new() { HasTextString = text });

    /// <summary>Opens the declare dialog, fills what is given (severity, archetype and system by their codes) and presses Declare.</summary>
    public async Task DeclareAsync(string? title, string? severity, string? archetype, string? system)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Declare incident" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByLabel("Affected system")).ToBeVisibleAsync();
        if (title is not null)
        {
            await dialog.GetByLabel("Title").FillAsync(title);
        }
        if (severity is not null)
        {
            await dialog.GetByLabel("Severity").ChooseAsync(severity);
        }
        if (archetype is not null)
        {
            await dialog.GetByLabel("Archetype").ChooseAsync(archetype);
        }
        if (system is not null)
        {
            await dialog.GetByLabel("Affected system").ChooseAsync(system);
        }
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Declare", Exact = true }).ClickAsync();
    }

    /// <summary>The text of the page's main (level 1) heading.</summary>
    public Task<string> HeadingAsync() => page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync();
}
