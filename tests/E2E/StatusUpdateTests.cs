using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Tests.E2E.Infrastructure;
using CommandCenter.Tests.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommandCenter.Tests.E2E;

/// <summary>
/// Three people in three browsers: the Communications Lead writes a customer update, the Legal liaison approves it from
/// the approval queue, the Communications Lead marks it sent, and the Incident Commander sees it land on the timeline.
/// </summary>
public sealed class StatusUpdateTests(BrowserFixture browser, AppFixture app) : BrowserTest(browser, app), IClassFixture<AppFixture>
{
    private const string Commander = "Ivy Commander";
    private const string Comms = "Cora Comms";
    private const string Legal = "Leo Legal";

    private async Task<string> IncidentWithRolesAsync()
    {
        var commander = await ApiAsAsync(Commander);
        var response = await commander.PostAsJsonAsync("/api/incidents", new
        {
            title = "Assistant hands out invalid discount codes",
            summary = "Hidden text in a community article makes the assistant offer discount codes.",
            severity = "SEV1",
            archetype = "prompt-injection",
            system = "support-assistant",
            takeCommand = true,
        });
        response.EnsureSuccessStatusCode();
        var key = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        foreach (var (role, person) in new[] { ("communications-lead", Comms), ("legal-liaison", Legal) })
        {
            await EnsureAccountAsync(person);
            (await commander.PostAsJsonAsync($"/api/incidents/{key}/roles", new { role, person })).EnsureSuccessStatusCode();
        }
        return key;
    }

