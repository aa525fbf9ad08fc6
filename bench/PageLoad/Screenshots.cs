using System.Text.Json;
using Microsoft.Playwright;

/// <summary>
/// The README's pictures, taken with the page-load harness (the app's build output, fresh database, demo data, headless
/// Chromium), so anyone can retake them after changing a screen: light and dark, desktop (1440x900) and phone (390x844).
/// </summary>
internal static class Screenshots
{
    public static async Task TakeAsync(IPage page, string folder, int year)
    {
        Directory.CreateDirectory(folder);
        var injection = $"/incidents/INC-{year}-0001";
        var past = await PastIncidentAsync(page);
        var exercise = await RunExerciseAsync(page);

        (string Path, string File, int Width, int Height)[] shots =
        [
            ("/", "board.png", 1440, 900),
            (injection, "war-room.png", 1440, 900),
            (injection, "war-room-phone.png", 390, 844),
            ($"{injection}/scribe", "scribe.png", 1440, 900),
            ($"{injection}/scribe", "scribe-phone.png", 390, 844),
            ($"{injection}/legal", "legal.png", 1440, 900),
            ($"{injection}/evidence", "evidence.png", 1440, 900),
            ("/systems/support-assistant", "system.png", 1440, 900),
            ("/status", "status.png", 1440, 900),
            ("/actions", "actions.png", 1440, 900),
            ("/metrics", "metrics.png", 1440, 900),
            ("/search?q=discount", "search.png", 1440, 900),
        ];
        foreach (var (path, file, width, height) in shots)
        {
            await ShootAsync(page, path, width, height, Path.Combine(folder, file));
        }
        if (past is not null)
        {
            await ShootAsync(page, $"/incidents/{past}/postmortem", 1440, 900, Path.Combine(folder, "postmortem.png"));
        }
        await ShootAsync(page, "/exercises", 1440, 900, Path.Combine(folder, "exercises.png"));
        await ShootAsync(page, $"/exercises/{exercise}/facilitate", 1440, 900, Path.Combine(folder, "exercise-console.png"));
        await ShootAsync(page, $"/exercises/{exercise}/review", 1440, 900, Path.Combine(folder, "exercise-review.png"));

        await ShootScenarioEditorAsync(page, Path.Combine(folder, "scenario-editor.png"));

        await page.GetByTestId("theme-toggle").ClickAsync();
        await ShootAsync(page, injection, 1440, 900, Path.Combine(folder, "war-room-dark.png"));
        await ShootAsync(page, injection, 390, 844, Path.Combine(folder, "war-room-phone-dark.png"));
        await page.GetByTestId("theme-toggle").ClickAsync();
        Console.WriteLine($"Wrote {shots.Length + (past is null ? 6 : 7)} pictures to {Path.GetFullPath(folder)}.");
    }

    private static async Task ShootAsync(IPage page, string path, int width, int height, string file)
    {
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync(path);
        await page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        // Charts animate and MudBlazor fades popovers in: let them settle before the picture.
        await page.WaitForTimeoutAsync(1_000);
        await page.ScreenshotAsync(new() { Path = file });
        Console.WriteLine($"  {file}");
    }

    /// <summary>The scenario editor as the demo administrator sees it, whole page (it is long), in a context of its own.</summary>
    private static async Task ShootScenarioEditorAsync(IPage page, string file)
    {
        await using var context = await page.Context.Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = new Uri(page.Url).GetLeftPart(UriPartial.Authority),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        var admin = await context.NewPageAsync();
        await admin.GotoAsync("/signin");
        await admin.GetByLabel("User name").FillAsync("admin");
        await admin.GetByLabel("Password").FillAsync("war-room-demo");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await admin.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
        await admin.GotoAsync("/exercises/scenarios/refund-policy-invented");
        await admin.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Edit scenario" }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add expectation" }).WaitForAsync();
        await admin.WaitForTimeoutAsync(1_000);
        await admin.ScreenshotAsync(new() { Path = file, FullPage = true });
        Console.WriteLine($"  {file}");
    }

    /// <summary>
    /// Opens the first scenario as an exercise, starts it and releases its first two injects (as the signed-in facilitator,
    /// through the API with the page's cookie), so the console and the review have something to show. Returns its id.
    /// </summary>
    private static async Task<int> RunExerciseAsync(IPage page)
    {
        var origin = new Dictionary<string, string> { ["Origin"] = new Uri(page.Context.Pages[0].Url).GetLeftPart(UriPartial.Authority) };
        using var scenarios = JsonDocument.Parse(await (await page.APIRequest.GetAsync("/api/exercises/scenarios")).TextAsync());
        var scenario = scenarios.RootElement[0].GetProperty("slug").GetString();
        var opened = await page.APIRequest.PostAsync("/api/exercises", new() { DataObject = new { scenario }, Headers = origin });
        using var exercise = JsonDocument.Parse(await opened.TextAsync());
        var id = exercise.RootElement.GetProperty("id").GetInt32();
        await page.APIRequest.PostAsync($"/api/exercises/{id}/start", new() { Headers = origin });
        for (var i = 0; i < 2; i++)
        {
            await page.APIRequest.PostAsync($"/api/exercises/{id}/release", new() { DataObject = new { }, Headers = origin });
        }
        return id;
    }

    /// <summary>A closed demo incident from the year of history (it has a postmortem), or null without history.</summary>
    private static async Task<string?> PastIncidentAsync(IPage page)
    {
        var response = await page.APIRequest.GetAsync("/api/incidents?status=closed");
        if (!response.Ok)
        {
            return null;
        }
        using var list = JsonDocument.Parse(await response.TextAsync());
        return list.RootElement.EnumerateArray().Select(i => i.GetProperty("key").GetString()).FirstOrDefault();
    }
}
