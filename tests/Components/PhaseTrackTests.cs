using CommandCenter.Tests.Components.Support;
using CommandCenter.Components.Shared;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Tests.Components;

public class PhaseTrackTests
{
    private static readonly DateTime Detected = new(2026, 11, 22, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task MarksDoneCurrentAndReachablePhasesWithTheirTimes()
    {
        var phases = new PhaseTimes(null, Detected, Detected.AddMinutes(12), Detected.AddMinutes(40), null, null, null);

        var document = await ComponentRenderer.RenderAsync<PhaseTrack>(new()
        {
            [nameof(PhaseTrack.Current)] = IncidentStatus.Contained,
            [nameof(PhaseTrack.Phases)] = phases,
            [nameof(PhaseTrack.Now)] = Detected.AddHours(1),
        });

        var buttons = document.QuerySelectorAll("nav[aria-label=Status] button");
        Assert.Equal(6, buttons.Length);
        Assert.Contains("phase-done", buttons[1].ClassList);
        Assert.Contains("+12m", buttons[1].TextContent);
        Assert.Equal("step", buttons[2].GetAttribute("aria-current"));
        Assert.Contains("09:40 UTC", buttons[2].TextContent);
        Assert.Contains("phase-next", buttons[3].ClassList);
        Assert.Contains("phase-next", buttons[4].ClassList);
        Assert.Contains("phase-later", buttons[5].ClassList);
    }
}