    [Fact]
    public Task ACustomerUpdateIsApprovedByLegalAndLandsOnTheTimelineWhenSent() => RunAsync(async () =>
    {
        var key = await IncidentWithRolesAsync();

        await SignInAsync(Page, Comms);
        await new WarRoomPage(Page).GotoAsync(key);
        var comms = new UpdatesPanel(Page);
        await Expect(comms.Clock("customers")).ToContainTextAsync("due in");
        await comms.WriteUpdate.ClickAsync();
        await comms.Audience.SelectOptionAsync("customers");
        // A customer draft says what happened in plain words, never the internal summary or notes.
        await Expect(comms.WhatHappened).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("has been affected by crafted input"));
        await Expect(comms.WhatHappened).Not.ToHaveValueAsync(new System.Text.RegularExpressions.Regex("Hidden text"));
        await comms.WhatHappened.FillAsync("Our assistant offered discount codes that are not valid.");
        await comms.WhatWeAreTesting.FillAsync("Whether one community article is the only source.");
        await comms.WhatWeAreDoing.FillAsync("The article is hidden and the codes are voided.");
        await comms.Button(comms.Composer, "Submit for Legal approval").ClickAsync();
        var commsItem = comms.UpdateWithText("Our assistant offered discount codes");
        await Expect(commsItem.GetByTestId("update-state")).ToHaveTextAsync("awaiting approval");

        var legalPage = await NewPageAsync();
        await SignInAsync(legalPage, Legal);
        var approvals = await new ApprovalsPage(legalPage).GotoAsync();
        var pending = approvals.ItemFor(key);
        await Expect(pending).ToContainTextAsync("Our assistant offered discount codes that are not valid.");
        await pending.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(pending).ToHaveCountAsync(0);

        await Expect(commsItem.GetByTestId("update-state")).ToHaveTextAsync("approved");
        await Expect(commsItem.GetByTestId("update-approver")).ToContainTextAsync(Legal);

        var commanderPage = await NewPageAsync();
        await SignInAsync(commanderPage, Commander);
        var commander = await new WarRoomPage(commanderPage).GotoAsync(key);
        await comms.Button(commsItem, "Mark sent").ClickAsync();

        await Expect(commander.EntryWithText("Update to customers sent: Our assistant offered discount codes that are not valid")).ToBeVisibleAsync();
        await Expect(new UpdatesPanel(commanderPage).UpdateWithText("Our assistant offered").GetByTestId("update-state")).ToHaveTextAsync("sent");
        await Expect(commsItem.GetByTestId("update-state")).ToHaveTextAsync("sent");
    });

    [Fact]
    public Task OnlyTheLegalLiaisonSeesApproveAndLeadershipOnlyReads() => RunAsync(async () =>
    {
        var key = await IncidentWithRolesAsync();
        var comms = await ApiAsAsync(Comms);
        var draft = await comms.PostAsJsonAsync($"/api/incidents/{key}/updates", new
        {
            audience = "regulators",
            whatHappened = "A model answered with another customer's order history.",
            whatWeAreTesting = "Whether the cache is shared.",
            whatWeAreDoing = "Cache disabled.",
            whatWeDontKnow = "How many customers were affected.",
            nextUpdateAt = DateTimeOffset.UtcNow.AddMinutes(30),
        });
        draft.EnsureSuccessStatusCode();
        var id = (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        (await comms.PostAsJsonAsync($"/api/incidents/{key}/updates/{id}/submit", new { })).EnsureSuccessStatusCode();

        await SignInAsync(Page, Commander);
        await new WarRoomPage(Page).GotoAsync(key);
        var commander = new UpdatesPanel(Page);
        var item = commander.UpdateWithText("another customer's order history");
        await Expect(item.GetByTestId("update-state")).ToHaveTextAsync("awaiting approval");
        await Expect(commander.Button(item, "Approve")).ToHaveCountAsync(0);

        var leaderPage = await NewPageAsync();
        await SignInAsync(leaderPage, "Lee Leadership", "leadership");
        await new WarRoomPage(leaderPage).GotoAsync(key);
        var leader = new UpdatesPanel(leaderPage);
        await Expect(leader.UpdateWithText("another customer's order history")).ToBeVisibleAsync();
        await Expect(leader.Clock("customers")).ToBeVisibleAsync();
        await Expect(leader.WriteUpdate).ToHaveCountAsync(0);
        await Expect(leader.Root.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        // The Legal queue: the commander is told who approves; leadership reads it with nothing to press.
        var commanderQueue = (await new ApprovalsPage(Page).GotoAsync()).ItemFor(key);
        await Expect(commanderQueue).ToContainTextAsync("another customer's order history");
        await Expect(commanderQueue).ToContainTextAsync($"Only {Legal} can approve this.");
        await Expect(commanderQueue.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        var leaderQueue = await new ApprovalsPage(leaderPage).GotoAsync();
        await Expect(leaderQueue.ItemFor(key)).ToContainTextAsync("another customer's order history");
        await Expect(leaderQueue.Grid.GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToHaveCountAsync(0);
        await Expect(leaderQueue.Grid.GetByRole(AriaRole.Button, new() { Name = "Reject" })).ToHaveCountAsync(0);
    });

    [Fact]
    public Task LegalSendsAnUpdateBackWithAReason() => RunAsync(async () =>
    {
        var key = await IncidentWithRolesAsync();
        var comms = await ApiAsAsync(Comms);
        var draft = await comms.PostAsJsonAsync($"/api/incidents/{key}/updates", new
        {
            audience = "customers",
            whatHappened = "Some discount codes shown by the assistant were not valid.",
            whatWeAreTesting = "Which articles carried hidden text.",
            whatWeAreDoing = "Voiding the codes.",
            whatWeDontKnow = "How many were redeemed.",
            nextUpdateAt = DateTimeOffset.UtcNow.AddMinutes(30),
        });
        draft.EnsureSuccessStatusCode();
        var id = (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        (await comms.PostAsJsonAsync($"/api/incidents/{key}/updates/{id}/submit", new { })).EnsureSuccessStatusCode();

        await SignInAsync(Page, Legal);
        var approvals = await new ApprovalsPage(Page).GotoAsync();
        var pending = approvals.ItemFor(key);
        await pending.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        var sendBack = Page.GetByRole(AriaRole.Button, new() { Name = "Send back" });
        await sendBack.ClickAsync();
        await Expect(Page.GetByText("The reason is required.")).ToBeVisibleAsync();
        await Expect(pending).ToHaveCountAsync(1);

        await Page.GetByLabel("Why (the author sees this)").FillAsync("Do not promise that all codes are voided yet.");
        await sendBack.ClickAsync();

        await Expect(sendBack).ToHaveCountAsync(0);
        await Expect(pending).ToHaveCountAsync(0);
        var updates = await comms.GetFromJsonAsync<JsonElement>($"/api/incidents/{key}/updates");
        Assert.Contains("Do not promise that all codes are voided yet.", updates.GetRawText(), StringComparison.Ordinal);
    });
}
