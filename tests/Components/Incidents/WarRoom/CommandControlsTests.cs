using Bunit;
using CommandCenter.Components.Common;
using CommandCenter.Components.Incidents.WarRoom;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Systems;
using CommandCenter.Tests.Components.Support;

namespace CommandCenter.Tests.Components.Incidents.WarRoom;

public class CommandControlsTests
{
    private static readonly DateTime Detected = new(2026, 11, 22, 9, 0, 0, DateTimeKind.Utc);

    private static IncidentDetail Detail(IncidentStatus status, Severity severity)
    {
        var system = new AiSystemView(1, "support-assistant", "Support assistant", AiSystemKind.Generative, "Care", RiskTier.Limited, "care-llm 2", "care-llm 1", true);
        var summary = new IncidentSummary("INC-2026-0042", "Assistant leaks order notes", severity, Archetype.PromptInjection, status, system.Slug,
            system.Name, "Maya Chen", Detected, Detected, 3, IsExercise: false);
        return new IncidentDetail(summary, "", "Maya Chen", system, [], new PhaseTimes(null, Detected, Detected.AddMinutes(12), Detected.AddMinutes(40), null, null, null),
            new IncidentMetrics(null, null, null, null, null), [], [], []);
    }

    private readonly List<string> _asked = [];

    private IRenderedComponentLike Render(PanelContext panel, bool readOnly, IncidentStatus status = IncidentStatus.Contained, bool mayCommand = true) =>
        new(panel.Render<CommandControls>(p => p
            .Add(c => c.Detail, Detail(status, Severity.Sev2))
            .Add(c => c.Now, Detected.AddHours(1))
            .Add(c => c.ReadOnly, readOnly)
            .Add(c => c.MayCommand, mayCommand)
            .Add(c => c.ChangeStatus, (target, reason) => { _asked.Add($"status {target} {reason}"); return Task.FromResult(ActionOutcome.Done); })
            .Add(c => c.ChangeSeverity, (target, reason) => { _asked.Add($"severity {target} {reason}"); return Task.FromResult(ActionOutcome.Done); })));

    [Fact]
    public async Task OnlySomeoneWhoMayNotCommandIsToldWhoDoes()
    {
        await using var panel = new PanelContext();
        Assert.Empty(Render(panel, readOnly: false).Cut.FindAll("[data-testid=command-hint]"));

        await using var other = new PanelContext();
        var hint = Render(other, readOnly: false, mayCommand: false).Cut.Find("[data-testid=command-hint]");
        Assert.Contains("Only the Incident Commander", hint.TextContent);
    }

    [Fact]
    public async Task MarksDoneCurrentAndReachablePhasesWithTheirTimes()
    {
        await using var panel = new PanelContext();
        var cut = Render(panel, readOnly: false).Cut;

        var phases = cut.FindAll("nav[aria-label=Status] .phase");
        Assert.Equal(6, phases.Count);
        Assert.Contains("phase-done", phases[1].ClassList);
        Assert.Contains("+12m", phases[1].TextContent);
        Assert.Equal("step", phases[2].GetAttribute("aria-current"));
        Assert.Contains("09:40 UTC", phases[2].TextContent);
        Assert.Contains("phase-next", phases[3].ClassList);
        Assert.Contains("phase-later", phases[5].ClassList);
    }

    [Fact]
    public async Task ChangesSeverityOnlyAfterTheConfirmationNextToIt()
    {
        await using var panel = new PanelContext();
        var cut = Render(panel, readOnly: false).Cut;

        cut.FindAll(".sev-option").Single(b => b.TextContent.Trim() == "SEV-1").Click();
        Assert.Empty(_asked);
        Assert.Contains("Raise INC-2026-0042 to SEV-1?", cut.Find("[data-testid=pending-change]").TextContent);
        cut.Find("#pending-reason").Input("Customers affected");
        cut.Find("[data-testid=pending-change]").Submit();

        Assert.Equal(["severity Sev1 Customers affected"], _asked);
        Assert.Empty(cut.FindAll("[data-testid=pending-change]"));
    }

    [Fact]
    public async Task CancelsAPendingChangeWithoutAsking()
    {
        await using var panel = new PanelContext();
        var cut = Render(panel, readOnly: false).Cut;

        cut.FindAll(".sev-option").Single(b => b.TextContent.Trim() == "SEV-4").Click();
        cut.FindAll("[data-testid=pending-change] button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        Assert.Empty(_asked);
        Assert.Empty(cut.FindAll("[data-testid=pending-change]"));
    }

    [Fact]
    public async Task RendersNoControlWhenReadOnly()
    {
        await using var panel = new PanelContext();
        var cut = Render(panel, readOnly: true).Cut;

        Assert.Empty(cut.FindAll("button, input, select, textarea"));
        Assert.Equal(6, cut.FindAll("nav[aria-label=Status] .phase").Count);
    }

    private sealed record IRenderedComponentLike(Bunit.IRenderedComponent<CommandControls> Cut);
}
