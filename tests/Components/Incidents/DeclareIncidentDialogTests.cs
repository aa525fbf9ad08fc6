using Bunit;
using CommandCenter.Components.Incidents.Board;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Components.Support;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Tests.Components.Incidents;

public class DeclareIncidentDialogTests
{
    private static MudHost<Board> OpenDialog(AppTestContext app)
    {
        var host = MudHost.Render<Board>(app);
        host.Page.WaitForAssertion(() => Assert.True(host.Page.HasButton("Declare incident")));
        host.Page.Button("Declare incident").Click();
        host.Dialogs.WaitForAssertion(() => Assert.Contains("Affected system", host.Dialogs.Markup));
        return host;
    }

    [Fact]
    public async Task AnEmptyTitleIsRefusedUnderTheTitleAndEverythingElseTypedStays()
    {
        await using var app = await AppTestContext.StartAsync();
        var incidentsBefore = (await app.Get<IncidentService>().ListAsync()).Count;
        var host = OpenDialog(app);
        var dialog = host.Dialogs;

        host.Choose(dialog, "Severity", "SEV2");
        host.Choose(dialog, "Archetype", "data-leakage");
        host.Choose(dialog, "Affected system", "refund-agent");
        dialog.Field("Summary").Input("Two customers saw each other's refunds.");
        dialog.Button("Declare").Click();

        dialog.WaitForAssertion(() => Assert.Equal("Title is required.", dialog.ErrorUnder("Title")));
        Assert.Null(dialog.ErrorUnder("Severity"));
        Assert.StartsWith("SEV-2", dialog.Field("Severity").GetAttribute("value"), StringComparison.Ordinal);
        Assert.Equal("Data leakage", dialog.Field("Archetype").GetAttribute("value"));
        Assert.Equal("Autonomous refund agent", dialog.Field("Affected system").GetAttribute("value"));
        Assert.Equal("Two customers saw each other's refunds.", dialog.Field("Summary").GetAttribute("value") ?? dialog.Field("Summary").TextContent);
        Assert.Equal(incidentsBefore, (await app.Get<IncidentService>().ListAsync()).Count);
        Assert.EndsWith("/", app.Get<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AValidDeclareCreatesTheIncidentWithTheDeclarerAsCommanderAndOpensItsWarRoom()
    {
        await using var app = await AppTestContext.StartAsync();
        var host = OpenDialog(app);
        var dialog = host.Dialogs;

        dialog.Field("Title").Input("Refund agent emails customers twice");
        host.Choose(dialog, "Severity", "SEV3");
        host.Choose(dialog, "Archetype", "agentic-misalignment");
        host.Choose(dialog, "Affected system", "refund-agent");
        dialog.Button("Declare").Click();

        host.Page.WaitForAssertion(() => Assert.Matches(@"/incidents/INC-\d{4}-\d{4}$", app.Get<NavigationManager>().Uri));
        var declared = (await app.Get<IncidentService>().ListAsync()).Single(i => i.Title == "Refund agent emails customers twice");
        Assert.Equal(Severity.Sev3, declared.Severity);
        Assert.Equal("refund-agent", declared.SystemSlug);
        Assert.Equal("Maya Chen", declared.IncidentCommander);
        Assert.EndsWith($"/incidents/{declared.Key}", app.Get<NavigationManager>().Uri, StringComparison.Ordinal);
        dialog.WaitForAssertion(() => Assert.DoesNotContain("Affected system", dialog.Markup));
    }
}
