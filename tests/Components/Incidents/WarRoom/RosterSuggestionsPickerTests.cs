using Bunit;
using CommandCenter.Components.Common;
using CommandCenter.Components.Incidents.WarRoom;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Components.Support;

namespace CommandCenter.Tests.Components.Incidents.WarRoom;

/// <summary>The roster picker with suggestions from Core on the demo data: past holders of the role on similar incidents.</summary>
public class RosterSuggestionsPickerTests
{
    [Fact]
    public async Task TheCommanderPicksASuggestedPastCommanderWithOneClick()
    {
        await using var app = await AppTestContext.StartAsync("sam");
        var key = (await app.Get<IncidentService>().DeclareAsync(
            new DeclareIncident("Assistant leaks another discount code", "s", "SEV3", "prompt-injection", "support-assistant"),
            await app.ActorAsync("sam"))).Key;
        var suggestions = await app.Get<RosterSuggestions>().ForIncidentAsync(key);
        var first = suggestions.For(IncidentRole.IncidentCommander).First();
        Assert.Matches(@"^Incident Commander on INC-\d{4}-\d{4} \(same system\)$", first.Why);
        var assigned = new List<RoleRoster.RoleChange>();

        var cut = app.Render<RoleRoster>(p => p
            .Add(r => r.Roles, [])
            .Add(r => r.Me, "Sam Rivera")
            .Add(r => r.People, ["Sam Rivera", first.DisplayName])
            .Add(r => r.Suggestions, suggestions)
            .Add(r => r.Assign, change => { assigned.Add(change); return Task.FromResult(ActionOutcome.Done); })
            .Add(r => r.Release, _ => Task.FromResult(ActionOutcome.Done)));
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Assign Incident Commander']").Click());

        var group = cut.Find("[data-testid=role-suggestions]");
        Assert.Equal("Suggested for Incident Commander", group.GetAttribute("aria-label"));
        Assert.Contains("Suggested", group.TextContent);
        Assert.Contains(first.Why, group.TextContent);
        await cut.InvokeAsync(() => cut.Find($"button[aria-label='Suggest {first.DisplayName}: {first.Why}']").Click());
        Assert.Equal(first.DisplayName, cut.Find("#assign-incident-commander").GetAttribute("value"));
        await cut.InvokeAsync(() => cut.Find("form.inline-form").Submit());

        Assert.Equal([new RoleRoster.RoleChange(IncidentRole.IncidentCommander, first.DisplayName)], assigned);
    }
}
