using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using CommandCenter.Tests.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommandCenter.Tests.E2E;

/// <summary>The demo app with loopback webhook targets allowed, so a receiver on this machine can prove nobody called it.</summary>
public sealed class ExerciseAppFixture : AppFixture
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Database:SeedDemoData"] = "true",
        ["Containment:AllowPrivateWebhookTargets"] = "true",
    };
}

/// <summary>
/// Five people in five browsers run a tabletop exercise end to end: the facilitator starts it and releases injects, a
/// signal inject arrives through ingestion as a candidate, the IC and Legal answer timed decisions, Communications misses
/// one, the review shows it all, and nothing real was touched.
/// </summary>
public sealed class ExerciseTests(BrowserFixture browser, ExerciseAppFixture app) : BrowserTest(browser, app), IClassFixture<ExerciseAppFixture>
{
    [Fact]
    public Task FivePeopleRunAnExerciseEndToEndAndNothingRealIsTouched() => RunAsync(async () =>
    {
        using var receiver = new HttpListener();
        var port = FreePort();
        receiver.Prefixes.Add($"http://127.0.0.1:{port}/");
        receiver.Start();
        var calls = 0;
        _ = Task.Run(async () =>
        {
            while (receiver.IsListening)
            {
                try
                {
                    var context = await receiver.GetContextAsync();
                    Interlocked.Increment(ref calls);
                    context.Response.StatusCode = 200;
                    context.Response.Close();
                }
                catch (HttpListenerException)
                {
                    return;
                }
            }
        });
        var admin = await ApiAsAsync("Ada Admin", "administrator");
        (await admin.PutAsJsonAsync("/api/systems/support-assistant/control",
            new { url = $"http://127.0.0.1:{port}/contain", secret = "e2e-exercise-control-secret" })).EnsureSuccessStatusCode();
        var metricsBefore = await MetricsAsync(admin);

        // Lars facilitates: starts the refund scenario from the library.
        await SignInAsync(Page, "Lars Jensen");
        await Page.GotoLiveAsync("/exercises");
        await Page.Locator("[data-testid=start-scenario]").Nth(await ScenarioIndexAsync(Page, "refund-policy-invented")).ClickAsync();
        await Expect(Page.GetByTestId("facilitator-console")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("exercise-banner")).ToContainTextAsync("EXERCISE");
        var key = (await Page.Locator(".crumbs a[href^='/incidents/EX-']").GetAttributeAsync("href"))!["/incidents/".Length..];

        // Maya takes command and staffs the roster; Priya, Noor and Tom join in their own browsers.
        var maya = await ApiAsAsync("Maya Chen");
        foreach (var (role, person) in new[] { ("incident-commander", "Maya Chen"), ("legal-liaison", "Priya Raman"), ("communications-lead", "Noor Haddad"), ("scribe", "Tom Okafor") })
        {
            (await maya.PostAsJsonAsync($"/api/incidents/{key}/roles", new { role, person })).EnsureSuccessStatusCode();
        }
        var mayaPage = await WarRoomAsync("Maya Chen", key);
        var priyaPage = await WarRoomAsync("Priya Raman", key);
        var noorPage = await WarRoomAsync("Noor Haddad", key);
        var tomPage = await NewPageAsync();
        await SignInAsync(tomPage, "Tom Okafor");
        await tomPage.GotoLiveAsync("/");
        await Expect(tomPage.Locator($"[data-testid=incident-row][data-key='{key}'] [data-testid=exercise-badge]")).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Run at 10 times speed" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Start exercise" }).ClickAsync();
        await Expect(Page.GetByTestId("exercise-state")).ToHaveTextAsync("running");

        // The T+0 inject is released by the server: its signal arrives through ingestion as a candidate.
        await Expect(Page.Locator("[data-testid=console-inject][data-inject=first-report]")).ToHaveAttributeAsync("data-released", "true");
        await WaitForAsync(async () => (await maya.GetFromJsonAsync<JsonElement>("/api/candidates")).EnumerateArray()
            .Any(c => c.GetProperty("source").GetString() == "exercise"));
        await tomPage.GotoLiveAsync("/candidates");
        await Expect(tomPage.GetByText("Support assistant").First).ToBeVisibleAsync();

        // The IC answers the containment decision in the war room.
        var mayaDecision = mayaPage.Locator("[data-testid=answer-form][data-inject=first-report]");
        await mayaDecision.GetByText("Turn off refund answers now").ClickAsync();
        await mayaDecision.GetByLabel("Reasoning").FillAsync("Customers are being promised money we will not pay.");
        await mayaDecision.GetByRole(AriaRole.Button, new() { Name = "Record decision" }).ClickAsync();
        await Expect(mayaPage.Locator("[data-testid=inject-decision]").First).ToHaveAttributeAsync("data-state", "on-time");

