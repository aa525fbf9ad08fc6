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
        await Page.GotoLiveAsync($"/incidents/{InjectionKey}/scribe");
        var commander = await NewPageAsync();
        await SignInAsync(commander, "Maya Chen");
        await commander.GotoLiveAsync($"/incidents/{InjectionKey}");

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

    [Fact]
    public Task ASpaceTypedAfterATabCompletedMentionIsNotDoubled() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Tom Okafor");
        await Page.GotoLiveAsync($"/incidents/{InjectionKey}/scribe");

        var box = Page.GetByLabel("Timeline entry");
        await box.ClickAsync();
        await box.PressSequentiallyAsync("Asked @Pri");
        await Expect(Page.GetByTestId("mention-suggestions")).ToContainTextAsync("@PriyaRaman");
        await box.PressAsync("Tab");
        await box.PressSequentiallyAsync(" to check");

        await Expect(box).ToHaveValueAsync("Asked @PriyaRaman to check");
    });

    [Fact]
    public Task HappenedAtKeepsAFilledValueAndTheFocusStartsInTheEntryBox() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Tom Okafor");
        await Page.GotoLiveAsync($"/incidents/{InjectionKey}/scribe");

        await Expect(Page.GetByLabel("Timeline entry")).ToBeFocusedAsync();
        var when = Page.GetByLabel("Happened at (UTC, optional)");
        await when.FillAsync("2026-01-15T10:15");
        await when.BlurAsync();
        await Page.WaitForTimeoutAsync(500);

        await Expect(when).ToHaveValueAsync("2026-01-15T10:15");
    });

    [Fact]
    public Task OnAPhoneTheEntryBoxAndRecordAreNearTheTopAndNothingScrollsSideways() => RunAsync(async () =>
    {
        await Page.SetViewportSizeAsync(390, 844);
        await SignInAsync(Page, "Tom Okafor");
        await Page.GotoLiveAsync($"/incidents/{InjectionKey}/scribe");

        var record = Page.GetByRole(AriaRole.Button, new() { Name = "Record", Exact = true });
        var box = await Page.GetByLabel("Timeline entry").BoundingBoxAsync();
        var button = await record.BoundingBoxAsync();
        Assert.True(box!.Y + box.Height < 844, $"The entry box ends at {box.Y + box.Height} px.");
        Assert.True(button!.Y + button.Height < 844 && button.X + button.Width <= 390, $"Record sits at {button.X},{button.Y}.");
        var overflow = await Page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page scrolls {overflow} px sideways.");
    });
}
