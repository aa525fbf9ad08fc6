using AngleSharp.Dom;
using Bunit;
using CommandCenter.Tests.Components.Support;
using CommandCenter.Components.Common;
using CommandCenter.Components.Incidents.WarRoom;
using CommandCenter.Components.Shared;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Tests.Components.Incidents.WarRoom;

public class RoleRosterTests
{
    private static readonly DateTime At = new(2026, 11, 22, 9, 0, 0, DateTimeKind.Utc);

    private readonly List<RoleRoster.RoleChange> _assigned = [];

    private async Task<AngleSharp.Dom.INodeList> RenderAsync(IReadOnlyList<RoleAssignmentView> roles, bool readOnly = false)
    {
        await using var panel = new PanelContext();
        return panel.Render<RoleRoster>(p => p
            .Add(r => r.Roles, roles)
            .Add(r => r.Me, "Maya Chen")
            .Add(r => r.People, ["Maya Chen", "Tom Okafor"])
            .Add(r => r.ReadOnly, readOnly)
            .Add(r => r.Assign, change => { _assigned.Add(change); return Task.FromResult(ActionOutcome.Done); })
            .Add(r => r.Release, _ => Task.FromResult(ActionOutcome.Done))).Nodes;
    }

    [Fact]
    public async Task ListsEverySeatWithHoldersAndVacancies()
    {
        var document = await RenderAsync(
        [
            new RoleAssignmentView(IncidentRole.IncidentCommander, "Maya Chen", At),
            new RoleAssignmentView(IncidentRole.Scribe, "Maya Chen", At),
        ]);

        var rows = document.QuerySelectorAll(".roster-row");
        Assert.Equal(6, rows.Length);
        Assert.Equal("Maya Chen", document.QuerySelector("[data-testid=role-incident-commander] .person")!.TextContent);
        Assert.Equal("Maya Chen", document.QuerySelector("[data-testid=role-scribe] .person")!.TextContent);
        var legal = document.QuerySelector("[data-testid=role-legal-liaison]")!;
        Assert.Contains("vacant", legal.ClassList);
        Assert.Contains("Vacant", legal.TextContent);
    }

    [Fact]
    public async Task OffersTakeForVacantSeatsAndReassignOrReleaseForHeldOnes()
    {
        var document = await RenderAsync([new RoleAssignmentView(IncidentRole.TechnicalLead, "Priya Raman", At)]);

        var held = document.QuerySelector("[data-testid=role-technical-lead]")!;
        Assert.NotNull(held.QuerySelector("button[aria-label='Reassign Technical Lead']"));
        Assert.NotNull(held.QuerySelector("button[aria-label='Release Technical Lead']"));
        Assert.DoesNotContain(held.QuerySelectorAll("button"), b => b.TextContent.Trim() == "Take");

        var vacant = document.QuerySelector("[data-testid=role-incident-commander]")!;
        Assert.Contains(vacant.QuerySelectorAll("button"), b => b.TextContent.Trim() == "Take");
        Assert.NotNull(vacant.QuerySelector("button[aria-label='Assign Incident Commander']"));
    }

    [Fact]
    public async Task ShowsNoControlsWhenReadOnly()
    {
        var document = await RenderAsync([new RoleAssignmentView(IncidentRole.IncidentCommander, "Maya Chen", At)], readOnly: true);

        Assert.Empty(document.QuerySelectorAll(".roster button"));
        Assert.Equal(6, document.QuerySelectorAll(".roster-row").Length);
    }

    [Fact]
    public async Task ThePickerListsSuggestionsFirstLabelledThenEveryoneElse()
    {
        await using var panel = new PanelContext();
        var suggestions = new RosterSuggestionSet(new Dictionary<IncidentRole, IReadOnlyList<RoleSuggestion>>
        {
            [IncidentRole.IncidentCommander] = [new RoleSuggestion("Tom Okafor", "tom", "Incident Commander on INC-2026-0003 (same system)")],
        });
        var cut = panel.Render<RoleRoster>(p => p
            .Add(r => r.Roles, [])
            .Add(r => r.Me, "Maya Chen")
            .Add(r => r.People, ["Maya Chen", "Tom Okafor", "Priya Raman"])
            .Add(r => r.Suggestions, suggestions)
            .Add(r => r.Assign, change => { _assigned.Add(change); return Task.FromResult(ActionOutcome.Done); })
            .Add(r => r.Release, _ => Task.FromResult(ActionOutcome.Done)));

        cut.Find("button[aria-label='Assign Incident Commander']").Click();

        var options = cut.FindAll("#people-incident-commander option");
        Assert.Equal(["Tom Okafor", "Maya Chen", "Priya Raman"], options.Select(o => o.GetAttribute("value")));
        Assert.Equal("Suggested: Incident Commander on INC-2026-0003 (same system)", options[0].GetAttribute("label"));
        Assert.Null(options[1].GetAttribute("label"));
        Assert.Empty(cut.FindAll("#people-scribe option"));
    }
}
