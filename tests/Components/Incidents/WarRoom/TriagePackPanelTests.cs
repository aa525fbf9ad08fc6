using AngleSharp.Dom;
using CommandCenter.Tests.Components.Support;
using CommandCenter.Components.Common;
using CommandCenter.Components.Incidents.WarRoom;
using CommandCenter.Components.Shared;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Systems;

namespace CommandCenter.Tests.Components.Incidents.WarRoom;

public class TriagePackPanelTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);

    private static readonly AiSystemView Assistant = new(1, "support-assistant", "Support assistant", AiSystemKind.Generative, "Care",
        RiskTier.Limited, "care-llm 2", "care-llm 1", true);

    private static TriagePack Empty() => new("INC-2026-0042", Now, Now.AddDays(-3), null, null, [], [], null, [], []);

    private static async Task<AngleSharp.Dom.INodeList> RenderAsync(TriagePack pack)
    {
        await using var panel = new PanelContext();
        return panel.Render<TriagePackPanel>(p => p.Add(t => t.Pack, pack).Add(t => t.Now, Now)).Nodes;
    }

    [Fact]
    public async Task SaysWhatIsMissingInEachEmptySection()
    {
        var document = await RenderAsync(Empty());

        Assert.Contains("No changes recorded", document.QuerySelector("[data-testid=change-snapshot]")!.TextContent);
        Assert.Contains("No monitoring signals", document.QuerySelector("[data-testid=anomalies]")!.TextContent);
        Assert.Contains("No dependencies recorded", document.QuerySelector("[data-testid=dependencies]")!.TextContent);
        Assert.Contains("No similar past incident", document.QuerySelector("[data-testid=similar]")!.TextContent);
        Assert.Null(document.QuerySelector("[data-testid=time-to-context]"));
    }

    [Fact]
    public async Task MarksChangesBeforeTheFirstSignalAsSuspects()
    {
        var deploy = new ChangeView(1, "support-assistant", "Support assistant", ChangeKind.ModelDeploy, "care-llm 2 rolled out", "care-llm 1",
            "care-llm 2", "deploy-bot", "ci", Now.AddHours(-2), Now.AddHours(-2));
        var guardrail = new ChangeView(2, "support-assistant", "Support assistant", ChangeKind.Guardrail, "Filter tightened", null, null, null,
            "ci", Now.AddMinutes(-5), Now.AddMinutes(-5));
        var document = await RenderAsync(Empty() with { Changes = [new(guardrail, false), new(deploy, true)] });

        var items = document.QuerySelectorAll("[data-testid=change-snapshot] li");
        Assert.Equal(2, items.Length);
        Assert.Contains("during incident", items[0].TextContent);
        Assert.Contains("suspect", items[1].ClassList);
        Assert.Contains("care-llm 1 → care-llm 2", items[1].TextContent);
        Assert.Contains("before first signal", items[1].TextContent);
    }

    [Fact]
    public async Task RanksAnomaliesAndShowsWhatMovedTogether()
    {
        var pack = Empty() with
        {
            Anomalies =
            [
                new("Support assistant", "prompt-injection-hit", 12, 0.05, 0.01, 4.0, Now.AddMinutes(-20), Now, ["p90-latency-ms"]),
                new("Support assistant", "p90-latency-ms", 3, 8200, 7000, 0.171, Now.AddMinutes(-18), Now, []),
            ],
            TimeToContext = TimeSpan.FromSeconds(31),
        };

        var document = await RenderAsync(pack);

        var rows = document.QuerySelectorAll("[data-testid=anomalies] tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.Contains("+400 %", rows[0].TextContent);
        Assert.Contains("p90-latency-ms", rows[0].QuerySelectorAll("td")[5].TextContent);
        Assert.Contains("8,200", rows[1].TextContent);
        Assert.Contains("31s", document.QuerySelector("[data-testid=time-to-context]")!.TextContent);
    }

    [Fact]
    public async Task DrawsTheDependencyGraphWithExternalServicesDashed()
    {
        var graph = new DependencyGraph(Assistant,
            [new("Knowledge-base index", "kb-retrieval", AiSystemKind.Generative, RiskTier.Limited), new("Orders API", null, null, null)],
            [new("Refund agent", "refund-agent", AiSystemKind.Agent, RiskTier.High)]);

        var document = await RenderAsync(Empty() with { Dependencies = graph });

        var svg = document.QuerySelector("[data-testid=dependencies] svg.dep-graph")!;
        Assert.Equal(4, svg.QuerySelectorAll(".dep-node").Length);
        Assert.Equal(3, svg.QuerySelectorAll(".dep-edge").Length);
        Assert.Single(svg.QuerySelectorAll(".dep-node.external"));
        Assert.Contains("Support assistant depends on Knowledge-base index, Orders API; Refund agent depend on it.", svg.GetAttribute("aria-label"));
    }

    [Fact]
    public async Task ListsSimilarIncidentsWithOutcomeAndWhatWorked()
    {
        var similar = new SimilarIncident("INC-2026-0001", "Hidden instructions in help articles", Archetype.PromptInjection, "Support assistant",
            Severity.Sev2, IncidentStatus.Resolved, Now.AddDays(-10), 0.81, ["same archetype", "same system"], TimeSpan.FromMinutes(40),
            ["Excluded community articles from retrieval"]);

        var document = await RenderAsync(Empty() with { SimilarIncidents = [similar], Mitigations = [new("Tighten filters", "stops it")] });

        var item = document.QuerySelector("[data-testid=similar] li")!;
        Assert.Equal("/incidents/INC-2026-0001", item.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("match 81%", item.TextContent);
        Assert.Contains("contained in 40m", item.TextContent);
        Assert.Contains("Excluded community articles from retrieval", item.TextContent);
        Assert.Contains("Tighten filters", document.QuerySelector("[data-testid=mitigations]")!.TextContent);
    }
}
