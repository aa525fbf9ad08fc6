using Bunit;
using CommandCenter.Components.Audit;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Components.Admin;
using CommandCenter.Tests.Components.Support;

namespace CommandCenter.Tests.Components.Audit;

public class AuditLogTests
{
    private static async Task<string> DeclareAsync(AppTestContext app, string title) =>
        (await app.Get<IncidentService>().DeclareAsync(
            new DeclareIncident(title, "s", "SEV3", "toxicity", "support-assistant"), await app.ActorAsync("maya"))).Key;

    [Fact]
    public async Task AnAdministratorSeesCommandsWithWhoAndOutcomeAndCanSearchByIncident()
    {
        await using var app = await AppTestContext.StartAsync("admin");
        var key = await DeclareAsync(app, "Audit page check");
        await app.Get<IncidentService>().RecordAsync(key, new RecordTimelineEntry("note", "checked"), await app.ActorAsync("maya"));
        var screen = app.RenderWithProviders<AuditLog>();
        screen.Page.Eventually(() => Assert.Contains("Incident.Record", screen.Page.Find("[data-testid=audit-entries]").TextContent));

        await screen.Page.InvokeAsync(() => screen.PageField("Incident or target").Change(key));
        await screen.Click(() => screen.PageButton("Search"));

        screen.Page.Eventually(() =>
        {
            var rows = screen.Page.FindAll("[data-testid=audit-entries] tbody tr");
            Assert.Single(rows);
            Assert.Contains("Incident.Record", rows[0].TextContent);
            Assert.Contains("Maya", rows[0].TextContent);
            Assert.Contains("Done", rows[0].TextContent);
        });
    }

    [Fact]
    public async Task VerifySaysIntactUpToTheLastEntry()
    {
        await using var app = await AppTestContext.StartAsync("admin");
        await DeclareAsync(app, "Verify check");
        var screen = app.RenderWithProviders<AuditLog>();
        screen.Page.Eventually(() => Assert.NotNull(screen.Page.Find("[data-testid=audit-entries]")));

        await screen.Click(() => screen.PageButton("Verify integrity"));

        screen.Page.Eventually(() => Assert.Matches(@"Audit trail: intact up to entry \d+\.", screen.Page.Find("[data-testid=verification]").TextContent));
    }

    [Fact]
    public async Task AResponderWithoutTheLegalSeatIsNotShownTheTrail()
    {
        await using var app = await AppTestContext.StartAsync("tom");

        var cut = app.Render<AuditLog>();

        cut.Eventually(() => Assert.NotNull(cut.Find("[data-testid=not-allowed]")));
        Assert.Empty(cut.FindAll("[data-testid=audit-entries]"));
    }
}
