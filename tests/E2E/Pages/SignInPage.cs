using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Pages;

/// <summary>/signin: a name is all it takes to join the war room.</summary>
public sealed class SignInPage(IPage page)
{
    public const string Path = "/signin";

    public IPage Page => page;

    public ILocator NameInput => page.GetByLabel("Your name");

    public ILocator EnterButton => page.GetByRole(AriaRole.Button, new() { Name = "Enter the war room" });

    public ILocator Error => page.GetByRole(AriaRole.Alert);

    public async Task<SignInPage> GotoAsync()
    {
        await page.GotoAsync(Path);
        await Assertions.Expect(NameInput).ToBeVisibleAsync();
        return this;
    }

    /// <summary>Fills the name and submits, without assuming where that leads.</summary>
    public async Task SubmitAsync(string name)
    {
        await NameInput.FillAsync(name);
        await EnterButton.ClickAsync();
    }

    public async Task<BoardPage> SignInAsAsync(string name)
    {
        await SubmitAsync(name);
        var board = new BoardPage(page);
        await board.WaitForAsync();
        return board;
    }
}
