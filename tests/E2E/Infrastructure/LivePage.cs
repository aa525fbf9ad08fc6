using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Infrastructure;

/// <summary>
/// Pages are prerendered: their buttons show before the circuit is up, and a click in that gap is lost. On a busy
/// machine the gap lasts seconds, so a test that navigates and then clicks waits here first.
/// </summary>
public static class LivePage
{
    /// <summary>Navigates to <paramref name="url"/> and waits until the page handles clicks and keys.</summary>
    public static async Task GotoLiveAsync(this IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.WaitForLiveAsync();
    }

    /// <summary>Reloads and waits until the page handles clicks and keys.</summary>
    public static async Task ReloadLiveAsync(this IPage page)
    {
        await page.ReloadAsync();
        await page.WaitForLiveAsync();
    }

    /// <summary>Waits for the layout's interactive marker, set once the circuit renders it.</summary>
    public static Task WaitForLiveAsync(this IPage page) =>
        Assertions.Expect(page.Locator(".shell[data-interactive=true]")).ToBeAttachedAsync();
}
