using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Pages;

/// <summary>The top bar every signed-in page shares.</summary>
public sealed class AppHeader(IPage page)
{
    public ILocator WhoAmI => page.GetByTestId("whoami");

    public ILocator OrgRole => page.GetByTestId("org-role");

    public ILocator SignOutButton => page.GetByRole(AriaRole.Button, new() { Name = "Sign out" });

    public async Task<SignInPage> SignOutAsync()
    {
        await SignOutButton.ClickAsync();
        var signIn = new SignInPage(page);
        await Assertions.Expect(signIn.UserNameInput).ToBeVisibleAsync();
        return signIn;
    }
}
