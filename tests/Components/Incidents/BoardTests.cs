using Bunit;
using CommandCenter.Components.Incidents.Board;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Components.Support;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Tests.Components.Incidents;

public class BoardTests
{
    private static readonly string Year = DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task ShowsActiveIncidentsWorstFirstGivenDemoData()
    {
        await using var app = await AppTestContext.StartAsync();

        var board = app.Render<Board>();

        board.WaitForAssertion(() => Assert.NotEmpty(board.FindAll("[data-testid=incident-row]")));
        var severities = board.FindAll("[data-testid=incident-row] [data-testid=severity]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(severities.OrderBy(s => s, StringComparer.Ordinal).ToList(), severities);
        Assert.Contains($"INC-{Year}-0001", board.Markup);
        Assert.DoesNotContain(board.FindAll("[data-testid=incident-row]"), row => row.TextContent.Contains("Resolved", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ShowsAnIncidentDeclaredElsewhereWithoutReload()
    {
        await using var app = await AppTestContext.StartAsync();
        var board = app.Render<Board>();
        board.WaitForAssertion(() => Assert.Contains($"INC-{Year}-0001", board.Markup));

        var sam = await app.ActorAsync("sam");
        await app.Get<IncidentService>().DeclareAsync(
            new DeclareIncident("Voice agent reads card numbers aloud", "Seen in two calls.", "SEV2", "data-leakage", "voice-concierge"), sam);

        board.WaitForAssertion(() => Assert.Contains("Voice agent reads card numbers aloud", board.Markup), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task MarksAnActiveIncidentWithoutCommanderAsAGap()
    {
        await using var app = await AppTestContext.StartAsync();

        var board = app.Render<Board>();

        board.WaitForAssertion(() => Assert.NotEmpty(board.FindAll("[data-testid=incident-row]")));
        var drift = board.Find($"[data-testid=incident-row][data-key=INC-{Year}-0003]");
        Assert.Equal("No commander", drift.QuerySelector("[data-testid=no-commander]")?.TextContent.Trim());
        var injection = board.Find($"[data-testid=incident-row][data-key=INC-{Year}-0001]");
        Assert.Null(injection.QuerySelector("[data-testid=no-commander]"));
        Assert.Contains("Maya Chen", injection.TextContent);
    }

    [Fact]
    public async Task TakesAnIncidentResolvedElsewhereOffTheActiveBoard()
    {
        await using var app = await AppTestContext.StartAsync();
        var board = app.Render<Board>();
        var key = $"INC-{Year}-0002";
        board.WaitForAssertion(() => Assert.NotEmpty(board.FindAll($"[data-testid=incident-row][data-key={key}]")));

        var sam = await app.ActorAsync("sam");
        foreach (var status in new[] { "contained", "recovered", "resolved" })
        {
            await app.Get<IncidentLifecycle>().ChangeStatusAsync(key, status, sam, "Refunds paused, agent fixed.");
        }

        board.WaitForAssertion(() => Assert.Empty(board.FindAll($"[data-testid=incident-row][data-key={key}]")), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ShowsResponderTheDeclareButtonAndKeepsThemOnTheBoard()
    {
        await using var app = await AppTestContext.StartAsync("tom");

        var board = app.Render<Board>();

        board.WaitForAssertion(() => Assert.True(board.HasButton("Declare incident")));
        Assert.EndsWith("/", app.Get<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendsLeadershipToTheStatusBoardWithoutADeclareButton()
    {
        await using var app = await AppTestContext.StartAsync("alex");

        var board = app.Render<Board>();

        board.WaitForAssertion(() => Assert.EndsWith("/status", app.Get<NavigationManager>().Uri, StringComparison.Ordinal));
        Assert.False(board.HasButton("Declare incident"));
        Assert.Empty(board.FindAll("[data-testid=incident-row]"));
    }
}
