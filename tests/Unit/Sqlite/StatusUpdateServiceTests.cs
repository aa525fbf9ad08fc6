using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Communications;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Unit.Support;
using Microsoft.Extensions.DependencyInjection;
using static CommandCenter.Tests.Unit.Support.TestIncidents;

namespace CommandCenter.Tests.Unit;

/// <summary>The service around status updates: who may write and approve, the timeline entries, the Legal queue and the clock.</summary>
public sealed class StatusUpdateServiceTests : IAsyncLifetime
{
    private readonly TempDatabaseFolder _folder = new();
    private TestHost _host = null!;
    private string _key = "";

    private StatusUpdateService Updates => _host.Services.GetRequiredService<StatusUpdateService>();

    private static Actor Commander => TestActors.As(Maya);
    private static Actor Comms => TestActors.As(Tom);
    private static Actor Legal => TestActors.As(Sam);
    private static Actor Bystander => TestActors.As(Priya);

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(_folder.PathOf());
        _key = await DeclareAsync("SEV1", takeCommand: true);
        await _host.Roster.AssignRoleAsync(_key, "communications-lead", Tom, Commander);
        await _host.Roster.AssignRoleAsync(_key, "legal-liaison", Sam, Commander);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    private async Task<string> DeclareAsync(string severity, bool takeCommand)
    {
        var incident = await _host.Incidents.DeclareAsync(new DeclareIncident("Assistant hands out discount codes",
            "Hidden text in a community article makes the assistant offer 100% discount codes.", severity, "prompt-injection",
            "support-assistant", takeCommand), Commander);
        return incident.Key;
    }

    private StatusUpdateText Text(string whatHappened = "- The assistant offered discount codes it must not give.\n- Codes are being voided.",
        int nextInMinutes = 20) =>
        new(whatHappened, "Whether the article is the only source.", "Voiding the codes; filter deployed.", "How many customers used a code.",
            _host.Clock.UtcNow.AddMinutes(nextInMinutes));

    private Task<StatusUpdateView> DraftAsync(string audience = "customers", Actor? by = null, string? key = null) =>
        Updates.DraftAsync(key ?? _key, audience, Text(), by ?? Comms);

    [Fact]
    public async Task OnlyTheCommunicationsLeadOrTheCommanderWriteOnceThereIsACommander()
    {
        var refused = await Assert.ThrowsAsync<ForbiddenActionException>(() => DraftAsync(by: Bystander));
        Assert.Contains("Only the Communications Lead (Tom Okafor) or the Incident Commander (Maya Chen)", refused.Message);

        var byComms = await DraftAsync(by: Comms);
        var byCommander = await DraftAsync("internal", by: Commander);

        Assert.Equal(StatusUpdateState.Draft, byComms.State);
        Assert.Equal(Maya, byCommander.DraftedBy);
        await Assert.ThrowsAsync<ForbiddenActionException>(() => Updates.MarkSentAsync(_key, byCommander.Id, Bystander));
        await Assert.ThrowsAsync<ForbiddenActionException>(() => Updates.ReviseAsync(_key, byComms.Id, Text(), Bystander));
        Assert.Equal(2, _host.Scalar("SELECT COUNT(*) FROM StatusUpdates"));
    }

    [Fact]
    public async Task AnyResponderWritesBeforeAnyoneCommands()
    {
        var key = await DeclareAsync("SEV2", takeCommand: false);

        var update = await DraftAsync("internal", by: Bystander, key: key);

        Assert.Equal(Priya, update.DraftedBy);
    }

    [Fact]
    public async Task LeadershipAccountsCannotWriteUpdates() =>
        await Assert.ThrowsAsync<ForbiddenActionException>(() => DraftAsync(by: TestActors.As(Tom, OrgRole.Leadership)));

    [Fact]
    public async Task DraftNamesEveryFieldToFix()
    {
        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            Updates.DraftAsync(_key, "press", new StatusUpdateText(" ", "t", "d", "", null), Comms));

