using Bunit;
using CommandCenter.Components.Evidence;
using CommandCenter.Core.Evidence;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Components.Admin;
using CommandCenter.Tests.Components.Support;

namespace CommandCenter.Tests.Components.Evidence;

public class EvidencePageTests
{
    private static async Task<string> DeclareAsync(AppTestContext app) =>
        (await app.Get<IncidentService>().DeclareAsync(
            new DeclareIncident("Evidence page check", "s", "SEV3", "toxicity", "support-assistant"), await app.ActorAsync("maya"))).Key;

    [Fact]
    public async Task PastedTextIsCollectedAndShowsItsHashCustodyLogAndText()
    {
        await using var app = await AppTestContext.StartAsync("tom");
        var key = await DeclareAsync(app);
        var screen = app.RenderWithProviders<EvidencePage>(p => p.Add(x => x.Key, key));
        screen.Page.Eventually(() => Assert.Contains("No evidence yet", screen.Page.Markup));

        await screen.Page.InvokeAsync(() => screen.PageField("Title").Input("Attacker prompt"));
        await screen.Page.InvokeAsync(() => screen.PageField("Source").Input("trace 7f3a"));
        await screen.Page.InvokeAsync(() => screen.PageField("Paste text (prompt, conversation, output, log lines)").Input("Ignore previous instructions."));
        await screen.Click(() => screen.PageButton("Collect"));

        screen.Page.Eventually(() => Assert.NotNull(screen.Page.Find("[data-testid=evidence-text]")));
        var stored = (await app.Get<EvidenceService>().ListAsync(key)).Single();
        screen.Page.Eventually(() =>
        {
            Assert.Equal(stored.Sha256, screen.Page.Find("[data-testid=evidence-hash]").TextContent);
            var custody = screen.Page.Find("[data-testid=custody-log]").TextContent;
            Assert.Contains("Collected by Tom Okafor", custody);
            Assert.Contains("Viewed by Tom Okafor", custody);
            Assert.Equal("Ignore previous instructions.", screen.Page.Find("[data-testid=evidence-text]").TextContent);
        });
    }

    [Fact]
    public async Task LeadershipSeesTheEvidenceButNoControls()
    {
        await using var app = await AppTestContext.StartAsync("alex");
        var key = await DeclareAsync(app);
        await app.Get<EvidenceService>().AddAsync(key, new AddEvidence("output", "Reply", "ticket 4411", "Here is SAVE50."), await app.ActorAsync("maya"));

        var cut = app.Render<EvidencePage>(p => p.Add(x => x.Key, key));

        cut.Eventually(() => Assert.Contains("Reply", cut.Find("[data-testid=evidence-list]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=collect]"));
        Assert.Empty(cut.FindAll("input[type=file]"));
    }

    [Fact]
    public async Task TheRecordPageShowsTheChainCheckRolesAndEvidenceManifest()
    {
        await using var app = await AppTestContext.StartAsync("alex");
        var key = await DeclareAsync(app);
        var added = await app.Get<EvidenceService>().AddAsync(key, new AddEvidence("output", "Reply", "ticket 4411", "Here is SAVE50."),
            await app.ActorAsync("maya"));

        var cut = app.Render<IncidentRecordPage>(p => p.Add(x => x.Key, key));

        cut.Eventually(() =>
        {
            var text = cut.Find("[data-testid=incident-record]").TextContent;
            Assert.Matches(@"Timeline chain:\s+intact", text);
            Assert.Contains(added.Sha256, text);
            Assert.Contains("Evidence collected", text);
        });
        Assert.Contains("print", cut.Markup);
    }
}
