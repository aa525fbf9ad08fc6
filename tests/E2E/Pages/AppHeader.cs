using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Pages;

/// <summary>The top bar every signed-in page shares.</summary>
public sealed class AppHeader(IPage page)
{
    public ILocator WhoAmI => page.GetByTestId("whoami");

    public ILocator SwitchPersonButton => page.GetByRole(AriaRole.Button, new() { Name = "Switch person" });

    public async Task<SignInPage> SwitchPersonAsync()
    {
        await SwitchPersonButton.ClickAsync();
        var signIn = new SignInPage(page);
        await Assertions.Expect(signIn.NameInput).ToBeVisibleAsync();
        return signIn;
    }
}
