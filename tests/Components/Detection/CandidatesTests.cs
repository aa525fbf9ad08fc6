using Bunit;
using CommandCenter.Components.Detection;
using CommandCenter.Components.Shared;
using CommandCenter.Core.Detection;
using CommandCenter.Tests.Components.Support;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Tests.Components.Detection;

public class CandidatesTests
{
    /// <summary>The detection engine runs in the app as a hosted service; a test starts it and stops it itself.</summary>
    private sealed class RunningDetection(AppTestContext app) : IAsyncDisposable
    {
        public static async Task<RunningDetection> StartAsync(AppTestContext app)
        {
            await app.Get<DetectionEngine>().StartAsync(CancellationToken.None);
            return new RunningDetection(app);
        }

        public async Task SignalAsync(string system, string kind, double value, double threshold, string region) =>
            await app.Get<ISignalIngestor>().IngestAsync("moderation", [new IncomingSignal
            {
                System = system, Kind = kind, Value = value, Threshold = threshold,
                Labels = new Dictionary<string, string> { ["region"] = region },
                Summary = "Toxicity classifier above baseline",
            }]);

        public async ValueTask DisposeAsync() => await app.Get<DetectionEngine>().StopAsync(CancellationToken.None);
    }

    /// <summary>Candidates are judged at once (no group wait) so they wait for a decision within the test.</summary>
    private static Task<AppTestContext> StartAsync(string userName = "lars", string groupWait = "00:00:00") =>
        AppTestContext.StartAsync(userName, settings: new Dictionary<string, string?>
        {
            ["Detection:Grouping:GroupWait"] = groupWait,
            ["Detection:TickInterval"] = "00:00:00.100",
        });

    private const string ToxicityTitle = "Toxicity and abuse suspected on Voice booking concierge";

    private static AngleSharp.Dom.IElement WaitingRow<T>(IRenderedComponent<T> page, string title) where T : IComponent =>
        page.FindAll("table[aria-label='Candidates waiting for a decision'] tr")
            .Single(tr => tr.QuerySelector("[data-testid=candidate]")?.TextContent.Contains(title, StringComparison.Ordinal) == true);

    private static bool IsWaiting<T>(IRenderedComponent<T> page, string title) where T : IComponent =>
        page.FindAll("table[aria-label='Candidates waiting for a decision'] [data-testid=candidate]")
            .Any(c => c.TextContent.Contains(title, StringComparison.Ordinal));

