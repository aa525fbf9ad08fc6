using Bunit;
using CommandCenter.Components.Shared;
using CommandCenter.Components.Systems;
using CommandCenter.Core.Systems;
using CommandCenter.Tests.Components.Support;

namespace CommandCenter.Tests.Components.Systems;

public class SystemDetailTests
{
    [Fact]
    public async Task ShowsWhatTheSystemDependsOnAndWhatDependsOnIt()
    {
        await using var app = await AppTestContext.StartAsync();

        var page = app.Render<SystemDetail>(p => p.Add(d => d.Slug, "support-assistant"));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=dependencies]")));
        var dependencies = page.Find("[data-testid=dependencies]");
        var items = dependencies.QuerySelectorAll("li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Contains("Depends on Knowledge-base retrieval", items);
        Assert.Contains("Used by Autonomous refund agent", items);
        var graph = dependencies.QuerySelector("svg.dep-graph")!;
        Assert.Contains("Knowledge-base retrieval", graph.GetAttribute("aria-label"));
        Assert.Equal("Support assistant (RAG chatbot)", page.Find("h1").TextContent.Trim());
        Assert.NotEmpty(page.FindAll("[data-testid=control-webhook]"));
    }

    [Fact]
    public async Task SaysSoWhenThereIsNoSuchSystem()
    {
        await using var app = await AppTestContext.StartAsync();

        var page = app.Render<SystemDetail>(p => p.Add(d => d.Slug, "no-such-system"));

        page.WaitForAssertion(() => Assert.Equal("There is no AI system 'no-such-system'.", page.Find("h1").TextContent.Trim()));
    }

    [Fact]
    public async Task LeadershipSeesNeitherEditNorTheControlWebhook()
    {
        await using var app = await AppTestContext.StartAsync("alex");

        var page = app.Render<SystemDetail>(p => p.Add(d => d.Slug, "support-assistant"));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=dependencies]")));
        Assert.Empty(page.FindAll("[data-testid=control-webhook]"));
        Assert.DoesNotContain(page.FindAll("a"), a => a.GetAttribute("href")?.EndsWith("/edit", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task TheGraphWrapsLongNamesInsteadOfCuttingThem()
    {
        await using var app = await AppTestContext.StartAsync();
        var center = new AiSystemView(1, "claims", "Claims triage model for motor and household insurance", AiSystemKind.Predictive, "Claims",
            RiskTier.High, "v5", null, false);
        var graph = new DependencyGraph(center,
            [new DependencyNode("Claims intake API operated by the shared services platform team", null, null, null)],
            [new DependencyNode("Fraud scoring", "fraud-scoring", AiSystemKind.Predictive, RiskTier.High)]);

        var view = app.Render<DependencyGraphView>(p => p.Add(g => g.Graph, graph));

        foreach (var svg in view.FindAll("svg"))
        {
            var labels = svg.QuerySelectorAll("g.dep-node text")
                .Select(text => string.Join(" ", text.QuerySelectorAll("tspan").Select(t => t.TextContent.Trim())))
                .ToList();
            Assert.Contains("Claims triage model for motor and household insurance", labels);
            Assert.Contains("Claims intake API operated by the shared services platform team", labels);
            Assert.DoesNotContain(labels, label => label.Contains('…', StringComparison.Ordinal));
            Assert.All(svg.QuerySelectorAll("tspan"), t => Assert.True(t.TextContent.Trim().Length <= 22, t.TextContent));
        }
        Assert.Equal(2, view.FindAll("svg").Count);
    }
}
