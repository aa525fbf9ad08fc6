using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CommandCenter.Tests.E2E.Infrastructure;
using CommandCenter.Tests.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommandCenter.Tests.E2E;

/// <summary>The live war room from several browsers at once, against the demo incidents of a fresh database.</summary>
public sealed class WarRoomTests(BrowserFixture browser, AppFixture app) : BrowserTest(browser, app), IClassFixture<AppFixture>
{
    private static readonly string Year = DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
    private static readonly string InjectionKey = $"INC-{Year}-0001";
    private static readonly string DriftKey = $"INC-{Year}-0003";
    private static readonly string RefundKey = $"INC-{Year}-0002";

    [Fact]
    public Task ADeclaredIncidentAppearsOnAnotherOpenBoardWithoutReload() => RunAsync(async () =>
    {
        var declarer = await SignInAsync(Page, "Ana Declarer");
        var watcher = await SignInAsNewPersonAsync("Wes Watcher");
        const string title = "Voice concierge quoting prices from last year's tariff";

        await declarer.DeclareAsync(title, "SEV3", "misinformation", "voice-concierge");

        await Expect(Page).ToHaveURLAsync(new Regex($@"/incidents/INC-{Year}-\d{{4}}$"));
        var warRoom = new WarRoomPage(Page);
        await warRoom.WaitForLiveAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        await Expect(warRoom.Page.GetByTestId("role-incident-commander")).ToContainTextAsync("Ana Declarer");
        var row = watcher.Row(title);
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("SEV-3");
        await Expect(row).ToContainTextAsync("Ana Declarer");
    });

    [Fact]
    public Task DeclaringWithMissingFieldsNamesThemAndKeepsWhatWasTyped() => RunAsync(async () =>
    {
        var board = await SignInAsync(Page, "Ana Declarer");

        await board.DeclareAsync("Refund agent emails customers twice", severity: null, archetype: null, system: "refund-agent");

        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByText("Severity is required.")).ToBeVisibleAsync();
        await Expect(dialog.GetByText("Archetype is required.")).ToBeVisibleAsync();
        await Expect(dialog.GetByLabel("Title")).ToHaveValueAsync("Refund agent emails customers twice");
        await Expect(dialog.GetByLabel("Affected system")).ToHaveValueAsync("Autonomous refund agent");
        await Expect(Page).ToHaveURLAsync(App.BaseUrl.AbsoluteUri);
    });

    [Fact]
    public Task TheScribesKeyboardEntryReachesAnotherWarRoomWithinTwoSeconds() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Tom Scribe");
        var scribe = await new WarRoomPage(Page).GotoAsync(DriftKey);
        var otherPage = await NewPageAsync();
        await SignInAsync(otherPage, "Lena Lead");
        var other = await new WarRoomPage(otherPage).GotoAsync(DriftKey);
        const string text = "Rolled fraud-gbm back to 2026-09-30 for new merchants";

        await scribe.EntryBox.FocusAsync();
        await Page.Keyboard.TypeAsync(text);
        await Page.Keyboard.PressAsync("Alt+3");
        await Page.Keyboard.PressAsync("Enter");

        await Expect(other.EntryWithText(text)).ToBeVisibleAsync(new() { Timeout = 2_000 });
        await Expect(other.EntryWithText(text)).ToContainTextAsync("Action");
        await Expect(other.EntryWithText(text)).ToContainTextAsync("Tom Scribe");
        await Expect(scribe.EntryBox).ToHaveValueAsync("");
        await Expect(scribe.EntryWithText(text)).ToBeVisibleAsync();
    });

    [Fact]
    public Task MovingPhasesBackwardsIsRefusedWithAClearMessage() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Maya Chen");
        var warRoom = await new WarRoomPage(Page).GotoAsync(InjectionKey);
        var entriesBefore = await warRoom.Entries.CountAsync();
        var statusBefore = await warRoom.Status.InnerTextAsync();

        await warRoom.Phase("Detected").ClickAsync();

        await Expect(warRoom.ActionError).ToContainTextAsync(
            new Regex($@"{InjectionKey} cannot go back from {statusBefore} to Detected: phases only move forward"));
        await Expect(warRoom.Status).ToHaveTextAsync(statusBefore);
        Assert.Equal(entriesBefore, await warRoom.Entries.CountAsync());
    });

    [Fact]
    public Task OnlyTheIncidentCommanderMayChangeStatus() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Someone Else");
        var warRoom = await new WarRoomPage(Page).GotoAsync(RefundKey);

        await warRoom.Phase("Contained").ClickAsync();

        await Expect(warRoom.ActionError).ToContainTextAsync("Only the Incident Commander (Sam Rivera) can change the status");
        await Expect(warRoom.Status).ToHaveTextAsync("Triaged");
    });

    [Fact]
    public Task AChangeMadeThroughTheApiAppearsInAnOpenWarRoom() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Lena Lead");
        var warRoom = await new WarRoomPage(Page).GotoAsync(DriftKey);
        using var http = await ApiAsAsync("Monitoring Bot");

        var response = await http.PostAsJsonAsync($"/api/incidents/{DriftKey}/severity",
            new { severity = "SEV2", reason = "approval rate still climbing" });
        response.EnsureSuccessStatusCode();

        await Expect(warRoom.Severity).ToHaveTextAsync("SEV-2");
        await Expect(warRoom.EntryWithText("approval rate still climbing")).ToContainTextAsync("Monitoring Bot");
    });

    [Fact]
    public Task TheIncidentCommanderMovesTheIncidentForwardAfterConfirming() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Maya Chen");
        var warRoom = await new WarRoomPage(Page).GotoAsync(InjectionKey);

        await warRoom.Phase("Recovered").ClickAsync();
        await Page.GetByPlaceholder("Reason (optional, goes on the timeline)").FillAsync("answers normal for 30 minutes");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Move to Recovered" }).ClickAsync();

        await Expect(warRoom.Status).ToHaveTextAsync("Recovered");
        await Expect(warRoom.EntryWithText("answers normal for 30 minutes")).ToContainTextAsync("Contained → Recovered");
    });

    [Fact]
    public Task AnUnsentEntrySurvivesAReloadAndIsClearedOnceRecorded() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Tom Scribe");
        var scribe = await new WarRoomPage(Page).GotoAsync(RefundKey);
        const string text = "Payments confirmed 37 refunds over the limit, total 61,240 EUR";
        await scribe.EntryBox.PressSequentiallyAsync(text);

        await Page.ReloadAsync();
        await scribe.WaitForLiveAsync();

        await Expect(scribe.EntryBox).ToHaveValueAsync(text);
        await scribe.EntryBox.PressAsync("Enter");
        await Expect(scribe.EntryWithText(text)).ToBeVisibleAsync();
        await Expect(scribe.EntryBox).ToHaveValueAsync("");
        await Page.ReloadAsync();
        await scribe.WaitForLiveAsync();
        await Expect(scribe.EntryWithText(text)).ToBeVisibleAsync();
        await Expect(scribe.EntryBox).ToHaveValueAsync("");
    });
}
