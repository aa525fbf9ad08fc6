using Bunit;
using CommandCenter.Components.Systems;
using CommandCenter.Tests.Components.Support;

namespace CommandCenter.Tests.Components.Systems;

public class SystemListTests
{
    private static readonly string[] DemoSlugs = ["support-assistant", "voice-concierge", "refund-agent", "fraud-scoring", "kb-retrieval", "content-moderation"];

    private static List<string?> Slugs<T>(IRenderedComponent<T> page) where T : Microsoft.AspNetCore.Components.IComponent =>
        page.FindAll("[data-testid=system]").Select(s => s.GetAttribute("data-slug")).ToList();

    [Fact]
    public async Task ListsTheDemoSystemsWithTheirOwnersAndRiskTiers()
    {
        await using var app = await AppTestContext.StartAsync();

        var page = app.Render<SystemList>();

        page.WaitForAssertion(() => Assert.Equal(DemoSlugs.Order(), Slugs(page).Order()));
        var refundRow = page.FindAll("tr").Single(tr => tr.QuerySelector("[data-slug=refund-agent]") is not null);
        Assert.Contains("Agent", refundRow.TextContent);
        Assert.NotEmpty(refundRow.QuerySelector("[data-testid=risk-tier]")!.TextContent.Trim());
        Assert.True(page.FindAll("a").Any(a => a.GetAttribute("href") == "/systems/new"), "a responder may register a system");
    }

    [Fact]
    public async Task SearchFiltersTheRegister()
    {
        await using var app = await AppTestContext.StartAsync();
        var page = app.Render<SystemList>();
        page.WaitForAssertion(() => Assert.Equal(DemoSlugs.Length, Slugs(page).Count));

        page.Find("input[aria-label='Search systems']").Input("refund");

        page.WaitForAssertion(() => Assert.Equal(["refund-agent"], Slugs(page)));
    }

    [Fact]
    public async Task SortsByAColumnWhenItsHeaderIsClicked()
    {
        await using var app = await AppTestContext.StartAsync();
        var page = app.Render<SystemList>();
        page.WaitForAssertion(() => Assert.Equal(DemoSlugs.Length, Slugs(page).Count));

        page.FindAll("th").Single(th => th.TextContent.Trim().StartsWith("System", StringComparison.Ordinal))
            .QuerySelector(".sortable-column-header")!.Click();

        page.WaitForAssertion(() =>
        {
            var names = page.FindAll("[data-testid=system] strong").Select(s => s.TextContent.Trim()).ToList();
            Assert.Equal(names.Order(StringComparer.CurrentCulture).ToList(), names);
        });
    }

    [Fact]
    public async Task LeadershipReadsTheRegisterWithoutARegisterButton()
    {
        await using var app = await AppTestContext.StartAsync("alex");

        var page = app.Render<SystemList>();

        page.WaitForAssertion(() => Assert.Equal(DemoSlugs.Length, Slugs(page).Count));
        Assert.DoesNotContain(page.FindAll("a"), a => a.GetAttribute("href") == "/systems/new");
    }
}
