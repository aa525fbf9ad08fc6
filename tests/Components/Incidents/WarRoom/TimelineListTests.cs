using AngleSharp.Dom;
using CommandCenter.Tests.Components.Support;
using CommandCenter.Components.Common;
using CommandCenter.Components.Incidents.WarRoom;
using CommandCenter.Components.Shared;
using CommandCenter.Core.Incidents;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Tests.Components.Incidents.WarRoom;

public class TimelineListTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc);

    private static TimelineEntryView Entry(int sequence, TimelineEntryKind kind, string text, int minutesAgo,
        int? corrects = null, int? correctedBy = null, int recordedMinutesAgo = -1) =>
        new("INC-2026-0001", sequence, kind, text, "Tom Okafor", "Scribe", Now.AddMinutes(-minutesAgo),
            Now.AddMinutes(-(recordedMinutesAgo < 0 ? minutesAgo : recordedMinutesAgo)), corrects, correctedBy);

    private static async Task<AngleSharp.Dom.INodeList> RenderAsync(IReadOnlyList<TimelineEntryView> entries, bool withCorrect = true)
    {
        await using var panel = new PanelContext();
        return panel.Render<TimelineList>(p => p
            .Add(t => t.Entries, entries)
            .Add(t => t.Now, Now)
            .Add(t => t.OnCorrect, withCorrect ? EventCallback.Factory.Create<TimelineEntryView>(new object(), _ => { }) : default)).Nodes;
    }

    [Fact]
    public async Task ShowsTheOriginalAsCorrectedAndTheCorrectionPointingBack()
    {
        var entries = TimelineView.Order(
        [
            Entry(12, TimelineEntryKind.Note, "Codes were redeemed 48 times.", 20, correctedBy: 13),
            Entry(13, TimelineEntryKind.Note, "Codes were redeemed 84 times.", 20, corrects: 12, recordedMinutesAgo: 15),
        ]);

        var document = await RenderAsync(entries);

        var original = document.QuerySelector("[data-sequence='12']")!;
        var correction = document.QuerySelector("[data-sequence='13']")!;
        Assert.Contains("corrected", original.ClassList);
        Assert.Contains("Corrected in #13", original.TextContent);
        Assert.Equal("#entry-13", original.QuerySelector(".corrected-label a")!.GetAttribute("href"));
        Assert.Contains("correction", correction.ClassList);
        Assert.Contains("Correction of #12", correction.TextContent);
        Assert.Contains("Codes were redeemed 84 times.", correction.TextContent);
        Assert.Contains("back-dated", correction.TextContent);
        Assert.DoesNotContain("back-dated", original.TextContent);
    }

    [Fact]
    public async Task ListsEntriesNewestFirstWithAuthorRoleAndUtcTime()
    {
        var entries = TimelineView.Order(
        [
            Entry(1, TimelineEntryKind.StatusChange, "Incident declared", 90),
            Entry(2, TimelineEntryKind.Decision, "Disable retrieval of community articles", 30),
            Entry(3, TimelineEntryKind.Action, "Filter deployed", 10),
        ]);

        var document = await RenderAsync(entries);

        var items = document.QuerySelectorAll("[data-testid=timeline-entry]");
        Assert.Equal(["3", "2", "1"], items.Select(i => i.GetAttribute("data-sequence")));
        Assert.Contains("Tom Okafor · Scribe", items[0].TextContent);
        Assert.Contains("09:50 UTC", items[0].TextContent);
        Assert.Contains("DECISION", items[1].QuerySelector(".entry-kind")!.TextContent.ToUpperInvariant());
    }

    [Fact]
    public async Task OffersCorrectionOnlyForEntriesPeopleWrote()
    {
        var entries = TimelineView.Order(
        [
            Entry(1, TimelineEntryKind.StatusChange, "Status Detected → Triaged.", 60),
            Entry(2, TimelineEntryKind.Note, "Looks like the retrieval index.", 50),
        ]);

        var document = await RenderAsync(entries);

        Assert.Null(document.QuerySelector("[data-sequence='1'] button[aria-label='Correct entry 1']"));
        Assert.NotNull(document.QuerySelector("[data-sequence='2'] button[aria-label='Correct entry 2']"));
    }

    [Fact]
    public async Task SaysSoWhenNothingIsRecorded()
    {
        var document = await RenderAsync([], withCorrect: false);

        Assert.Empty(document.QuerySelectorAll("[data-testid=timeline-entry]"));
        Assert.Contains("Nothing recorded yet.", string.Concat(document.Select(n => n.TextContent)));
    }

    [Fact]
    public async Task RendersOnlyAWindowOfALongTimeline()
    {
        var entries = TimelineView.Order(Enumerable.Range(1, 1000).Select(i => Entry(i, TimelineEntryKind.Note, $"entry {i}", 1000 - i)));

        var document = await RenderAsync(entries);

        Assert.True(document.QuerySelectorAll("[data-testid=timeline-entry]").Length < TimelineList.VirtualizeAbove,
            "a 1,000-entry timeline should be virtualized, not rendered whole");
    }
}
