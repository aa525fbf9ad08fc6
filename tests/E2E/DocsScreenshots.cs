using CommandCenter.Tests.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommandCenter.Tests.E2E;

/// <summary>
/// The README's pictures of the war room, scribe and legal views (light, dark, desktop, phone). Runs only when
/// CC_SCREENSHOTS names a folder: <c>CC_SCREENSHOTS=docs/images dotnet test tests/E2E --filter DocsScreenshots</c>.
/// </summary>
public sealed class DocsScreenshots(BrowserFixture browser, AppFixture app) : BrowserTest(browser, app), IClassFixture<AppFixture>
{
    private static readonly string InjectionKey = $"INC-{DateTime.UtcNow.Year}-0001";

    [Fact]
    public Task TakesTheReadmePictures() => RunAsync(async () =>
    {
        if (Environment.GetEnvironmentVariable("CC_SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }
        Directory.CreateDirectory(folder);
        await SignInAsync(Page, "Maya Chen");

        await ShootAsync($"/incidents/{InjectionKey}", 1440, 900, Path.Combine(folder, "war-room.png"));
        await ShootAsync($"/incidents/{InjectionKey}/scribe", 1440, 900, Path.Combine(folder, "scribe.png"));
        await ShootAsync($"/incidents/{InjectionKey}/legal", 1440, 900, Path.Combine(folder, "legal.png"));
        await ShootAsync($"/incidents/{InjectionKey}", 390, 844, Path.Combine(folder, "war-room-phone.png"));
        await ShootAsync($"/incidents/{InjectionKey}/scribe", 390, 844, Path.Combine(folder, "scribe-phone.png"));

        await Page.SetViewportSizeAsync(1440, 900);
        await Page.GotoAsync($"/incidents/{InjectionKey}");
        await Expect(Page.Locator(".shell[data-interactive=true]")).ToBeAttachedAsync();
        await Page.GetByTestId("theme-toggle").ClickAsync();
        await Page.Mouse.MoveAsync(700, 880);
        await Page.WaitForTimeoutAsync(800);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "war-room-dark.png") });
        await Page.GetByTestId("theme-toggle").ClickAsync();
    });

    private async Task ShootAsync(string path, int width, int height, string file)
    {
        await Page.SetViewportSizeAsync(width, height);
        await Page.GotoAsync(path);
        await Expect(Page.Locator(".shell[data-interactive=true]")).ToBeAttachedAsync();
        await Expect(Page.GetByTestId("incident-key")).ToBeVisibleAsync();
        await Page.WaitForTimeoutAsync(800);
        await Page.ScreenshotAsync(new() { Path = file });
    }
}
