using Bunit;
using CommandCenter.Components.Playbooks;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Components.Support;

namespace CommandCenter.Tests.Components.Admin;

public class PlaybookListTests
{
    [Fact]
    public async Task ShowsTheSevenBuiltInPlaybooksAtTheirFirstVersion()
    {
        await using var app = await AppTestContext.StartAsync("maya");

        var list = app.Render<PlaybookList>();

        list.Eventually(() => Assert.Equal(7, list.FindAll("[data-testid=playbook-row]").Count));
        var archetypes = list.FindAll("[data-testid=playbook-row]").Select(r => r.GetAttribute("data-archetype")).ToList();
        Assert.Equal(Enum.GetValues<Archetype>().Select(a => a.Code()).Order(), archetypes.Order());
        Assert.All(list.FindAll("[data-testid=playbook-row-version]"), v => Assert.Equal("v1", v.TextContent.Trim()));
        var toxicity = list.Find("[data-testid=playbook-row][data-archetype=toxicity]");
        Assert.Equal("Model safety violation / toxicity", toxicity.TextContent.Trim());
        Assert.Equal("/playbooks/toxicity", toxicity.GetAttribute("href"));
    }
}
