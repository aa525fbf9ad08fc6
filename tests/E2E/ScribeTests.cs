using CommandCenter.Tests.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommandCenter.Tests.E2E;

public sealed class ScribeTests(BrowserFixture browser, AppFixture app) : BrowserTest(browser, app), IClassFixture<AppFixture>
{
    private static readonly string InjectionKey = $"INC-{DateTime.UtcNow.Year}-0001";

    [Fact]
    public Task TheScribeMentionsAndTagsFromTheKeyboardAndTheCommanderSeesItLive() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Tom Okafor");
        await Page.GotoAsync($"/incidents/{InjectionKey}/scribe");
        await Expect(Page.Locator(".shell[data-interactive=true]")).ToBeAttachedAsync();
        var commander = await NewPageAsync();
        await SignInAsync(commander, "Maya Chen");
        await commander.GotoAsync($"/incidents/{InjectionKey}");
        await Expect(commander.Locator(".shell[data-interactive=true]")).ToBeAttachedAsync();

        var box = Page.GetByLabel("Timeline entry");
        await box.ClickAsync();
        await box.PressSequentiallyAsync("Asked @Pri");
        await Expect(Page.GetByTestId("mention-suggestions")).ToContainTextAsync("@PriyaRaman");
        await box.PressAsync("Tab");
        await box.PressSequentiallyAsync("to confirm the filter holds");
        await Page.GetByRole(AriaRole.Button, new() { Name = "#hypothesis" }).ClickAsync();
        await Expect(box).ToHaveValueAsync("Asked @PriyaRaman to confirm the filter holds #hypothesis ");
        await box.PressAsync("Alt+2");
        await box.PressAsync("Enter");

        await Expect(box).ToHaveValueAsync("");
        var entry = commander.Locator("li.entry").Filter(new() { HasTextString = "Asked @PriyaRaman to confirm the filter holds #hypothesis" });
        await Expect(entry).ToContainTextAsync("Decision");
        await Expect(entry).ToContainTextAsync("Tom Okafor");
    });

    [Fact]
    public Task LeadershipFollowsTheScribeViewWithoutAComposer() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Alex Morgan");
        await Page.GotoAsync($"/incidents/{InjectionKey}/scribe");

        await Expect(Page.GetByTestId("read-only")).ToBeVisibleAsync();
        await Expect(Page.GetByLabel("Timeline entry")).ToHaveCountAsync(0);
    });
}
