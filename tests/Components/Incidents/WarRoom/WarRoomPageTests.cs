using Bunit;
using CommandCenter.Components.Incidents.WarRoom;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Components.Support;
using static CommandCenter.Tests.Components.Incidents.WarRoom.WarRoomFixture;

namespace CommandCenter.Tests.Components.Incidents.WarRoom;

public class WarRoomPageTests
{
    [Fact]
    public async Task ShowsTheIncidentWithEveryPanelFromOneState()
    {
        await using var app = await AppTestContext.StartAsync("maya");

        var room = app.Open<WarRoomPage>(Injection);

        room.WaitForAssertion(() => Assert.NotEmpty(room.FindAll("[data-testid=containment-action], [data-testid=containment] .containment-actions")));
        foreach (var id in new[] { "timeline", "containment", "roles", "updates", "clocks", "playbook", "legal", "decisions" })
        {
            Assert.NotNull(room.Find($"#{id}"));
        }
        Assert.NotEmpty(room.FindAll("[data-testid=timeline-entry]"));
        room.WaitForAssertion(() => Assert.NotEmpty(room.FindAll("[data-testid=playbook-step]")));
        Assert.Equal("Maya Chen", room.Find("[data-testid=role-incident-commander] .person").TextContent);
    }

    [Fact]
    public async Task SaysSoGivenAnUnknownIncident()
    {
        await using var app = await AppTestContext.StartAsync("maya");

        var room = app.Render<WarRoomPage>(p => p.Add(v => v.Key, "INC-1999-0042"));

        room.WaitForAssertion(() => Assert.Contains("There is no incident INC-1999-0042.", room.Find("h1").TextContent));
    }

