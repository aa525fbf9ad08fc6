using CommandCenter.Tests.E2E.Infrastructure;
using CommandCenter.Tests.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommandCenter.Tests.E2E;

/// <summary>The IC rolls back a model on a system without a control webhook: a manual checklist, whose completion contains the incident for everyone.</summary>
public sealed class ContainmentTests(BrowserFixture browser, AppFixture app) : BrowserTest(browser, app), IClassFixture<AppFixture>
{
    private const string Reason = "care-llm 2026.11.1 follows instructions hidden in help-centre articles";

    [Fact]
    public Task TheCommandersManualRollbackContainsTheIncidentLiveForOthers() => RunAsync(async () =>
    {
        var board = await SignInAsync(Page, "Cora Commander");
        await board.DeclareAsync("Assistant follows instructions hidden in articles", "SEV2", "prompt-injection", "support-assistant");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/incidents/INC-\d{4}-\d{4}$"));
        var commander = new WarRoomPage(Page);
        await commander.WaitForLiveAsync();
        var key = await Page.GetByTestId("incident-key").InnerTextAsync();

        var otherPage = await NewPageAsync();
        await SignInAsync(otherPage, "Otis Observer");
        var other = await new WarRoomPage(otherPage).GotoAsync(key);
        var otherPanel = new ContainmentPanel(otherPage);
        await Expect(otherPanel.NotAllowedNote).ToContainTextAsync("Only the Incident Commander (Cora Commander)");
        await Expect(otherPanel.Action("Roll back model")).ToBeDisabledAsync();

        var panel = new ContainmentPanel(Page);
        await Expect(panel.NoWebhookNote).ToContainTextAsync("No control webhook for this system: actions run as a manual checklist.");
        await Expect(panel.Action("Roll back model")).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("previous stable model version"));
        await panel.Action("Roll back model").ClickAsync();
        await panel.ConfirmButton("Roll back model").ClickAsync();
        await Expect(panel.Confirmation).ToContainTextAsync("A reason to roll back model is required.");
        await panel.Reason.FillAsync(Reason);
        await panel.ConfirmButton("Roll back model").ClickAsync();

        await Expect(panel.Confirmation).ToHaveCountAsync(0);
        var rollback = panel.Latest;
        await Expect(panel.State(rollback)).ToHaveTextAsync("Manual: in progress");
        await Expect(rollback).ToContainTextAsync(Reason);
        var steps = panel.Steps(rollback);
        await Expect(steps).ToHaveCountAsync(4);
        await Expect(otherPanel.Steps(otherPanel.Latest)).ToHaveCountAsync(4);
        await Expect(other.Status).Not.ToHaveTextAsync("Contained");

        for (var i = 0; i < 4; i++)
        {
            await steps.Nth(i).CheckAsync();
            await Expect(steps.Nth(i)).ToBeDisabledAsync();
        }

        await Expect(panel.State(rollback)).ToHaveTextAsync("Manual: done");
        await Expect(commander.Status).ToHaveTextAsync("Contained");
        await Expect(other.Status).ToHaveTextAsync("Contained");
        await Expect(otherPanel.State(otherPanel.Latest)).ToHaveTextAsync("Manual: done");
        await Expect(other.EntryWithText("First successful containment: incident contained.")).ToBeVisibleAsync();
    });
}
