using CommandCenter.Tests.E2E.Infrastructure;
using CommandCenter.Tests.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommandCenter.Tests.E2E;

/// <summary>After the incident: the postmortem written, reviewed and published, a playbook improved from it, an action item closed, the metrics moved.</summary>
public sealed class LearningTests(BrowserFixture browser, AppFixture app) : BrowserTest(browser, app), IClassFixture<AppFixture>
{
    // The demo's SEV-2 prompt injection, Maya Chen commanding.
    private static readonly string Key = $"INC-{DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)}-0001";

    [Fact]
    public Task AResolvedIncidentsPostmortemIsPublishedWithFactorsAndActionsAndTheMetricsMove() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Maya Chen");
        // Resolved from the war room's phase track: without a resolution summary it is refused right there.
        var room = await new WarRoomPage(Page).GotoAsync(Key);
        await room.Phase("Resolved").ClickAsync();
        var confirm = Page.GetByTestId("pending-change");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Move to Resolved" }).ClickAsync();
        await Expect(room.ActionError).ToContainTextAsync("resolution summary");
        await Page.Locator("#pending-reason").FillAsync("Input filters hold; community articles are scanned before indexing.");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Move to Resolved" }).ClickAsync();
        await Expect(room.Status).ToContainTextAsync("Resolved");
        var metrics = await new MetricsPage(Page).GotoAsync();
        var before = await metrics.Value("action-items-on-time").InnerTextAsync();

        var postmortem = await new PostmortemPage(Page).GotoAsync(Key);
        await Expect(postmortem.State).ToHaveTextAsync("Draft"); // opened on resolve
        await postmortem.RootCause.FillAsync("Community articles reached the retrieval index without a hidden-text scan.");
        await postmortem.Factor("Retrieval data or index").CheckAsync();
        await postmortem.Factor("Guardrail or filter gap").CheckAsync();
        await postmortem.ClickAsync("Save");
        await Expect(Page.GetByText("Postmortem saved.")).ToBeVisibleAsync();
        await postmortem.AddActionItemAsync("Scan community articles for hidden text", "priya");
        await postmortem.AddActionItemAsync("Alert on discount-code answers", "tom");
        await postmortem.AddActionItemAsync("Add an injection evaluation set", "maya");
        // A multi-select stays open after a pick.
        await Page.GetByLabel("Reviewers", new() { Exact = true }).ClickAsync();
        await Page.Locator(".mud-popover-open [data-value='priya']").ClickAsync();
        await Page.Keyboard.PressAsync("Escape");
        await postmortem.ClickAsync("Send for review");
        await Expect(postmortem.State).ToHaveTextAsync("In review");

        var priyaPage = await NewPageAsync();
        await SignInAsync(priyaPage, "Priya Raman");
        var priyas = await new PostmortemPage(priyaPage).GotoAsync(Key);
        await priyas.ClickAsync("Publish");
        await Expect(priyas.State).ToHaveTextAsync("Published");
        await Expect(postmortem.State).ToHaveTextAsync("Published"); // Maya's page follows live
        await Expect(Page.GetByRole(AriaRole.Article, new() { Name = "Postmortem" })).ToContainTextAsync("Guardrail or filter gap");

        var adminPage = await NewPageAsync();
        await SignInAsync(adminPage, "Ada Admin");
        await adminPage.GotoLiveAsync($"/playbooks/prompt-injection?fromIncident={Key}");
        var playbook = new Pages.PlaybookPage(adminPage);
        await Expect(playbook.ChangeNote).ToHaveValueAsync($"Lesson from {Key}: ");
        await playbook.ChangeNote.FillAsync($"Lesson from {Key}: scan retrieved content for hidden text first.");
        await playbook.SaveAsync();
        await Expect(playbook.Version).ToHaveTextAsync("v2");
        await Expect(playbook.History.GetByRole(AriaRole.Link, new() { Name = Key })).ToHaveAttributeAsync("href", $"/incidents/{Key}/postmortem");

        var actions = await new ActionItemsPage(Page).GotoAsync();
        await actions.MarkAsync("Add an injection evaluation set", "done");
        await Expect(actions.Row("Add an injection evaluation set")).ToContainTextAsync("Done");

        await new MetricsPage(Page).GotoAsync();
        await Expect(metrics.Value("action-items-on-time")).Not.ToHaveTextAsync(before);
    });
}
