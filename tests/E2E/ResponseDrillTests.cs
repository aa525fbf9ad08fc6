using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Tests.E2E.Infrastructure;
using CommandCenter.Tests.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommandCenter.Tests.E2E;

/// <summary>
/// Five people in five browsers run one prompt-injection incident, each from their own view: the Incident Commander
/// contains it, the Scribe, Communications Lead, Legal liaison and Leadership see every change live; Comms writes a
/// customer update, Legal approves it, it lands on the timeline; the GDPR clock starts when the IC records personal data
/// exposed; Leadership sees no control and a forced call is refused.
/// </summary>
public sealed class ResponseDrillTests(BrowserFixture browser, AppFixture app) : BrowserTest(browser, app), IClassFixture<AppFixture>
{
    private const string Commander = "Iris Commander";
    private const string Scribe = "Sol Scribe";
    private const string Comms = "Cam Comms";
    private const string Legal = "Lee Legal";
    private const string Leader = "Lin Leadership";

    [Fact]
    public Task FivePeopleRunAPromptInjectionIncidentEachFromTheirOwnView() => RunAsync(async () =>
    {
        // The IC declares and staffs the incident (through the API, as a chat-ops bot would).
        using var ic = await ApiAsAsync(Commander);
        var declared = await ic.PostAsJsonAsync("/api/incidents", new
        {
            title = "Assistant obeys instructions hidden in a community article",
            summary = "Retrieved help content tells the assistant to reveal other customers' order details.",
            severity = "SEV1",
            archetype = "prompt-injection",
            system = "support-assistant",
            takeCommand = true,
        });
        declared.EnsureSuccessStatusCode();
        var key = (await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        foreach (var (role, person) in new[] { ("scribe", Scribe), ("communications-lead", Comms), ("legal-liaison", Legal) })
        {
            await EnsureAccountAsync(person);
            (await ic.PostAsJsonAsync($"/api/incidents/{key}/roles", new { role, person })).EnsureSuccessStatusCode();
        }

        // Five browsers, five views.
        await SignInAsync(Page, Commander);
        var commander = await new WarRoomPage(Page).GotoAsync(key);
        var scribePage = await NewPageAsync();
        await SignInAsync(scribePage, Scribe);
        await OpenAsync(scribePage, $"/incidents/{key}/scribe");
        var commsPage = await NewPageAsync();
        await SignInAsync(commsPage, Comms);
        await OpenAsync(commsPage, $"/incidents/{key}/comms");
        var legalPage = await NewPageAsync();
        await SignInAsync(legalPage, Legal);
        await OpenAsync(legalPage, $"/incidents/{key}/legal");
        var leaderPage = await NewPageAsync();
        await SignInAsync(leaderPage, Leader, "leadership");
        await OpenAsync(leaderPage, "/status");
        var leaderRow = new StatusPage(leaderPage).Row(key);
        await Expect(leaderRow).ToContainTextAsync(Commander);

        // 1. The IC rolls the model back (no control webhook here: a manual checklist) and everyone sees Contained.
        var containment = new ContainmentPanel(Page);
        await containment.Action("Roll back model").ClickAsync();
        await containment.Reason.FillAsync("care-llm 2026.11.1 follows instructions in retrieved articles");
        await containment.ConfirmButton("Roll back model").ClickAsync();
        var steps = containment.Steps(containment.Latest);
        await Expect(steps.First).ToBeVisibleAsync();
        var count = await steps.CountAsync();
        for (var i = 0; i < count; i++)
        {
            await steps.Nth(i).CheckAsync();
            await Expect(steps.Nth(i)).ToBeDisabledAsync();
        }
        await Expect(commander.Status).ToHaveTextAsync("Contained");
        await Expect(scribePage.Locator("[data-testid=incident-head] [data-testid=status]")).ToHaveTextAsync("Contained");
        await Expect(scribePage.Locator("li.entry").Filter(new() { HasTextString = "First successful containment" })).ToBeVisibleAsync();
        await Expect(legalPage.Locator("[data-testid=incident-head] [data-testid=status]")).ToHaveTextAsync("Contained");
        await Expect(commsPage.Locator("[data-testid=incident-head] [data-testid=status]")).ToHaveTextAsync("Contained");
        await Expect(leaderRow).ToContainTextAsync("Contained");

        // 2. Leadership has no control anywhere, and a forced call is refused.
        await Expect(new StatusPage(leaderPage).ControlsThatChangeSomething).ToHaveCountAsync(0);
        using var leader = await ApiAsAsync(Leader, "leadership");
        var forced = await leader.PostAsJsonAsync($"/api/incidents/{key}/status", new { status = "resolved", reason = "Fixed and verified." });
        Assert.Equal(HttpStatusCode.Forbidden, forced.StatusCode);
        await Expect(commander.Status).ToHaveTextAsync("Contained");

        // 3. Comms drafts a customer update, Legal approves it in the Legal view, Comms sends it: it is on everyone's timeline.
        var comms = new UpdatesPanel(commsPage);
        await comms.WriteUpdate.ClickAsync();
        await comms.Audience.SelectOptionAsync("customers");
        await comms.WhatHappened.FillAsync("Our assistant repeated instructions planted in a help article.");
        await comms.WhatWeAreTesting.FillAsync("Whether any other article carries hidden text.");
        await comms.WhatWeAreDoing.FillAsync("The previous model is back in service and the article is removed.");
        await comms.WhatWeDontKnow.FillAsync("How many conversations were affected.");
        await comms.Button(comms.Composer, "Submit for Legal approval").ClickAsync();
        var sent = comms.UpdateWithText("Our assistant repeated instructions");
        await Expect(sent.GetByTestId("update-state")).ToHaveTextAsync("awaiting approval");

        var legalUpdates = new UpdatesPanel(legalPage);
        var toApprove = legalUpdates.UpdateWithText("Our assistant repeated instructions");
        await legalUpdates.Button(toApprove, "Approve").ClickAsync();
        await Expect(sent.GetByTestId("update-state")).ToHaveTextAsync("approved");
        await comms.Button(sent, "Mark sent").ClickAsync();
        await Expect(sent.GetByTestId("update-state")).ToHaveTextAsync("sent");
        await Expect(scribePage.Locator("li.entry").Filter(new() { HasTextString = "Update to customers sent" })).ToBeVisibleAsync();
        await Expect(commander.EntryWithText("Update to customers sent")).ToBeVisibleAsync();
        await Expect(legalPage.GetByTestId("notification-records")).ToContainTextAsync("Update to customers sent");

        // 4. The IC records personal data exposed: the GDPR clock runs in the Legal view.
        await Page.GetByLabel("Record a finding").SelectOptionAsync("PersonalDataBreach");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Start clock" }).ClickAsync();
        var gdpr = legalPage.Locator("[data-testid=clock][data-code=gdpr-art33]");
        await Expect(gdpr).ToContainTextAsync("GDPR Art. 33");
        await Expect(gdpr).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"(2d 23h|3d 0h) left"));
        await Expect(leaderRow).ToContainTextAsync("GDPR");
    });

    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoLiveAsync(path);
    }
}
