using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Pages;

/// <summary>/signin: user name and password; five wrong passwords lock the account.</summary>
public sealed class SignInPage(IPage page)
{
    public const string Path = "/signin";

    public IPage Page => page;

    public ILocator UserNameInput => page.GetByLabel("User name");

    public ILocator PasswordInput => page.GetByLabel("Password");

    public ILocator SignInButton => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" });

    public ILocator Error => page.GetByRole(AriaRole.Alert);

    public async Task<SignInPage> GotoAsync()
    {
        await page.GotoAsync(Path);
        await Assertions.Expect(UserNameInput).ToBeVisibleAsync();
        return this;
    }

    /// <summary>Fills the form and submits, without assuming where that leads.</summary>
    public async Task SubmitAsync(string userName, string password)
    {
        await UserNameInput.FillAsync(userName);
        await PasswordInput.FillAsync(password);
        await SignInButton.ClickAsync();
    }

    public async Task<BoardPage> SignInAsAsync(string userName, string password)
    {
        await SubmitAsync(userName, password);
        var board = new BoardPage(page);
        await board.WaitForAsync();
        return board;
    }
}