    [Fact]
    public async Task ShowsANewCandidateLiveWithItsEstimateAndReasonsInPlainWords()
    {
        await using var app = await StartAsync();
        await using var detection = await RunningDetection.StartAsync(app);
        var page = app.Render<Candidates>();
        page.WaitForAssertion(() => Assert.Contains("Nothing waiting", page.Markup));

        await detection.SignalAsync("voice-concierge", "toxicity-rate", 0.03, 0.05, "us-east");

        page.WaitForAssertion(() => Assert.True(IsWaiting(page, ToxicityTitle)));
        page.WaitForAssertion(() => Assert.Contains("Waiting for your decision", WaitingRow(page, ToxicityTitle).TextContent));
        var row = WaitingRow(page, ToxicityTitle);
        Assert.Contains("SEV-", row.QuerySelector("[data-testid=severity]")!.TextContent);
        Assert.Contains("1 signal(s)", row.QuerySelector("[data-testid=signal-count]")!.TextContent);
        Assert.Contains("LLM05", row.TextContent);
        Assert.Contains("Severity:", row.TextContent);
        Assert.Contains("toxicity-rate", row.TextContent);
        Assert.Contains("region=us-east", row.TextContent);
        Assert.DoesNotContain("judged", page.Markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Forming", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaysACandidateIsStillCollectingSignalsAndWhenItWillBeDecided()
    {
        await using var app = await StartAsync(groupWait: "00:10:00");
        await using var detection = await RunningDetection.StartAsync(app);
        var page = app.Render<Candidates>();
        page.WaitForAssertion(() => Assert.Contains("Nothing waiting", page.Markup));

        await detection.SignalAsync("voice-concierge", "toxicity-rate", 0.03, 0.05, "us-east");

        page.WaitForAssertion(() => Assert.True(IsWaiting(page, ToxicityTitle)));
        var state = WaitingRow(page, ToxicityTitle).QuerySelector("[data-testid=candidate-state]")!.TextContent.Trim();
        Assert.Matches(@"^Collecting related signals — decision in (9|10)m$", state);
        Assert.Equal(CandidateWording.GroupingExplained, page.FindComponent<MudBlazor.MudTooltip>().Instance.Text);
    }

    [Fact]
    public async Task DismissingWithoutAReasonIsRefusedUnderTheReasonAndTheCandidateKeepsWaiting()
    {
        await using var app = await StartAsync();
        await using var detection = await RunningDetection.StartAsync(app);
        var host = MudHost.Render<Candidates>(app);
        await detection.SignalAsync("voice-concierge", "toxicity-rate", 0.03, 0.05, "us-east");
        host.Page.WaitForAssertion(() => Assert.Contains("Waiting for your decision", WaitingRow(host.Page, ToxicityTitle).TextContent));

        host.Page.ClickLive(() => WaitingRow(host.Page, ToxicityTitle).QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Dismiss"));
        host.Dialogs.WaitForAssertion(() => Assert.True(host.Dialogs.HasButton("Dismiss as false positive")));
        host.Dialogs.ClickLive(() => host.Dialogs.Button("Dismiss as false positive"));

        host.Dialogs.WaitForAssertion(() => Assert.Equal("Reason is required.", host.Dialogs.ErrorUnder("Why is this not an incident?")));
        Assert.True(host.Dialogs.HasButton("Dismiss as false positive"));
        Assert.True(IsWaiting(host.Page, ToxicityTitle));
        Assert.Contains(await app.Get<CandidateService>().ListAsync(), c => c.Title == ToxicityTitle && c.AwaitsDecision);
    }

    [Fact]
    public async Task DismissingWithAReasonTakesTheCandidateOffTheWaitingListAndRecordsWhoDecided()
    {
        await using var app = await StartAsync();
        await using var detection = await RunningDetection.StartAsync(app);
        var host = MudHost.Render<Candidates>(app);
        await detection.SignalAsync("voice-concierge", "toxicity-rate", 0.03, 0.05, "us-east");
        host.Page.WaitForAssertion(() => Assert.Contains("Waiting for your decision", WaitingRow(host.Page, ToxicityTitle).TextContent));

        host.Page.ClickLive(() => WaitingRow(host.Page, ToxicityTitle).QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Dismiss"));
        host.Dialogs.WaitForAssertion(() => Assert.True(host.Dialogs.HasButton("Dismiss as false positive")));
        host.Dialogs.Field("Why is this not an incident?").Input("Red-team exercise traffic");
        host.Dialogs.ClickLive(() => host.Dialogs.Button("Dismiss as false positive"));

        host.Page.WaitForAssertion(() => Assert.False(IsWaiting(host.Page, ToxicityTitle)));
        var decided = host.Page.FindAll("table[aria-label='Decided candidates'] tr").Single(tr => tr.TextContent.Contains(ToxicityTitle, StringComparison.Ordinal));
        Assert.Contains("Dismissed", decided.TextContent);
        Assert.Contains("Red-team exercise traffic", decided.TextContent);
        Assert.Contains("Lars Jensen", decided.TextContent);
        host.Dialogs.WaitForAssertion(() => Assert.False(host.Dialogs.HasButton("Dismiss as false positive")));
    }

    [Fact]
    public async Task PromotingOpensAnIncidentWithTheEditedTitleAndGoesToItsWarRoom()
    {
        await using var app = await StartAsync();
        await using var detection = await RunningDetection.StartAsync(app);
        var host = MudHost.Render<Candidates>(app);
        await detection.SignalAsync("voice-concierge", "toxicity-rate", 0.03, 0.05, "us-east");
        host.Page.WaitForAssertion(() => Assert.Contains("Waiting for your decision", WaitingRow(host.Page, ToxicityTitle).TextContent));

        host.Page.ClickLive(() => WaitingRow(host.Page, ToxicityTitle).QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Promote to incident"));
        host.Dialogs.WaitForAssertion(() => Assert.Equal(ToxicityTitle, host.Dialogs.Field("Incident title").GetAttribute("value")));
        host.Dialogs.Field("Incident title").Input("Voice concierge swears at callers in us-east");
        host.Choose(host.Dialogs, "Severity", "SEV2");
        Assert.Contains("Estimated Toxicity", host.Dialogs.Markup);
        host.Choose(host.Dialogs, "Archetype", "misinformation");
        host.Dialogs.ClickLive(() => host.Dialogs.Button("Open incident"));

        host.Page.WaitForAssertion(() => Assert.Matches(@"/incidents/INC-\d{4}-\d{4}$", app.Get<NavigationManager>().Uri));
        var promoted = (await app.Get<CandidateService>().ListAsync()).Single(c => c.IncidentKey is not null && c.SystemSlug == "voice-concierge");
        Assert.EndsWith($"/incidents/{promoted.IncidentKey}", app.Get<NavigationManager>().Uri, StringComparison.Ordinal);
        var incident = (await app.Get<Core.Incidents.IncidentService>().ListAsync()).Single(i => i.Key == promoted.IncidentKey);
        Assert.Equal("Voice concierge swears at callers in us-east", incident.Title);
        Assert.Equal(Core.Incidents.Severity.Sev2, incident.Severity);
        Assert.Equal(Core.Incidents.Archetype.Misinformation, incident.Archetype);
        Assert.Equal("Lars Jensen", incident.IncidentCommander);
    }

    [Fact]
    public async Task LeadershipSeesCandidatesButNoDecisionButtons()
    {
        await using var app = await StartAsync("alex");
        await using var detection = await RunningDetection.StartAsync(app);
        var page = app.Render<Candidates>();
        await detection.SignalAsync("voice-concierge", "toxicity-rate", 0.03, 0.05, "us-east");

        page.WaitForAssertion(() => Assert.Contains("Waiting for a responder's decision", WaitingRow(page, ToxicityTitle).TextContent));
        Assert.False(page.HasButton("Promote to incident"));
        Assert.False(page.HasButton("Merge into incident"));
        Assert.False(page.HasButton("Dismiss"));
    }

    [Fact]
    public async Task TheBadgeCountsCandidatesWaitingForADecisionLive()
    {
        await using var app = await StartAsync();
        await using var detection = await RunningDetection.StartAsync(app);
        var badge = app.Render<CandidatesBadge>();
        Assert.Empty(badge.FindAll("[data-testid=candidates-badge]"));

        await detection.SignalAsync("voice-concierge", "toxicity-rate", 0.03, 0.05, "us-east");
        badge.WaitForAssertion(() => Assert.Equal("1", badge.Find("[data-testid=candidates-badge]").TextContent.Trim()));

        await detection.SignalAsync("support-assistant", "toxicity-rate", 0.04, 0.05, "eu-west");
        badge.WaitForAssertion(() => Assert.Equal("2", badge.Find("[data-testid=candidates-badge]").TextContent.Trim()));
    }
}
