using Bunit;
using CommandCenter.Components.Incidents.WarRoom;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Components.Support;
using static CommandCenter.Tests.Components.Incidents.WarRoom.WarRoomFixture;

namespace CommandCenter.Tests.Components.Incidents.WarRoom;

public class RoleViewsTests
{
    [Fact]
    public async Task ScribeViewPutsTheFocusInTheEntryBox()
    {
        await using var app = await AppTestContext.StartAsync("tom");

        var scribe = app.Open<ScribeView>(Injection);

        var box = scribe.Find("#composer-text");
        Assert.Equal("true", box.GetAttribute("data-autofocus"));
        scribe.WaitForAssertion(() => Assert.Contains(app.Context.JSInterop.Invocations, i => i.Identifier == "ccComposer.focus"));
        Assert.True(scribe.Markup.IndexOf("id=\"composer-text\"", StringComparison.Ordinal) < scribe.Markup.IndexOf("data-testid=\"timeline-entry\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScribeViewRecordsAndResetsTheKindToNote()
    {
        await using var app = await AppTestContext.StartAsync("tom");
        var scribe = app.Open<ScribeView>(Injection);

        scribe.Find("#composer-kind").Change("decision");
        scribe.Record("Keep the assistant in read-only mode until the filter ships");

        scribe.WaitForAssertion(() => Assert.Contains("DECISION", scribe.Entry("Keep the assistant in read-only").TextContent.ToUpperInvariant()), TimeSpan.FromSeconds(15));
        Assert.Equal("note", scribe.Find("#composer-kind").GetAttribute("value"));
        Assert.Equal("", scribe.Find("#composer-text").GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task ScribeViewKeepsACompleteHappenedAtValueAndBackdatesTheEntry()
    {
        await using var app = await AppTestContext.StartAsync("tom");
        var scribe = app.Open<ScribeView>(Injection);
        var earlier = DateTime.UtcNow.AddMinutes(-45);
        var typed = earlier.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);

        scribe.Find("#composer-occurred").Change(typed);
        Assert.Equal(typed, scribe.Find("#composer-occurred").GetAttribute("value"));
        // Filled with seconds (as some browsers and tools do): still kept, still parsed.
        scribe.Find("#composer-occurred").Change(typed + ":00");
        Assert.Equal(typed + ":00", scribe.Find("#composer-occurred").GetAttribute("value"));
        scribe.Record("Customer first reported the odd reply");

        scribe.WaitForAssertion(() => Assert.Contains("back-dated", scribe.Entry("Customer first reported").TextContent), TimeSpan.FromSeconds(15));
        Assert.Equal("", scribe.Find("#composer-occurred").GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task ScribeViewOffersCorrections()
    {
        await using var app = await AppTestContext.StartAsync("tom");
        var scribe = app.Open<ScribeView>(Injection);
        scribe.Record("Codes were redeemed 48 times");
        scribe.WaitForAssertion(() => scribe.Entry("redeemed 48 times"), TimeSpan.FromSeconds(15));

        // Clicked again if a live update re-rendered the entry between finding and clicking.
        scribe.WaitForAssertion(() =>
        {
            scribe.Entry("redeemed 48 times").QuerySelector("button.correct-button")!.Click();
            Assert.NotEmpty(scribe.FindAll("#correction-text"));
        }, TimeSpan.FromSeconds(15));
        scribe.Find("#correction-text").Input("Codes were redeemed 84 times");
        scribe.Find("[data-testid=correction-form]").Submit();

        scribe.WaitForAssertion(() => Assert.Contains("Correction of", scribe.Entry("redeemed 84 times").TextContent), TimeSpan.FromSeconds(15));
        Assert.Contains("corrected", scribe.Entry("redeemed 48 times").ClassList);
    }

    [Fact]
    public async Task TechnicalViewHasANoteBox()
    {
        await using var app = await AppTestContext.StartAsync("priya");
        var tech = app.Open<TechView>(Injection);

        tech.Record("Rolled the retrieval index back to yesterday's build");

        tech.WaitForAssertion(() => tech.Entry("Rolled the retrieval index back"), TimeSpan.FromSeconds(15));
        Assert.NotNull(tech.Find("[data-testid=containment]"));
    }

    [Fact]
    public async Task CommunicationsViewShowsTheUpdatesAndANoteBox()
    {
        await using var app = await AppTestContext.StartAsync("dana");
        var comms = app.Open<CommsView>(Injection);

        comms.WaitForAssertion(() => Assert.NotEmpty(comms.FindAll("[data-testid=update-clock], [data-testid=status-update]")), TimeSpan.FromSeconds(15));
        Assert.NotNull(comms.Find("#composer-text"));
    }

    [Fact]
    public async Task LegalViewStartsAClockAndShowsIt()
    {
        await using var app = await AppTestContext.StartAsync("maya");
        var legal = app.Open<LegalView>(Injection);
        Assert.Contains("No regulatory clock is running.", legal.Find("[data-testid=regulatory-clocks]").TextContent);

        legal.Find("#clock-trigger").Change("PersonalDataBreach");
        legal.Find("form.clock-start").Submit();

        legal.WaitForAssertion(() => Assert.NotEmpty(legal.FindAll("[data-testid=clock]")), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task LegalViewPlacesALegalHold()
    {
        await using var app = await AppTestContext.StartAsync("maya");
        var legal = app.Open<LegalView>(Injection);

        legal.FindAll("button").Single(b => b.TextContent.Trim() == "Place legal hold").Click();

        legal.WaitForAssertion(() => Assert.Contains("Legal hold since", legal.Find("[data-testid=legal-hold]").TextContent), TimeSpan.FromSeconds(15));
        Assert.Contains(legal.FindAll("button"), b => b.TextContent.Trim() == "Lift legal hold");
    }

    [Fact]
    public async Task RoleTabsLinkEveryViewAndMarkTheCurrentOne()
    {
        await using var app = await AppTestContext.StartAsync("tom");
        var scribe = app.Open<ScribeView>(Injection);

        var tabs = scribe.FindAll("nav[aria-label='Views of this incident'] a");
        Assert.Equal(["", "/scribe", "/tech", "/comms", "/legal", "/evidence", "/postmortem"],
            tabs.Select(t => t.GetAttribute("href")![$"/incidents/{Injection}".Length..]));
        Assert.Equal($"/incidents/{Injection}/scribe", tabs.Single(t => t.GetAttribute("aria-current") == "page").GetAttribute("href"));
        Assert.Contains("your role", tabs[1].InnerHtml, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("war room")]
    [InlineData("scribe")]
    [InlineData("tech")]
    [InlineData("comms")]
    [InlineData("legal")]
    public async Task ShowsLeadershipNoControlAnywhere(string view)
    {
        await using var app = await AppTestContext.StartAsync("alex");

        switch (view)
        {
            case "scribe": AssertReadOnly(app.Open<ScribeView>(Injection), readOnlyNote: true); break;
            case "tech": AssertReadOnly(app.Open<TechView>(Injection), readOnlyNote: true); break;
            case "comms": AssertReadOnly(app.Open<CommsView>(Injection), readOnlyNote: true); break;
            case "legal": AssertReadOnly(app.Open<LegalView>(Injection), readOnlyNote: false); break;
            default: AssertReadOnly(app.Open<WarRoomPage>(Injection), readOnlyNote: true); break;
        }
    }

    private static void AssertReadOnly<T>(IRenderedComponent<T> page, bool readOnlyNote) where T : IncidentView
    {
        page.WaitForAssertion(() => Assert.DoesNotContain("aria-busy", page.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Empty(page.Controls());
        Assert.Empty(page.FindAll("form"));
        if (readOnlyNote)
        {
            Assert.NotNull(page.Find("[data-testid=read-only]"));
        }
    }
}
