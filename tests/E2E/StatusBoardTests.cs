using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CommandCenter.Tests.E2E.Infrastructure;
using CommandCenter.Tests.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace CommandCenter.Tests.E2E;

/// <summary>The leadership status board: Leadership's home, every active incident, nothing that changes anything, live.</summary>
public sealed class StatusBoardTests(BrowserFixture browser, AppFixture app) : BrowserTest(browser, app), IClassFixture<AppFixture>
{
    [Fact]
    public Task ShowsEveryActiveIncidentReadOnlyAndLive() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Leah Leadership", "leadership");
        var status = await new StatusPage(Page).GotoAsync();
        var year = DateTime.UtcNow.Year;

        await Expect(status.Row($"INC-{year}-0002")).ToContainTextAsync("Sam Rivera");
        await Expect(status.Row($"INC-{year}-0003")).ToContainTextAsync("No commander");
        await Expect(status.ControlsThatChangeSomething).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Declare incident" })).ToHaveCountAsync(0);

        using var http = await ApiAsAsync("Ana Diaz");
        var response = await http.PostAsJsonAsync("/api/incidents", new
        {
            title = "Voice concierge books appointments on closed days", summary = "", severity = "SEV3", archetype = "misinformation",
            system = "voice-concierge",
        });
        response.EnsureSuccessStatusCode();

        await Expect(status.Rows.Filter(new() { HasTextString = "books appointments on closed days" })).ToBeVisibleAsync();
        await Expect(status.ControlsThatChangeSomething).ToHaveCountAsync(0);
    });

    [Fact]
    public Task LeadershipLandsOnTheStatusBoardAndRespondersOnTheIncidentBoard() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Lina Leadership", "leadership");

        await Expect(Page).ToHaveURLAsync(new Regex("/status$"));
        await Expect(new StatusPage(Page).Heading).ToBeVisibleAsync();
        await Page.GotoAsync(BoardPage.Path);
        await Expect(Page).ToHaveURLAsync(new Regex("/status$"));

        var responder = await SignInAsNewPersonAsync("Rita Responder");
        await Expect(responder.Heading).ToBeVisibleAsync();
        await Expect(responder.Page).ToHaveURLAsync(new Regex(@"/$"));
    });

    [Fact]
    public Task TheBoardAndStatusPagesNeverScrollSidewaysOnAPhone() => RunAsync(async () =>
    {
        await Page.SetViewportSizeAsync(390, 844);
        var board = await SignInAsync(Page, "Pia Phone");
        await Expect(board.Heading).ToBeVisibleAsync();
        using var http = await ApiAsAsync("Ana Diaz");
        (await http.PostAsJsonAsync("/api/incidents", new
        {
            title = "Refund agent approves refunds for orders that were never delivered to the customer's registered address",
            summary = "", severity = "SEV2", archetype = "agentic-misalignment", system = "refund-agent",
        })).EnsureSuccessStatusCode();

        foreach (var path in new[] { "/", "/status", "/candidates", "/systems", "/systems/support-assistant" })
        {
            await Page.GotoLiveAsync(path);
            await Expect(Page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            var (scrollWidth, clientWidth) = await SizesAsync();
            Assert.True(scrollWidth <= clientWidth, $"{path} scrolls sideways: {scrollWidth} px of content in {clientWidth} px");
        }
        await Page.GotoAsync("/");
        var title = board.Row("never delivered").Locator(".incident-title");
        await Expect(title).ToBeVisibleAsync();
        Assert.True(await title.EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth && getComputedStyle(e).textOverflow !== 'ellipsis'"),
            "the title wraps instead of being cut");
        Assert.Contains("registered address", await title.InnerTextAsync());
    });

    private async Task<(int ScrollWidth, int ClientWidth)> SizesAsync()
    {
        var sizes = await Page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        return (sizes[0], sizes[1]);
    }
}
