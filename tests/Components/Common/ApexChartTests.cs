using Bunit;
using CommandCenter.Components.Common;
using CommandCenter.Components.Incidents.Board;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Components.Support;

namespace CommandCenter.Tests.Components.Common;

public class ApexChartTests
{
    [Fact]
    public async Task RendersAnImageContainerNamedByItsLabelAndDrawsWithTheThemePalette()
    {
        await using var app = await AppTestContext.StartAsync();
        var options = new { chart = new { type = "bar" }, series = new[] { new { name = "Open", data = new[] { 1, 2 } } } };

        var chart = app.Render<ApexChart>(p => p.Add(c => c.Options, options).Add(c => c.Label, "SEV-1: 1, SEV-2: 2"));

        var container = chart.Find("[data-testid=apex-chart]");
        Assert.Equal("img", container.GetAttribute("role"));
        Assert.Equal("SEV-1: 1, SEV-2: 2", container.GetAttribute("aria-label"));
        var render = app.Context.JSInterop.VerifyInvoke("ccCharts.render");
        Assert.Same(options, render.Arguments[1]);
        var theme = Assert.IsType<ChartTheme>(render.Arguments[2]);
        Assert.False(theme.Dark);
        Assert.Equal("#1c2430", theme.Light.Text);
        Assert.Equal("#e5e7eb", theme.DarkPalette.Text);
        Assert.Equal("dark", theme.DarkPalette.Mode);
    }

    [Fact]
    public async Task UpdatesTheSameChartWhenTheOptionsChange()
    {
        await using var app = await AppTestContext.StartAsync();
        var chart = app.Render<IncidentsBySeverityChart>(p => p.Add(c => c.Counts,
            [new SeverityCount(Severity.Sev1, 1), new SeverityCount(Severity.Sev2, 0)]));

        chart.Render(p => p.Add(c => c.Counts, [new SeverityCount(Severity.Sev1, 2), new SeverityCount(Severity.Sev2, 0)]));

        app.Context.JSInterop.VerifyInvoke("ccCharts.render", 1);
        app.Context.JSInterop.VerifyInvoke("ccCharts.update", 1);
        Assert.Equal("SEV-1: 2, SEV-2: 0", chart.Find("[data-testid=apex-chart]").GetAttribute("aria-label"));
    }
}
