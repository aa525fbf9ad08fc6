using System.Text.RegularExpressions;
using CommandCenter.Tests.E2E.Infrastructure;
using CommandCenter.Tests.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommandCenter.Tests.E2E;

public sealed class SignInTests(BrowserFixture browser, AppFixture app) : BrowserTest(browser, app), IClassFixture<AppFixture>
{
    private static readonly Regex SignInUrl = new(@"/signin(\?|$)");

    [Fact]
    public Task VisitingTheBoardSignedOutLandsOnSignIn() => RunAsync(async () =>
    {
        await Page.GotoAsync(BoardPage.Path);

        await Expect(Page).ToHaveURLAsync(SignInUrl);
        await Expect(new SignInPage(Page).UserNameInput).ToBeVisibleAsync();
        await Expect(new AppHeader(Page).WhoAmI).ToHaveCountAsync(0);
    });

    [Fact]
    public Task SigningInAfterTheRedirectReturnsToWhereThePersonWasGoing() => RunAsync(async () =>
    {
        await Page.GotoAsync("/status");
        var signIn = new SignInPage(Page);
        await Expect(signIn.UserNameInput).ToBeVisibleAsync();

        await signIn.SubmitAsync("maya", AppFixture.Password);

        await Expect(Page).ToHaveURLAsync(new Regex("/status$"));
        await Expect(new AppHeader(Page).WhoAmI).ToHaveTextAsync("Maya Chen");
        await Expect(new AppHeader(Page).OrgRole).ToHaveTextAsync("Responder");
    });

    [Fact]
    public Task AWrongPasswordKeepsTheUserNameAndSaysWhatFailed() => RunAsync(async () =>
    {
        var signIn = await new SignInPage(Page).GotoAsync();

        await signIn.SubmitAsync("tom", "not-the-password");

        await Expect(signIn.Error).ToHaveTextAsync("That user name and password do not match an account.");
        await Expect(signIn.UserNameInput).ToHaveValueAsync("tom");
        await Expect(signIn.PasswordInput).ToBeFocusedAsync();
        await Expect(Page).ToHaveURLAsync(SignInUrl);
        await Expect(new AppHeader(Page).WhoAmI).ToHaveCountAsync(0);
    });

    [Fact]
    public Task FiveWrongPasswordsLockTheAccountEvenForTheRightOne() => RunAsync(async () =>
    {
        var userName = await EnsureAccountAsync("Lockout Target");
        var signIn = await new SignInPage(Page).GotoAsync();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await signIn.SubmitAsync(userName, "wrong-password-" + attempt);
            await Expect(signIn.Error).ToBeVisibleAsync();
        }

        await signIn.SubmitAsync(userName, AppFixture.Password);

        // The same sentence as a wrong password: the page does not tell a guesser which accounts they have locked.
        await Expect(signIn.Error).ToHaveTextAsync("That user name and password do not match an account.");
        await Expect(new AppHeader(Page).WhoAmI).ToHaveCountAsync(0);
    });

    [Fact]
    public Task PeopleInSeparateBrowsersSeeTheirOwnNames() => RunAsync(async () =>
    {
        var maya = await SignInAsNewPersonAsync("Maya Chen");
        var omar = await SignInAsNewPersonAsync("Omar Haddad");

        await Expect(maya.Header.WhoAmI).ToHaveTextAsync("Maya Chen");
        await Expect(omar.Header.WhoAmI).ToHaveTextAsync("Omar Haddad");
        await maya.GotoAsync();
        await Expect(maya.Header.WhoAmI).ToHaveTextAsync("Maya Chen");
    });

    [Fact]
    public Task SigningOutEndsTheSession() => RunAsync(async () =>
    {
        var board = await SignInAsync(Page, "Maya Chen");

        await board.Header.SignOutAsync();
        await Page.GotoAsync(BoardPage.Path);

        await Expect(Page).ToHaveURLAsync(SignInUrl);
        await Expect(new SignInPage(Page).UserNameInput).ToBeVisibleAsync();
    });

    [Fact]
    public Task AdministrationPagesAreForAdministratorsOnly() => RunAsync(async () =>
    {
        var board = await SignInAsync(Page, "Maya Chen");
        await Expect(board.Heading).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);

        await Page.GotoAsync("/settings/users");

        await Expect(Page.GetByTestId("not-allowed")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("users")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task AnAdministratorCreatesAnAccountThatCanSignIn() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Ada Admin");
        await Page.GotoLiveAsync("/settings/users");
        await Page.GetByRole(AriaRole.Button, new() { Name = "New account" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog, new() { Name = "New account" });
        await dialog.GetByLabel("User name").FillAsync("new.responder");
        await dialog.GetByLabel("Display name").FillAsync("New Responder");
        await dialog.GetByLabel("First password").FillAsync("short");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(dialog.GetByText("Passwords must be at least 10 characters.")).ToBeVisibleAsync();
        await Expect(dialog.GetByLabel("Display name")).ToHaveValueAsync("New Responder");

        await dialog.GetByLabel("First password").FillAsync("a-long-enough-passphrase");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("users").Locator("[data-user='new.responder']")).ToBeVisibleAsync();

        var other = await NewPageAsync();
        var signIn = await new SignInPage(other).GotoAsync();
        var board = await signIn.SignInAsAsync("new.responder", "a-long-enough-passphrase");
        await Expect(board.Header.WhoAmI).ToHaveTextAsync("New Responder");
    });
}
