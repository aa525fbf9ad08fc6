using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using CommandCenter.Tests.E2E.Infrastructure;
using CommandCenter.Tests.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommandCenter.Tests.E2E;

/// <summary>The app with a short group wait, so candidates are judged within a test.</summary>
public sealed class DetectionAppFixture : AppFixture
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Database:SeedDemoData"] = "true",
        ["Detection:Grouping:GroupWait"] = "00:00:02",
    };
}

/// <summary>Signals posted over HTTP become live candidates; a responder promotes or dismisses them in the browser.</summary>
public sealed class DetectionTests(BrowserFixture browser, DetectionAppFixture app) : BrowserTest(browser, app), IClassFixture<DetectionAppFixture>
{
    private readonly DetectionAppFixture _app = app;

    private async Task<HttpClient> SenderAsync(string source)
    {
        var keys = await new ApiKeysPage(Page).GotoAsync();
        var secret = await keys.CreateAsync($"{source} (E2E)", source);
        var http = new HttpClient { BaseAddress = _app.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return http;
    }

    private static async Task PostAsync(HttpClient http, string path, string json)
    {
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static string Iso(DateTime time) => time.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    [Fact]
    public Task ABurstOfSignalsBecomesALiveCandidateWhosePromotionOpensAWarRoomShowingThePrecedingChange() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Priya Lead", "administrator");
        using var http = await SenderAsync("prometheus");
        await PostAsync(http, "/api/changes", $$"""
            {"system":"support-assistant","kind":"retrieval-index","summary":"Community help articles added to the knowledge index",
             "fromVersion":"kb-2026.11.20","toVersion":"kb-2026.11.24","author":"kb-sync","occurredAt":"{{Iso(DateTime.UtcNow.AddMinutes(-40))}}"}
            """);
        var candidates = await new CandidatesPage(Page).GotoAsync();
        await Expect(candidates.Candidates).ToHaveCountAsync(0);

        var burst = string.Join(",", Enumerable.Range(0, 25).Select(i =>
            $$"""{"system":"support-assistant","kind":"prompt-injection-hit","value":{{(0.02 + i / 1000.0).ToString(CultureInfo.InvariantCulture)}},"threshold":0.01,"labels":{"region":"eu-west","session":"s-{{i}}"},"summary":"Injection classifier hit on a billing question"}"""));
        await PostAsync(http, "/api/signals", $$"""{"signals":[{{burst}}]}""");

        var candidate = candidates.Candidate("Prompt injection suspected on Support assistant");
        await Expect(candidate).ToBeVisibleAsync();
        await Expect(candidate.GetByTestId("signal-count")).ToContainTextAsync("25 signal(s)");
        await Expect(candidate).ToContainTextAsync("SEV-3");
        await Expect(candidate).ToContainTextAsync("LLM01");
        await Expect(candidate).ToContainTextAsync("Waiting for your decision");
        await Expect(Page.GetByTestId("candidates-badge")).ToHaveTextAsync(new Regex(@"^[1-9]\d*$"));

        await candidates.ActAsync(candidate, "Promote to incident");
        await Expect(candidates.Dialog.GetByLabel("Incident title")).ToHaveValueAsync(new Regex("Prompt injection suspected"));
        await candidates.Dialog.GetByLabel("Incident title").FillAsync("Assistant obeys instructions hidden in community articles");
        await candidates.Dialog.GetByRole(AriaRole.Button, new() { Name = "Open incident" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex(@"/incidents/INC-\d{4}-\d{4}$"));
        var warRoom = new WarRoomPage(Page);
        await warRoom.WaitForLiveAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Assistant obeys instructions hidden in community articles" })).ToBeVisibleAsync();
        var snapshot = Page.GetByTestId("change-snapshot");
        await Expect(snapshot).ToContainTextAsync("Community help articles added to the knowledge index");
        await Expect(snapshot).ToContainTextAsync("before first signal");
        await Expect(Page.GetByTestId("anomalies")).ToContainTextAsync("prompt-injection-hit");
        await Expect(Page.GetByTestId("time-to-context")).ToBeVisibleAsync();
        await Expect(warRoom.EntryWithText("25 signal(s)")).ToBeVisibleAsync();
    });

    [Fact]
    public Task DismissingNeedsAReasonAndIsRecordedWithWhoDecided() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Lars Security", "administrator");
        using var http = await SenderAsync("moderation");
        var candidates = await new CandidatesPage(Page).GotoAsync();
        await PostAsync(http, "/api/signals", """{"system":"voice-concierge","kind":"toxicity-rate","value":0.03,"threshold":0.05,"labels":{"region":"us-east"}}""");
        var candidate = candidates.Candidate("Toxicity and abuse suspected on Voice booking concierge");
        await Expect(candidate).ToBeVisibleAsync();

        await candidates.ActAsync(candidate, "Dismiss");
        await candidates.Dialog.GetByRole(AriaRole.Button, new() { Name = "Dismiss as false positive" }).ClickAsync();
        await Expect(candidates.Dialog.GetByText("Reason is required.")).ToBeVisibleAsync();
        await candidates.Dialog.GetByLabel("Why is this not an incident?").FillAsync("Red-team exercise traffic");
        await candidates.Dialog.GetByRole(AriaRole.Button, new() { Name = "Dismiss as false positive" }).ClickAsync();

        var decided = candidates.Decided.Filter(new() { HasTextString = "Voice booking concierge" });
        await Expect(decided).ToContainTextAsync("Dismissed");
        await Expect(decided).ToContainTextAsync("Red-team exercise traffic");
        await Expect(decided).ToContainTextAsync("Lars Security");
        await Expect(candidate).ToHaveCountAsync(0);
    });
}