    [Fact]
    public async Task PutsTheCommandersControlsAndAJumpNavBeforeTheTimeline()
    {
        await using var app = await AppTestContext.StartAsync("maya");

        var room = app.Open<WarRoomPage>(Injection);

        var markup = room.Markup;
        Assert.True(markup.IndexOf("aria-labelledby=\"severity-label\"", StringComparison.Ordinal) < markup.IndexOf("id=\"composer-text\"", StringComparison.Ordinal));
        var jump = room.Find("nav[aria-label='Jump to']");
        Assert.Contains(jump.QuerySelectorAll("a"), a => a.GetAttribute("href")!.EndsWith("#containment", StringComparison.Ordinal));
        Assert.Contains(jump.QuerySelectorAll("a"), a => a.GetAttribute("href")!.EndsWith("#timeline", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AsksToConfirmASeverityChangeRightUnderThePicker()
    {
        await using var app = await AppTestContext.StartAsync("maya");
        var room = app.Open<WarRoomPage>(Injection);
        var before = room.Find("[data-testid=incident-head] [data-testid=severity]").TextContent.Trim();
        var target = before == "SEV-1" ? "SEV-2" : "SEV-1";

        room.WaitForAssertion(() => room.FindAll(".sev-option").Single(b => b.TextContent.Trim() == target).Click());

        var pending = room.Find("[data-testid=pending-change]");
        Assert.Same(room.Find(".severity-row").ParentElement, pending.ParentElement);
        Assert.True(room.Markup.IndexOf("severity-row", StringComparison.Ordinal) < room.Markup.IndexOf("data-testid=\"pending-change\"", StringComparison.Ordinal));
        Assert.Contains(target, pending.TextContent);
        room.Find("#pending-reason").Input("Customer data seen in replies");
        pending.Submit();

        room.WaitForAssertion(() => Assert.Equal(target, room.Find("[data-testid=incident-head] [data-testid=severity]").TextContent.Trim()), TimeSpan.FromSeconds(15));
        room.WaitForAssertion(() => Assert.Empty(room.FindAll("[data-testid=pending-change]")));
        Assert.Contains("Customer data seen in replies", room.Markup);
    }

    [Fact]
    public async Task TheCommanderCorrectsTheArchetypeAndThePlaybookFollows()
    {
        await using var app = await AppTestContext.StartAsync("maya");
        var room = app.Open<WarRoomPage>(Injection);

        room.WaitForAssertion(() => room.Find("[data-testid=correct-archetype]").Click());
        var form = room.Find("[data-testid=archetype-form]");
        form.QuerySelector("#archetype-choice")!.Change("data-leakage");
        room.Find("#archetype-reason").Input("Transcripts show card numbers, not injected text");
        await room.InvokeAsync(() => room.Find("[data-testid=archetype-form]").Submit());

        room.WaitForAssertion(() => Assert.Empty(room.FindAll("[data-testid=archetype-form]")), TimeSpan.FromSeconds(15));
        var incident = await app.Get<IncidentService>().GetAsync(Injection);
        Assert.Equal(Archetype.DataLeakage, incident.Incident.Archetype);
        var run = await app.Get<Core.Playbooks.PlaybookService>().ForIncidentAsync(Injection);
        Assert.Equal(Archetype.DataLeakage, run?.Archetype);
        room.WaitForAssertion(() => Assert.Contains("Transcripts show card numbers, not injected text", room.Markup), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task LeadershipCannotCorrectTheArchetype()
    {
        await using var app = await AppTestContext.StartAsync("alex");
        var room = app.Open<WarRoomPage>(Injection);

        room.WaitForAssertion(() => Assert.NotEmpty(room.FindAll("[data-testid=incident-head]")));
        Assert.Empty(room.FindAll("[data-testid=correct-archetype]"));
    }

    [Fact]
    public async Task ExplainsARefusedSeverityChangeRightUnderThePicker()
    {
        await using var app = await AppTestContext.StartAsync("tom");
        var room = app.Open<WarRoomPage>(Injection);

        await room.InvokeAsync(() => room.FindAll(".sev-option").First(b => b.GetAttribute("aria-pressed") == "false").Click());

        room.WaitForAssertion(() => Assert.NotEmpty(room.FindAll("[data-testid=action-error]")));
        var refusal = room.Find("[data-testid=action-error]").Closest(".action-error")!;
        Assert.Same(room.Find(".severity-row").ParentElement, refusal.ParentElement);
        Assert.Contains("Incident Commander", refusal.TextContent);
    }

    [Fact]
    public async Task AsksToConfirmAStatusChangeUnderThePhases()
    {
        await using var app = await AppTestContext.StartAsync("maya");
        var room = app.Open<WarRoomPage>(Injection);

        var next = room.FindAll("nav[aria-label=Status] button.phase-next").First();
        var name = next.QuerySelector(".phase-name")!.TextContent.Trim();
        await room.InvokeAsync(() => room.FindAll("nav[aria-label=Status] button.phase-next").First().Click());

        var pending = room.Find("[data-testid=pending-change]");
        Assert.Contains($"Move to {name}", pending.TextContent);
        Assert.True(room.Markup.IndexOf("data-testid=\"pending-change\"", StringComparison.Ordinal) < room.Markup.IndexOf("severity-row", StringComparison.Ordinal));
        pending.Submit();

        room.WaitForAssertion(() => Assert.Equal(name, room.Find("[data-testid=incident-head] [data-testid=status]").TextContent.Trim()), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task ShowsANoteRecordedInAnotherBrowserWithoutReload()
    {
        await using var app = await AppTestContext.StartAsync("maya");
        var room = app.Open<WarRoomPage>(Injection);

        var tom = await app.ActorAsync("tom");
        await app.Get<IncidentService>().RecordAsync(Injection, new RecordTimelineEntry("note", "Filter holds on the staging replay", null), tom);

        room.WaitForAssertion(() => Assert.Contains("Filter holds on the staging replay", room.Entry("Filter holds").TextContent), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task ShowsARoleTakenInAnotherBrowserWithoutReload()
    {
        await using var app = await AppTestContext.StartAsync("maya");
        var room = app.Open<WarRoomPage>(Injection);
        Assert.Contains("Vacant", room.Find("[data-testid=role-legal-liaison]").TextContent);

        await app.Get<IncidentRoster>().AssignRoleAsync(Injection, "legal-liaison", "Noor Haddad", await app.ActorAsync("maya"));

        var state = app.Get<IncidentState>();
        room.WaitForAssertion(() => Assert.Contains("Noor Haddad", room.Find("[data-testid=role-legal-liaison]").TextContent), TimeSpan.FromSeconds(15));
        Assert.Contains(state.Detail!.Roles, r => r.Person == "Noor Haddad");
    }

    [Fact]
    public async Task OneNoteCostsNoDatabaseReadPerOpenWarRoom()
    {
        var counter = new ReadCounter();
        await using var app = await AppTestContext.StartAsync("maya", configure: counter.Register);
        var incidents = app.Get<IncidentService>();
        var tom = await app.ActorAsync("tom");

        // What recording costs by itself (its own load and checks), with no war room open.
        await Task.Delay(300);
        counter.Reset();
        await incidents.RecordAsync(Injection, new RecordTimelineEntry("note", "Baseline note", null), tom);
        await Task.Delay(500);
        var alone = counter.Reads;

        // One war room per circuit: a bUnit context is one circuit (one IncidentState), so one room is measured.
        var rooms = new[] { app.Open<WarRoomPage>(Injection) };
        foreach (var room in rooms)
        {
            room.WaitForAssertion(() => Assert.NotEmpty(room.FindAll("[data-testid=playbook-step]")), TimeSpan.FromSeconds(10));
        }
        await Task.Delay(300);
        counter.Reset();
        await incidents.RecordAsync(Injection, new RecordTimelineEntry("note", "Measured note", null), tom);
        foreach (var room in rooms)
        {
            room.WaitForAssertion(() => Assert.Contains("Measured note", room.Markup), TimeSpan.FromSeconds(15));
        }
        await Task.Delay(500);
        var withRooms = counter.Reads;

        var perRoom = (withRooms - alone) / (double)rooms.Length;
        Console.WriteLine($"READS PER NOTE: alone {alone}, with {rooms.Length} war rooms {withRooms}, per war room {perRoom:0.##}");
        Assert.True(perRoom <= 1, $"A note cost {perRoom:0.##} reads per open war room (alone {alone}, with rooms {withRooms}).");
    }
}
