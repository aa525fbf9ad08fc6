using System.Net.Http.Json;
using CommandCenter.Tests.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommandCenter.Tests.E2E;

/// <summary>The leadership status board: every active incident, nothing to click that changes anything, live.</summary>
public sealed class StatusBoardTests(BrowserFixture browser, AppFixture app) : BrowserTest(browser, app), IClassFixture<AppFixture>
{
    [Fact]
    public Task ShowsEveryActiveIncidentReadOnlyAndLive() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Leah Leadership", "leadership");
        await Page.GotoAsync("/status");
        await Expect(Page.Locator(".shell[data-interactive=true]")).ToBeAttachedAsync();
        var year = DateTime.UtcNow.Year;

        await Expect(Page.Locator($"[data-testid=status-row][data-key=INC-{year}-0002]")).ToContainTextAsync("Sam Rivera");
        await Expect(Page.Locator("main button, main input, main select, main textarea")).ToHaveCountAsync(0);

        using var http = await ApiAsAsync("Ana Diaz");
        var response = await http.PostAsJsonAsync("/api/incidents", new
        {
            title = "Voice concierge books appointments on closed days", summary = "", severity = "SEV3", archetype = "misinformation",
            system = "voice-concierge",
        });
        response.EnsureSuccessStatusCode();

        await Expect(Page.GetByTestId("status-row").Filter(new() { HasTextString = "books appointments on closed days" })).ToBeVisibleAsync();
    });
}
