using CommandCenter.Tests.E2E.Infrastructure;
using CommandCenter.Tests.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommandCenter.Tests.E2E;

/// <summary>
/// The IC records that personal data was exposed; the GDPR clock starts and another responder's war room shows it live,
/// read-only: only the IC (or the Legal/Compliance Liaison) gets the controls.
/// </summary>
public sealed class RegulatoryClockTests(BrowserFixture browser, AppFixture app) : BrowserTest(browser, app), IClassFixture<AppFixture>
{
    [Fact]
    public Task TheGdprClockStartsWhenTheCommanderMarksPersonalDataExposed() => RunAsync(async () =>
    {
        var board = await SignInAsync(Page, "Ana Commander");
        await board.DeclareAsync("Assistant shows other customers' order history", "SEV2", "data-leakage", "support-assistant");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/incidents/INC-\d{4}-\d{4}$"));
        var commander = new WarRoomPage(Page);
        await commander.WaitForLiveAsync();
        var key = await Page.GetByTestId("incident-key").InnerTextAsync();
        var legalPage = await NewPageAsync();
        await SignInAsync(legalPage, "Lena Legal");
        var legal = await new WarRoomPage(legalPage).GotoAsync(key);
        await Expect(legalPage.GetByTestId("regulatory-clocks")).ToContainTextAsync("No regulatory clock is running.");
        await Expect(Page.GetByTestId("regulatory-clocks")).ToContainTextAsync("Check “Personal data exposed”: the system handles personal data.");

        await Page.GetByLabel("Record a finding").SelectOptionAsync("PersonalDataBreach");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Start clock" }).ClickAsync();

        var clock = legalPage.Locator("[data-testid=clock][data-code=gdpr-art33]");
        await Expect(clock).ToContainTextAsync("GDPR Art. 33");
        await Expect(clock).ToContainTextAsync("Notify the supervisory authority of the personal data breach");
        await Expect(clock).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"(2d 23h|3d 0h) left"));
        await Expect(legal.EntryWithText("Personal data exposed")).ToBeVisibleAsync();

        // Lena holds no role and Ana commands: Lena reads the clock and is told who records it; Ana has the controls.
        await Expect(clock.GetByRole(AriaRole.Button, new() { Name = "Mark met (notified)" })).ToHaveCountAsync(0);
        await Expect(legalPage.GetByLabel("Record a finding")).ToHaveCountAsync(0);
        await Expect(legalPage.GetByTestId("regulatory-clocks").GetByTestId("legal-records-hint"))
            .ToContainTextAsync("Only the Incident Commander and the Legal/Compliance Liaison");
        await Expect(legalPage.GetByRole(AriaRole.Button, new() { Name = "Place legal hold" })).ToHaveCountAsync(0);
        var commandersClock = Page.Locator("[data-testid=clock][data-code=gdpr-art33]");
        await Expect(commandersClock.GetByRole(AriaRole.Button, new() { Name = "Mark met (notified)" })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Place legal hold" })).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("legal-records-hint")).ToHaveCountAsync(0);
    });
}
