using Bunit;
using CommandCenter.Components.Incidents.Board;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Components.Support;

namespace CommandCenter.Tests.Components.Incidents;

public class StatusTests
{
    private static readonly string Year = DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static AngleSharp.Dom.IElement Row<T>(IRenderedComponent<T> page, string key) where T : Microsoft.AspNetCore.Components.IComponent =>
        page.FindAll("tr").Single(tr => tr.QuerySelector($"[data-testid=status-incident][data-key={key}]") is not null);

    [Fact]
    public async Task ListsEveryActiveIncidentWorstFirstWithItsCommanderOrTheGap()
    {
        await using var app = await AppTestContext.StartAsync("alex");

        var status = app.Render<Status>();

        status.WaitForAssertion(() => Assert.NotEmpty(status.FindAll("[data-testid=status-incident]")));
        var severities = status.FindAll("tbody [data-testid=severity]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(severities.OrderBy(s => s, StringComparer.Ordinal).ToList(), severities);
        Assert.Contains("Sam Rivera", Row(status, $"INC-{Year}-0002").TextContent);
        Assert.Contains("No commander", Row(status, $"INC-{Year}-0003").TextContent);
        Assert.Equal(status.FindAll("[data-testid=status-incident]").Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            status.Find("[data-testid=active-count]").TextContent.Trim());
    }

    [Fact]
    public async Task OffersLeadershipNothingThatChangesAnything()
    {
        await using var app = await AppTestContext.StartAsync("alex");

        var status = app.Render<Status>();

        status.WaitForAssertion(() => Assert.NotEmpty(status.FindAll("[data-testid=status-incident]")));
        // Reading aids only: the grid's sort buttons in the column headers and one search box.
        Assert.All(status.FindAll("button"), button => Assert.NotNull(button.Closest("th")));
        Assert.Equal(["Search incidents"], status.FindAll("input, select, textarea").Select(i => i.GetAttribute("aria-label")));
        Assert.Empty(status.FindAll("form"));
    }

    [Fact]
    public async Task ShowsAnIncidentDeclaredElsewhereWithoutReload()
    {
        await using var app = await AppTestContext.StartAsync("alex");
        var status = app.Render<Status>();
        status.WaitForAssertion(() => Assert.NotEmpty(status.FindAll("[data-testid=status-incident]")));
        var before = status.FindAll("[data-testid=status-incident]").Count;

        var ana = await app.ActorAsync("priya");
        await app.Get<IncidentService>().DeclareAsync(
            new DeclareIncident("Voice concierge books appointments on closed days", "", "SEV3", "misinformation", "voice-concierge"), ana);

        status.WaitForAssertion(() => Assert.Contains("Voice concierge books appointments on closed days", status.Markup), TimeSpan.FromSeconds(5));
        Assert.Equal(before + 1, status.FindAll("[data-testid=status-incident]").Count);
    }

    [Fact]
    public async Task SearchNarrowsTheListToMatchingIncidents()
    {
        await using var app = await AppTestContext.StartAsync("alex");
        var status = app.Render<Status>();
        status.WaitForAssertion(() => Assert.True(status.FindAll("[data-testid=status-incident]").Count > 1));

        status.Find("input[aria-label='Search incidents']").Input("Sam Rivera");

        status.WaitForAssertion(() => Assert.Equal([$"INC-{Year}-0002"],
            status.FindAll("[data-testid=status-incident]").Select(e => e.GetAttribute("data-key"))));
    }
}
