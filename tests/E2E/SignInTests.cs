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
        await Expect(new SignInPage(Page).NameInput).ToBeVisibleAsync();
        await Expect(new AppHeader(Page).WhoAmI).ToHaveCountAsync(0);
    });

    [Fact]
    public Task SigningInAfterTheRedirectReturnsToTheBoard() => RunAsync(async () =>
    {
        await Page.GotoAsync(BoardPage.Path);
        var signIn = new SignInPage(Page);
        await Expect(signIn.NameInput).ToBeVisibleAsync();

        var board = await signIn.SignInAsAsync("Maya Chen");

        Assert.Equal(BoardPage.Title, await board.HeadingAsync());
        Assert.Equal(App.BaseUrl.AbsoluteUri, Page.Url);
    });

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public Task SubmittingAnEmptyNameShowsAnErrorAndStaysOnSignIn(string name) => RunAsync(async () =>
    {
        var signIn = await new SignInPage(Page).GotoAsync();

        await signIn.SubmitAsync(name);

        await Expect(signIn.Error).ToHaveTextAsync("Enter the name your team knows you by.");
        await Expect(signIn.NameInput).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Page).ToHaveURLAsync(SignInUrl);
        await Expect(new AppHeader(Page).WhoAmI).ToHaveCountAsync(0);
    });

    [Fact]
    public Task SigningInShowsTheNameInTheHeader() => RunAsync(async () =>
    {
        var board = await SignInAsync(Page, "  Maya Chen ");

        await Expect(board.Header.WhoAmI).ToHaveTextAsync("Maya Chen");
        await Expect(board.Heading).ToBeVisibleAsync();
    });

    [Fact]
    public Task SigningInShowsMarkupInANameAsText() => RunAsync(async () =>
    {
        var board = await SignInAsync(Page, "<b>Mallory</b>");

        await Expect(board.Header.WhoAmI).ToHaveTextAsync("<b>Mallory</b>");
        await Expect(board.Header.WhoAmI.Locator("b")).ToHaveCountAsync(0);
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
    public Task SwitchingPersonSignsOutAndAsksForAName() => RunAsync(async () =>
    {
        var board = await SignInAsync(Page, "Maya Chen");

        await board.Header.SwitchPersonAsync();
        await Page.GotoAsync(BoardPage.Path);

        await Expect(Page).ToHaveURLAsync(SignInUrl);
        await Expect(new SignInPage(Page).NameInput).ToBeVisibleAsync();
    });
}
