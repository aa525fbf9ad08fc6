using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Pages;

/// <summary>The incident board at /.</summary>
public sealed class BoardPage(IPage page)
{
    public const string Path = "/";
    public const string Title = "Incident board";

    public IPage Page => page;

    public AppHeader Header { get; } = new(page);

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = Title, Level = 1 });

    public async Task<BoardPage> GotoAsync()
    {
        await page.GotoAsync(Path);
        await WaitForAsync();
        return this;
    }

    public Task WaitForAsync() => Assertions.Expect(Heading).ToBeVisibleAsync();

    /// <summary>The text of the page's main (level 1) heading.</summary>
    public Task<string> HeadingAsync() => page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync();
}
