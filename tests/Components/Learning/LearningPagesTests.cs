using Bunit;
using Microsoft.AspNetCore.Components;
using CommandCenter.Components.Learning;
using CommandCenter.Core.Learning;
using CommandCenter.Tests.Components.Support;

namespace CommandCenter.Tests.Components.Learning;

/// <summary>The postmortem, action-items, metrics and search pages, used the way a person uses them.</summary>
public class LearningPagesTests
{
    private const string ResolvedKey = "INC-2026-0004"; // the demo's resolved voice-agent leak

    private static PostmortemEdit Edit(string rootCause) => new("Two callers heard each other's bookings.", [1], "12 callers", "", "", rootCause,
        [new FactorEdit("tool-scope", "session keys by prefix", [1])], "Unique session keys.");

    [Fact]
    public async Task AResponderOpensThePostmortemEditsItAndSeesAnotherPersonsChangeLive()
    {
        await using var app = await AppTestContext.StartAsync("maya");
        var key = Key(app);
        var page = app.Render<IncidentPostmortem>(p => p.Add(x => x.Key, key));
        page.WaitForAssertion(() => Assert.Contains("not open yet", page.Markup));

        await page.InvokeAsync(() => page.FindAll("button").Single(b => b.TextContent.Contains("Open the postmortem")).Click());
        page.WaitForAssertion(() => Assert.Equal("Draft", page.Find("[data-testid=postmortem-state]").TextContent.Trim()));
        page.FindAll("textarea")[0].Change("The voice agent mixed up two callers.");
        page.WaitForAssertion(() => Assert.False(page.FindAll("button").Single(b => b.TextContent.Trim() == "Save").HasAttribute("disabled")));
        await page.InvokeAsync(() => page.FindAll("button").Single(b => b.TextContent.Trim() == "Save").Click());
        page.WaitForAssertion(() => Assert.Contains("Saved ", page.Markup));
        Assert.Equal("The voice agent mixed up two callers.", (await app.Get<PostmortemService>().GetAsync(key)).Content.Summary);

        await app.Get<PostmortemService>().EditAsync(key, Edit("Session memory keyed by phone prefix."), await app.ActorAsync("lars"));

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("textarea"), t => t.TextContent.Contains("Session memory keyed by phone prefix.")
            || t.GetAttribute("value")?.Contains("Session memory keyed by phone prefix.") == true));
    }

    [Fact]
    public async Task LeadershipReadsThePostmortemWithoutAnyControl()
    {
        await using var app = await AppTestContext.StartAsync("alex");
        var key = Key(app);
        await app.Get<PostmortemService>().OpenAsync(key, await app.ActorAsync("maya"));
        await app.Get<PostmortemService>().EditAsync(key, Edit("Session memory keyed by phone prefix."), await app.ActorAsync("maya"));

        var page = app.Render<IncidentPostmortem>(p => p.Add(x => x.Key, key));

        page.WaitForAssertion(() => Assert.Contains("Session memory keyed by phone prefix.", page.Find(".pm-read").TextContent));
        Assert.Empty(page.FindAll("textarea"));
        Assert.DoesNotContain(page.FindAll("input:not([readonly])"), i => i.GetAttribute("type") != "hidden");
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("Save") || b.TextContent.Contains("review") || b.TextContent.Contains("Add"));
        Assert.Contains("Tool or permission scope", page.Markup);
    }

    [Fact]
    public async Task ActionItemsPageListsMineFirstHighlightsOverdueAndUpdatesLive()
    {
        await using var app = await AppTestContext.StartAsync("priya");
        var key = Key(app);
        var maya = await app.ActorAsync("maya");
        await app.Get<PostmortemService>().OpenAsync(key, maya);
        var actions = app.Get<ActionItemService>();
        var today = DateTime.UtcNow.Date;
        await actions.CreateAsync(key, new ActionItemInput("Maya's item", "process", "maya", today.AddDays(3), "low", null), maya);
        var overdue = await actions.CreateAsync(key, new ActionItemInput("Priya's late item", "guardrail", "priya", today.AddDays(-2), "high", null), maya);
        await actions.CreateAsync(key, new ActionItemInput("Priya's next item", "evaluation", "priya", today.AddDays(9), "medium", null), maya);

        var page = app.Render<ActionItemsPage>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tbody tr").Count(r => r.TextContent.Contains("item"))), TimeSpan.FromSeconds(10));

        var rows = page.FindAll("tbody tr").Where(r => r.TextContent.Contains("item")).ToList();
        Assert.Contains("Priya's late item", rows[0].TextContent);
        Assert.Contains("row-overdue", rows[0].ClassName);
        Assert.Contains("row-mine", rows[1].ClassName);
        Assert.Contains("Maya's item", rows[2].TextContent);

        await actions.ChangeStatusAsync(overdue.Id, "done", null, maya);

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("tbody tr"), r => r.TextContent.Contains("Priya's late item") && r.TextContent.Contains("Done")),
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task MetricsPageShowsEveryMetricWithItsDefinitionOverTheHistory()
    {
        await using var app = await AppTestContext.StartAsync("alex", settings: new Dictionary<string, string?> { ["Database:SeedDemoHistory"] = "true" });

        var page = app.Render<MetricsPage>();

        page.WaitForAssertion(() => Assert.Equal(14, page.FindAll(".metric-card").Count));
        var mttr = page.Find("[data-testid=metric-mttr]");
        Assert.Contains("Mean time to resolve", mttr.GetAttribute("aria-label"));
        Assert.EndsWith(" h", mttr.QuerySelector(".metric-value")!.TextContent.Trim());
        Assert.Equal("0 per quarter", page.Find("[data-testid=metric-exercise-frequency] .metric-value").TextContent.Trim());
        Assert.Equal(2, page.FindAll("[data-testid=apex-chart]").Count);
        Assert.Contains("format=csv", page.FindAll("a").Select(a => a.GetAttribute("href") ?? "").Single(h => h.Contains("csv")));
    }

    [Fact]
    public async Task SearchPageHighlightsTheMatchedPhrase()
    {
        await using var app = await AppTestContext.StartAsync("maya");

        var navigation = app.Get<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("q", "\"retrieval filter\""));

        var page = app.Render<SearchPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".search-hits li")));
        Assert.Equal("Retrieval filter", page.Find(".search-hits mark").TextContent);
        Assert.Contains("/incidents/", page.Find(".hit-title").GetAttribute("href"));
    }

    private static string Key(AppTestContext app) => ResolvedKey.Replace("2026", DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
        StringComparison.Ordinal);
}