        // Legal gets its own inject; without reasoning the answer is refused with a field error.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Release inject legal-question now" }).ClickAsync();
        var legal = priyaPage.Locator("[data-testid=answer-form][data-inject=legal-question]");
        await legal.GetByText("Honour case by case").ClickAsync();
        await legal.GetByRole(AriaRole.Button, new() { Name = "Record decision" }).ClickAsync();
        await Expect(legal).ToContainTextAsync("Reasoning is required");
        await legal.GetByLabel("Reasoning").FillAsync("Only promises a customer relied on should bind us.");
        await legal.GetByRole(AriaRole.Button, new() { Name = "Record decision" }).ClickAsync();
        await Expect(priyaPage.Locator("[data-testid=inject][data-inject=legal-question] [data-testid=inject-decision]")).ToHaveAttributeAsync("data-state", "on-time");
        await Expect(mayaPage.Locator("[data-testid=inject][data-inject=legal-question]")).ToHaveCountAsync(0);

        // Communications is asked too, and does not answer before the facilitator finishes.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Release inject customer-count now" }).ClickAsync();
        await Expect(noorPage.Locator("[data-testid=answer-form][data-inject=customer-count]")).ToBeVisibleAsync();
        (await maya.PostAsJsonAsync($"/api/incidents/{key}/containment", new { action = "disable-feature", reason = "Drill" })).EnsureSuccessStatusCode();
        await Page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "exercise-console.png"), FullPage = true });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Finish" }).ClickAsync();
        await Expect(Page.GetByTestId("exercise-state")).ToHaveTextAsync("finished");

        // The review: decision times, the missed one; an action item and the follow-up.
        var id = Page.Url.Split('/')[^2];
        await Page.GotoLiveAsync($"/exercises/{id}/review");
        await Expect(Page.GetByTestId("decision-outcome")).ToHaveCountAsync(3);
        await Expect(Page.GetByTestId("review-decisions")).ToContainTextAsync("missed");
        await Expect(Page.GetByTestId("review-decisions")).ToContainTextAsync("Customers are being promised money");
        var lars = await ApiAsAsync("Lars Jensen");
        (await lars.PostAsJsonAsync($"/api/exercises/{id}/review/action-items", new
        {
            title = "Give Communications a standing answer for refund questions", kind = "process", owner = "noor",
            dueDate = DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd"), priority = "high",
        })).EnsureSuccessStatusCode();
        (await lars.PostAsJsonAsync($"/api/exercises/{id}/review/follow-up", new { date = DateTime.UtcNow.AddDays(45).ToString("yyyy-MM-dd") })).EnsureSuccessStatusCode();
        await Expect(Page.GetByTestId("review-action-items")).ToContainTextAsync("standing answer");
        await Page.ReloadLiveAsync();
        await Expect(Page.GetByTestId("review-followup")).ToHaveTextAsync(DateTime.UtcNow.AddDays(45).ToString("yyyy-MM-dd"));
        await Page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "exercise-review.png"), FullPage = true });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Dark theme" }).ClickAsync();
        await Page.SetViewportSizeAsync(390, 844);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "exercise-review-dark-390.png"), FullPage = false });
        await mayaPage.SetViewportSizeAsync(390, 844);
        await mayaPage.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "exercise-warroom-390.png"), FullPage = false });

        // Nothing real: no webhook call, production metrics unchanged, exercise frequency +1.
        Assert.Equal(0, Volatile.Read(ref calls));
        var metricsAfter = await MetricsAsync(admin);
        Assert.Equal(metricsBefore["incidents-per-quarter"], metricsAfter["incidents-per-quarter"]);
        Assert.Equal(metricsBefore["mttc"], metricsAfter["mttc"]);
        Assert.Equal(metricsBefore["exercise-frequency"] + 1, metricsAfter["exercise-frequency"]);
    });

    private async Task<IPage> WarRoomAsync(string person, string key)
    {
        var page = await NewPageAsync();
        await SignInAsync(page, person);
        await page.GotoLiveAsync($"/incidents/{key}");
        await Expect(page.GetByTestId("exercise-banner")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("exercise-injects")).ToBeVisibleAsync();
        return page;
    }

    private static async Task<int> ScenarioIndexAsync(IPage page, string slug)
    {
        await Expect(page.Locator("[data-testid=scenario-row]").First).ToBeVisibleAsync();
        var slugs = await page.Locator("[data-testid=scenario-row]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.slug)");
        return Array.IndexOf(slugs, slug);
    }

    /// <summary>Each metric's sample size (how many incidents, candidates or exercises it counted).</summary>
    private static async Task<Dictionary<string, int>> MetricsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/metrics")).GetProperty("values").EnumerateArray()
            .ToDictionary(v => v.GetProperty("code").GetString()!, v => v.GetProperty("sample").GetInt32());

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++)
        {
            await Task.Delay(100);
        }
        Assert.True(await condition());
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
