using CommandCenter.Tests.E2E.Infrastructure;
using CommandCenter.Tests.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommandCenter.Tests.E2E;

/// <summary>Running a playbook together in the war room, and an administrator improving one.</summary>
public sealed class PlaybookTests(BrowserFixture browser, AppFixture app) : BrowserTest(browser, app), IClassFixture<AppFixture>
{
    private static readonly string InjectionKey = $"INC-{DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)}-0001";

    [Fact]
    public Task TheTechnicalLeadChecksOffAStepAndTheCommanderSeesItDoneLive() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Priya Raman");
        await new WarRoomPage(Page).GotoAsync(InjectionKey);
        var lead = new PlaybookPanel(Page);
        var commanderPage = await NewPageAsync();
        await SignInAsync(commanderPage, "Maya Chen");
        await new WarRoomPage(commanderPage).GotoAsync(InjectionKey);
        var commander = new PlaybookPanel(commanderPage);
        await Expect(lead.Version).ToHaveTextAsync("v1");
        await Expect(lead.MyNextSteps).ToContainTextAsync("Your next steps");
        await Expect(lead.Step("tighten-input-filters")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bmine\b"));
        // Priya is not the Security Analyst: she sees who should preserve the evidence instead of buttons.
        await Expect(lead.Step("preserve-evidence")).ToContainTextAsync("For Lars Jensen (Security Analyst) or the Incident Commander.");
        await Expect(lead.Step("preserve-evidence").GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(commander.Step("tighten-input-filters").GetByRole(AriaRole.Button, new() { Name = "Check", Exact = true })).ToBeVisibleAsync();

        await lead.CheckAsync("tighten-input-filters");

        await Expect(commander.RecordOf("tighten-input-filters")).ToContainTextAsync("Done by Priya Raman at");
        await Expect(commander.Step("tighten-input-filters")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bdone\b"));
        await Expect(commander.Coverage).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex(@"^1 done, 0 skipped"));
        await Expect(new WarRoomPage(commanderPage).EntryWithText("Playbook step done: ")).ToBeVisibleAsync();
    });

    [Fact]
    public Task AnAdministratorEditsAPlaybookAndTheVersionGoesUp() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Ada Admin");
        var playbook = await new PlaybookPage(Page).GotoAsync("toxicity");
        await Expect(playbook.Version).ToHaveTextAsync("v1");

        await playbook.EditAsync();
        await playbook.TitleField.FillAsync("Toxicity and abuse, revised");
        await playbook.EditStep(0).GetByLabel("What to do").FillAsync("");
        await playbook.SaveAsync();

        // Refused: the empty step text and the missing change note are named, and what was typed stays.
        await Expect(playbook.EditStep(0)).ToContainTextAsync("Step text is required.");
        await Expect(Page.GetByText("A change note is required.")).ToBeVisibleAsync();
        await Expect(playbook.TitleField).ToHaveValueAsync("Toxicity and abuse, revised");

        await playbook.EditStep(0).GetByLabel("What to do").FillAsync("Switch the output filter to strict and note the time.");
        await playbook.ChangeNote.FillAsync("Shorter first step after the review of INC-7");
        await playbook.SaveAsync();

        await Expect(playbook.Version).ToHaveTextAsync("v2");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Toxicity and abuse, revised");
        await Expect(playbook.History).ToContainTextAsync("Shorter first step after the review of INC-7");
        await Page.GotoLiveAsync("/playbooks");
        await Expect(Page.Locator("[data-testid=playbook-row-version][data-archetype=toxicity]")).ToHaveTextAsync("v2");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Toxicity and abuse, revised" }).ClickAsync();
        // Wait for the playbook page to settle (prerendered, then interactive) before clicking inside it.
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/playbooks/toxicity$"));
        await Page.WaitForLiveAsync();
        await Expect(playbook.Version).ToHaveTextAsync("v2");
        var older = playbook.History.GetByRole(AriaRole.Link, new() { Name = "v1" });
        await Expect(older).ToHaveAttributeAsync("href", "/playbooks/toxicity?version=1");
        await older.ClickAsync();
        await Expect(playbook.Version).ToHaveTextAsync("v1");
        await Expect(Page.GetByTestId("playbook-edited")).ToContainTextAsync("An earlier version (v2 is current)");
    });
}