        Assert.Equal(["audience", "nextUpdateAt", "whatHappened", "whatWeDontKnow"], ex.Errors.Keys.Order());
    }

    [Fact]
    public async Task OnlyTheIncidentsLegalLiaisonApprovesOrRejects()
    {
        var update = await DraftAsync();
        await Updates.SubmitAsync(_key, update.Id, Comms);

        var byCommander = await Assert.ThrowsAsync<ForbiddenActionException>(() => Updates.ApproveAsync(_key, update.Id, Commander));
        await Assert.ThrowsAsync<ForbiddenActionException>(() => Updates.RejectAsync(_key, update.Id, "Too vague", Bystander));
        var approved = await Updates.ApproveAsync(_key, update.Id, Legal);

        Assert.Contains("Only the Legal/Compliance Liaison", byCommander.Message);
        Assert.Equal(StatusUpdateState.Approved, approved.State);
        Assert.Equal(Sam, approved.ApprovedBy);
    }

    [Fact]
    public async Task ExternalUpdatesCannotBeSentUnapproved()
    {
        var update = await DraftAsync();

        await Assert.ThrowsAsync<InvalidTransitionException>(() => Updates.MarkSentAsync(_key, update.Id, Comms));
        await Updates.SubmitAsync(_key, update.Id, Comms);
        await Assert.ThrowsAsync<InvalidTransitionException>(() => Updates.MarkSentAsync(_key, update.Id, Comms));
        await Updates.ApproveAsync(_key, update.Id, Legal);
        var sent = await Updates.MarkSentAsync(_key, update.Id, Comms);

        Assert.Equal(StatusUpdateState.Sent, sent.State);
        Assert.Equal(Tom, sent.SentBy);
    }

    [Fact]
    public async Task SendingWritesACommunicationEntryOnTheTimeline()
    {
        var update = await DraftAsync();
        await Updates.SubmitAsync(_key, update.Id, Comms);
        await Updates.ApproveAsync(_key, update.Id, Legal);
        _host.Clock.AdvanceMinutes(2);

        await Updates.MarkSentAsync(_key, update.Id, Comms);

        var timeline = await _host.Incidents.GetTimelineAsync(_key);
        var sent = timeline[0];
        Assert.Equal(TimelineEntryKind.Communication, sent.Kind);
        Assert.Equal("Update to customers sent: The assistant offered discount codes it must not give; Codes are being voided; "
            + "next update by 09:20 UTC", sent.Text);
        Assert.Equal(Tom, sent.Author);
        Assert.Contains(timeline, e => e.Kind == TimelineEntryKind.Note && e.Text.Contains("approved for sending") && e.Author == Sam);
        Assert.Contains(timeline, e => e.Kind == TimelineEntryKind.Note && e.Text.Contains("submitted for approval") && e.Author == Tom);
        var published = _host.Publisher.Batches.SelectMany(b => b).ToList();
        Assert.Contains(published, n => n is TimelineEntryAddedNotification added && added.Entry.Sequence == sent.Sequence);
        Assert.Contains(published, n => n is StatusUpdatesChangedNotification changed && changed.IncidentKey == _key);
    }

    [Fact]
    public async Task InternalUpdatesAreSentWithoutApproval()
    {
        var update = await DraftAsync("internal");

        await Updates.MarkSentAsync(_key, update.Id, Comms);

        var entry = (await _host.Incidents.GetTimelineAsync(_key))[0];
        Assert.StartsWith("Update to the internal team sent:", entry.Text);
    }

    [Fact]
    public async Task RejectingSendsItBackWithTheReasonOnTheTimeline()
    {
        var update = await DraftAsync("regulators");
        await Updates.SubmitAsync(_key, update.Id, Comms);
        var blank = await Assert.ThrowsAsync<ValidationException>(() => Updates.RejectAsync(_key, update.Id, " ", Legal));

        var rejected = await Updates.RejectAsync(_key, update.Id, "Do not name the vendor yet.", Legal);

        Assert.Equal(StatusUpdateState.Draft, rejected.State);
        Assert.Equal("Do not name the vendor yet.", rejected.RejectionReason);
        var entry = (await _host.Incidents.GetTimelineAsync(_key))[0];
        Assert.Equal($"Regulators update #{update.Id} sent back by the Legal/Compliance Liaison: Do not name the vendor yet", entry.Text);
        Assert.Equal(["reason"], blank.Errors.Keys);
    }

    [Fact]
    public async Task AnUpdateOfAnotherIncidentIsNotFound()
    {
        var other = await DeclareAsync("SEV3", takeCommand: false);
        var update = await DraftAsync("internal", by: Bystander, key: other);

        await Assert.ThrowsAsync<NotFoundException>(() => Updates.MarkSentAsync(_key, update.Id, Comms));
    }

    [Fact]
    public async Task TheScheduleTurnsOverdueAfterTheCadenceAndASentUpdateResetsIt()
    {
        // SEV1: customers hear within 5 minutes of detection, then every 20.
        _host.Clock.AdvanceMinutes(4);
        var early = Customers(await Updates.ScheduleAsync(_key));
        Assert.False(early.IsOverdue);
        Assert.Equal(UpdateUrgency.Upcoming, early.Urgency);

        _host.Clock.AdvanceMinutes(3);
        var late = Customers(await Updates.ScheduleAsync(_key));
        Assert.True(late.IsOverdue);
        Assert.Equal(TimeSpan.FromMinutes(2), late.OverdueBy);

        var update = await DraftAsync();
        await Updates.SubmitAsync(_key, update.Id, Comms);
        await Updates.ApproveAsync(_key, update.Id, Legal);
        await Updates.MarkSentAsync(_key, update.Id, Comms);
        var after = Customers(await Updates.ScheduleAsync(_key));

        Assert.False(after.IsOverdue);
        Assert.Equal(_host.Clock.UtcNow.AddMinutes(20), after.DueAt);
    }

    [Fact]
    public async Task ThePendingQueueListsUpdatesAwaitingLegalOnActiveIncidents()
    {
        var waiting = await DraftAsync();
        await Updates.SubmitAsync(_key, waiting.Id, Comms);
        await DraftAsync("regulators");

        var pending = await Updates.PendingApprovalsAsync();

        var item = Assert.Single(pending);
        Assert.Equal(_key, item.IncidentKey);
        Assert.Equal(Sam, item.LegalLiaison);
        Assert.Equal(waiting.Id, item.Update.Id);
        Assert.Equal(1, await Updates.PendingApprovalCountAsync());
    }

    [Fact]
    public async Task ListShowsNewestFirstAndWhoMayDoWhat()
    {
        var first = await DraftAsync("internal");
        _host.Clock.AdvanceMinutes(1);
        var second = await DraftAsync();

        var list = await Updates.ListAsync(_key);

        Assert.Equal([second.Id, first.Id], list.Updates.Select(u => u.Id));
        Assert.True(list.MayCompose(Tom));
        Assert.True(list.MayCompose("maya chen"));
        Assert.False(list.MayCompose(Priya));
        Assert.True(list.MayApprove(Sam));
        Assert.False(list.MayApprove(Maya));
        Assert.NotEmpty(list.Schedule.Audiences);
    }

    [Fact]
    public async Task PrefillStartsFromTheIncidentAndTheCadence()
    {
        var content = await Updates.PrefillAsync(_key, "customers");
        var inside = await Updates.PrefillAsync(_key, "internal");

        Assert.DoesNotContain("Hidden text in a community article", content.WhatHappened);
        Assert.Contains("has been affected by crafted input", content.WhatHappened);
        Assert.Contains("Hidden text in a community article", inside.WhatHappened);
        Assert.Equal(_host.Clock.UtcNow.AddMinutes(20), content.NextUpdateAt);
        await Assert.ThrowsAsync<ValidationException>(() => Updates.PrefillAsync(_key, "press"));
    }

    [Fact]
    public async Task TheExportHoldsWhatWasSent()
    {
        var update = await DraftAsync("internal");
        await Updates.MarkSentAsync(_key, update.Id, Comms);

        var markdown = await Updates.ExportMarkdownAsync(_key);

        Assert.Contains("## 1. Internal — sent", markdown);
        Assert.Contains("How many customers used a code.", markdown);
    }

    private static UpdateDue Customers(IncidentUpdateSchedule schedule) =>
        schedule.Audiences.Single(a => a.Audience == UpdateAudience.Customers).Due;
}
