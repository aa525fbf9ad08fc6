using Bunit;
using CommandCenter.Components.Incidents.WarRoom;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Systems;
using CommandCenter.Tests.Components.Support;

namespace CommandCenter.Tests.Components.Incidents.WarRoom;

/// <summary>The exercise banner follows the incident's exercise flag, not the shape of its key.</summary>
public class IncidentHeaderTests
{
    private static readonly DateTime Detected = new(2026, 11, 22, 9, 0, 0, DateTimeKind.Utc);

    private static IncidentDetail Detail(string key, bool exercise)
    {
        var system = new AiSystemView(1, "support-assistant", "Support assistant", AiSystemKind.Generative, "Care", RiskTier.Limited, "care-llm 2", "care-llm 1", true);
        var summary = new IncidentSummary(key, "Assistant leaks order notes", Severity.Sev2, Archetype.PromptInjection, IncidentStatus.Triaged, system.Slug,
            system.Name, "Maya Chen", Detected, Detected, 3, exercise);
        return new IncidentDetail(summary, "", "Maya Chen", system, [], new PhaseTimes(null, Detected, Detected.AddMinutes(12), null, null, null, null),
            new IncidentMetrics(null, null, null, null, null), [], [], []);
    }

    [Theory]
    [InlineData("EX-2026-0003", true, true)]
    [InlineData("INC-2026-0042", false, false)]
    [InlineData("INC-2026-0043", true, true)]
    [InlineData("EX-2026-0004", false, false)]
    public async Task ShowsTheExerciseBannerExactlyForAnExercise(string key, bool exercise, bool banner)
    {
        await using var panel = new PanelContext();
        var cut = panel.Render<IncidentHeader>(p => p.Add(c => c.Detail, Detail(key, exercise)).Add(c => c.Now, Detected.AddHours(1)));

        Assert.Equal(banner, cut.FindAll("[data-testid=exercise-banner]").Count == 1);
    }
}
