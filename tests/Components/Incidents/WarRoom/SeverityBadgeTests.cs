using AngleSharp.Dom;
using CommandCenter.Tests.Components.Support;
using CommandCenter.Components.Common;
using CommandCenter.Components.Incidents.WarRoom;
using CommandCenter.Components.Shared;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Tests.Components.Incidents.WarRoom;

public class SeverityBadgeTests
{
    [Theory]
    [InlineData(Severity.Sev1, "SEV-1", "sev-1")]
    [InlineData(Severity.Sev2, "SEV-2", "sev-2")]
    [InlineData(Severity.Sev3, "SEV-3", "sev-3")]
    [InlineData(Severity.Sev4, "SEV-4", "sev-4")]
    public async Task RendersLabelColourAndMeaningGivenSeverity(Severity severity, string label, string css)
    {
        await using var panel = new PanelContext();
        var document = panel.Render<SeverityBadge>(p => p.Add(b => b.Severity, severity)).Nodes;

        var badge = document.QuerySelector("[data-testid=severity]")!;
        Assert.Equal(label, badge.TextContent);
        Assert.Contains(css, badge.ClassList);
        Assert.Equal(severity.Meaning(), badge.GetAttribute("title"));
    }
}
