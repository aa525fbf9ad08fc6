using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Persistence;
using CommandCenter.Core.Playbooks;
using CommandCenter.Core.Regulatory;
using CommandCenter.Tests.Unit.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CommandCenter.Tests.Unit.Support.TestIncidents;

namespace CommandCenter.Tests.Unit;

public sealed class PlaybookServiceTests : IAsyncLifetime
{
    private static readonly Actor Commander = TestActors.As(Maya);
    private static readonly Actor TechLead = TestActors.As(Priya);
    private static readonly Actor Admin = TestActors.As("Ada Admin", OrgRole.Administrator);

    private readonly TempDatabaseFolder _folder = new();
    private TestHost _host = null!;

    private PlaybookService Playbooks => _host.Services.GetRequiredService<PlaybookService>();

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(_folder.PathOf());

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>A prompt-injection incident commanded by Maya with Priya as Technical Lead.</summary>
    private async Task<string> DeclareAsync(string archetype = "prompt-injection")
    {
        var key = (await _host.Incidents.DeclareAsync(
            new DeclareIncident("Assistant follows hidden instructions", null, "SEV2", archetype, "support-assistant", TakeCommand: true),
            Commander)).Key;
        await _host.Roster.AssignRoleAsync(key, "technical-lead", Priya, Commander);
        await Playbooks.AttachAsync(key); // what the declaration reaction does (no workers run here)
        return key;
    }

    private async Task<IncidentPlaybookRun> RunOfAsync(string key) =>
        await Playbooks.ForIncidentAsync(key) ?? throw new Xunit.Sdk.XunitException($"{key} runs no playbook.");

    private static PlaybookContent Edited(PlaybookContent content, string title) =>
        content with { Title = title, Steps = [.. content.Steps, new PlaybookStep("call-vendor", PlaybookPhase.Recover, "Call the model vendor.", IncidentRole.TechnicalLead)] };

    [Fact]
    public async Task StartupSeedsVersionOneOfEveryBuiltInPlaybook()
    {
        var list = await Playbooks.ListAsync();

        Assert.Equal(Enum.GetValues<Archetype>(), list.Select(p => p.Archetype));
        Assert.All(list, p => Assert.Equal(1, p.CurrentVersion));
        Assert.Equal(BuiltInPlaybooks.For(Archetype.DataLeakage).Title, list.Single(p => p.Archetype == Archetype.DataLeakage).Title);
    }

    [Fact]
    public async Task RestartingDoesNotSeedTheBuiltInsAgain()
    {
        await Playbooks.SaveVersionAsync(Archetype.Toxicity, Edited(BuiltInPlaybooks.For(Archetype.Toxicity), "Ours"), "Our wording", Admin);

        await _host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();

        Assert.Equal(8, _host.Scalar("SELECT COUNT(*) FROM PlaybookVersions"));
        Assert.Equal(7, _host.Scalar("SELECT COUNT(*) FROM Playbooks"));
    }

    [Fact]
    public async Task SavingCreatesTheNextVersionAndAnIncidentAttachedToVersionOneKeepsIt()
    {
        var key = await DeclareAsync();
        var before = await RunOfAsync(key);

        var saved = await Playbooks.SaveVersionAsync(Archetype.PromptInjection,
            Edited(BuiltInPlaybooks.For(Archetype.PromptInjection), "Prompt injection, revised"), "Added the vendor call after INC-7", Admin);

        Assert.Equal(2, saved.Version);
        Assert.Equal(2, saved.CurrentVersion);
        Assert.Equal("Prompt injection, revised", saved.Content.Title);
        Assert.Equal([2, 1], saved.History.Select(h => h.Number));
        Assert.Equal("Ada Admin", saved.History[0].EditedBy);
        Assert.Equal("Added the vendor call after INC-7", saved.History[0].ChangeNote);
        var after = await RunOfAsync(key);
        Assert.Equal(1, before.Version);
        Assert.Equal(1, after.Version);
        Assert.Equal(2, after.CurrentVersion);
        Assert.Equal(BuiltInPlaybooks.For(Archetype.PromptInjection).Title, after.Content.Title);
        var newIncident = await RunOfAsync(await DeclareAsync());
        Assert.Equal(2, newIncident.Version);
        Assert.Equal(BuiltInPlaybooks.For(Archetype.PromptInjection).Title, (await Playbooks.GetAsync(Archetype.PromptInjection, 1)).Content.Title);
    }

    [Fact]
    public async Task SavingNeedsAChangeNoteAndValidContentAndNamesEveryField()
    {
        var content = BuiltInPlaybooks.For(Archetype.Toxicity);
        var broken = content with { Steps = [content.Steps[0] with { Text = " " }, .. content.Steps.Skip(1)] };

        var error = await Assert.ThrowsAsync<ValidationException>(() => Playbooks.SaveVersionAsync(Archetype.Toxicity, broken, "", Admin));

        Assert.Contains("changeNote", error.Errors.Keys);
        Assert.Contains("steps[0].text", error.Errors.Keys);
        Assert.Equal(1, (await Playbooks.GetAsync(Archetype.Toxicity)).CurrentVersion);
    }

    [Theory]
    [InlineData(OrgRole.Responder)]
    [InlineData(OrgRole.Leadership)]
    public async Task OnlyAdministratorsEditPlaybooks(OrgRole role)
    {
        await Assert.ThrowsAsync<ForbiddenActionException>(() => Playbooks.SaveVersionAsync(Archetype.Toxicity,
            BuiltInPlaybooks.For(Archetype.Toxicity), "mine now", TestActors.As("Someone", role)));
    }

    [Fact]
    public async Task CheckingAStepRecordsItAndWritesAnActionOnTheTimelineInTheSameWrite()
    {
        var key = await DeclareAsync();

        var run = await Playbooks.CheckAsync(key, "tighten-input-filters", "strict since 10:02", TechLead);

        var record = run.RecordOf("tighten-input-filters")!;
        Assert.Equal(StepOutcome.Done, record.Outcome);
        Assert.Equal(Priya, record.By);
        Assert.Equal(_host.Clock.GetUtcNow().UtcDateTime, record.At);
        Assert.Equal(1, run.Coverage.Done);
        Assert.DoesNotContain("tighten-input-filters", run.NextSteps.Single(n => n.Role == IncidentRole.TechnicalLead).StepIds);
        var entry = (await _host.Incidents.GetTimelineAsync(key))[0];
        Assert.Equal(TimelineEntryKind.Action, entry.Kind);
        Assert.Equal(Priya, entry.Author);
        Assert.StartsWith("Playbook step done: ", entry.Text);
        Assert.DoesNotContain("tighten-input-filters", entry.Text);
        Assert.Contains("strict since 10:02", entry.Text);
        Assert.Contains(_host.Publisher.Batches.SelectMany(b => b), n => n is TimelineEntryAddedNotification { Entry.Sequence: var s } && s == entry.Sequence);
        Assert.Equal(1, _host.Scalar("SELECT COUNT(*) FROM PlaybookStepRecords"));
    }

    [Fact]
    public async Task SkippingNeedsAReasonAndWritesItAsANote()
    {
        var key = await DeclareAsync();

        var error = await Assert.ThrowsAsync<ValidationException>(() => Playbooks.SkipAsync(key, "restrict-tools", "  ", TechLead));
        Assert.Contains("reason", error.Errors.Keys);
        Assert.Equal(0, _host.Scalar("SELECT COUNT(*) FROM PlaybookStepRecords"));

        var run = await Playbooks.SkipAsync(key, "restrict-tools", "The assistant has no tools", TechLead);

        Assert.Equal(StepOutcome.Skipped, run.RecordOf("restrict-tools")!.Outcome);
        Assert.Equal(1, run.Coverage.Skipped);
        var entry = (await _host.Incidents.GetTimelineAsync(key))[0];
        Assert.Equal(TimelineEntryKind.Note, entry.Kind);
        Assert.Contains("Reason: The assistant has no tools", entry.Text);
        Assert.DoesNotContain("restrict-tools", entry.Text);
    }

    [Fact]
    public async Task TheCommanderCorrectsTheArchetypeAndSwapsOrKeepsThePlaybook()
    {
        var key = await DeclareAsync();

        var kept = await Playbooks.ChangeArchetypeAsync(key, "model-drift", swapPlaybook: false, "Latency, not an attack", Commander);
        Assert.Contains("tighten-input-filters", kept.Content.Steps.Select(s => s.Id));
        Assert.Equal(Archetype.ModelDrift, (await _host.Incidents.GetAsync(key)).Incident.Archetype);

        var swapped = await Playbooks.ChangeArchetypeAsync(key, "misinformation", swapPlaybook: true, null, Commander);
        Assert.Equal(Archetype.Misinformation, swapped.Archetype);
        Assert.DoesNotContain("tighten-input-filters", swapped.Content.Steps.Select(s => s.Id));
        var entry = (await _host.Incidents.GetTimelineAsync(key))[0];
        Assert.Equal(TimelineEntryKind.Decision, entry.Kind);
        Assert.Matches(@"^Archetype corrected Model drift → Misinformation[^.]*\. Playbook swapped to “.+” \(version \d+\)\.$", entry.Text);

        await Assert.ThrowsAnyAsync<DomainException>(() => Playbooks.ChangeArchetypeAsync(key, "toxicity", true, null, TechLead));
        Assert.Equal(Archetype.Misinformation, (await _host.Incidents.GetAsync(key)).Incident.Archetype);
        var bad = await Assert.ThrowsAsync<ValidationException>(() => Playbooks.ChangeArchetypeAsync(key, "gremlins", true, null, Commander));
        Assert.Contains("archetype", bad.Errors.Keys);
    }

    [Fact]
    public async Task ClosingWithUnfinishedStepsAsksForAReasonThatGoesOnTheTimeline()
    {
        var key = await DeclareAsync();
        await Playbooks.CheckAsync(key, "tighten-input-filters", null, TechLead);
        await _host.Lifecycle.ChangeSeverityAsync(key, "SEV3", Commander); // SEV1/SEV2 would also wait for a published postmortem
        await _host.Lifecycle.ChangeStatusAsync(key, "resolved", Commander, "Filters tightened; index cleaned.");

        var refused = await Assert.ThrowsAsync<ValidationException>(() => _host.Lifecycle.ChangeStatusAsync(key, "closed", Commander));

        Assert.Matches(@"^\d+ playbook steps are neither done nor skipped\. Give the reason", refused.Errors["reason"].Single());
        Assert.Equal(IncidentStatus.Resolved, (await _host.Incidents.GetAsync(key)).Incident.Status);
        await _host.Lifecycle.ChangeStatusAsync(key, "closed", Commander, "Remaining steps moved to the postmortem's action items.");
        var entry = (await _host.Incidents.GetTimelineAsync(key))[0];
        Assert.Equal("Status Resolved → Closed: Remaining steps moved to the postmortem's action items.", entry.Text);
    }

    [Fact]
    public async Task SomeoneWithoutTheOwnerRoleIsRefusedAndNothingIsWritten()
    {
        var key = await DeclareAsync();
        var timeline = (await _host.Incidents.GetTimelineAsync(key)).Count;

        var error = await Assert.ThrowsAsync<ForbiddenActionException>(() => Playbooks.CheckAsync(key, "tighten-input-filters", null, TestActors.As(Tom)));

        Assert.Contains("Only the Technical Lead or the Incident Commander", error.Message);
        Assert.Equal(timeline, (await _host.Incidents.GetTimelineAsync(key)).Count);
        Assert.Equal(0, _host.Scalar("SELECT COUNT(*) FROM PlaybookStepRecords"));
    }

    [Fact]
    public async Task TheIncidentCommanderMayHandleAnyStep()
    {
        var key = await DeclareAsync();

        var run = await Playbooks.CheckAsync(key, "preserve-evidence", null, Commander);

        Assert.Equal(Maya, run.RecordOf("preserve-evidence")!.By);
    }

    [Fact]
    public async Task LeadershipIsDeniedEveryPlaybookMoveButMayReadTheRun()
    {
        var key = await DeclareAsync();
        var leader = TestActors.As("Lee Leader", OrgRole.Leadership);

        await Assert.ThrowsAsync<ForbiddenActionException>(() => Playbooks.CheckAsync(key, "preserve-evidence", null, leader));
        await Assert.ThrowsAsync<ForbiddenActionException>(() => Playbooks.SkipAsync(key, "preserve-evidence", "no", leader));
        await Assert.ThrowsAsync<ForbiddenActionException>(() => Playbooks.AnswerGateAsync(key, "gate-personal-data", true, null, leader));
        Assert.Equal(0, (await RunOfAsync(key)).Coverage.Done);
    }

    [Fact]
    public async Task AYesOnAPersonalDataGateStartsTheGdprClockInTheSameWrite()
    {
        var key = await DeclareAsync();

        var run = await Playbooks.AnswerGateAsync(key, "gate-personal-data", true, "two transcripts show card numbers", Commander);

        Assert.True(run.RecordOf("gate-personal-data")!.GateAnswer);
        var detail = await _host.Incidents.GetAsync(key);
        var clock = Assert.Single(detail.Clocks);
        Assert.Equal("gdpr-art33", clock.Code);
        Assert.Equal(_host.Clock.GetUtcNow().UtcDateTime, clock.AwareAt);
        var entries = await _host.Incidents.GetTimelineAsync(key);
        Assert.Equal(TimelineEntryKind.Decision, entries[0].Kind);
        Assert.Contains("Yes.", entries[0].Text);
        Assert.Contains("Started GDPR Art. 33", entries[0].Text);
        Assert.Contains("Personal data exposed", entries[1].Text);
    }

    [Fact]
    public async Task ANoStartsNoClock()
    {
        var key = await DeclareAsync();

        await Playbooks.AnswerGateAsync(key, "gate-personal-data", false, null, Commander);

        Assert.Empty((await _host.Incidents.GetAsync(key)).Clocks);
        Assert.Contains("No.", (await _host.Incidents.GetTimelineAsync(key))[0].Text);
    }

    [Fact]
    public async Task AYesWhoseClockDoesNotApplyToTheSystemIsRecordedAnywayAndSaysWhy()
    {
        var content = BuiltInPlaybooks.For(Archetype.Toxicity);
        await Playbooks.SaveVersionAsync(Archetype.Toxicity, content with
        {
            Steps =
            [
                .. content.Steps,
                new PlaybookStep("gate-serious", PlaybookPhase.Decide, "Decide with Legal.", IncidentRole.IncidentCommander,
                    new PlaybookGate("Is this a serious incident?", "Report it.", RegulatoryTrigger.SeriousIncident)),
            ],
        }, "EU AI Act gate", Admin);
        var key = await DeclareAsync("toxicity");

        var run = await Playbooks.AnswerGateAsync(key, "gate-serious", true, null, Commander);

        Assert.True(run.RecordOf("gate-serious")!.GateAnswer);
        Assert.Empty((await _host.Incidents.GetAsync(key)).Clocks);
        Assert.Contains("No regulatory clock started", (await _host.Incidents.GetTimelineAsync(key))[0].Text);
    }

    [Fact]
    public async Task AGateIsAnsweredNotCheckedAndAStepIsHandledOnce()
    {
        var key = await DeclareAsync();
        await Playbooks.CheckAsync(key, "preserve-evidence", null, Commander);

        await Assert.ThrowsAsync<InvalidTransitionException>(() => Playbooks.CheckAsync(key, "gate-still-working", null, Commander));
        await Assert.ThrowsAsync<InvalidTransitionException>(() => Playbooks.CheckAsync(key, "preserve-evidence", null, Commander));
        await Assert.ThrowsAsync<NotFoundException>(() => Playbooks.CheckAsync(key, "no-such-step", null, Commander));
    }

    [Fact]
    public async Task TheRunShowsNextStepsPerRoleWithTheirHolders()
    {
        var key = await DeclareAsync();

        var run = await RunOfAsync(key);

        var lead = run.NextSteps.Single(n => n.Role == IncidentRole.TechnicalLead);
        Assert.Equal(Priya, lead.Holder);
        Assert.Equal(BuiltInPlaybooks.For(Archetype.PromptInjection).Steps.Where(s => s.Owner == IncidentRole.TechnicalLead).Select(s => s.Id), lead.StepIds);
        Assert.Null(run.HolderOf(IncidentRole.Scribe));
        var priyas = run.For((await _host.Incidents.GetAsync(key)).PermissionsFor(TechLead));
        Assert.Equal([IncidentRole.TechnicalLead], priyas.MyRoles);
        Assert.NotEmpty(priyas.MyNextSteps);
        Assert.All(priyas.MyNextSteps, s => Assert.Equal(IncidentRole.TechnicalLead, s.Step.Owner));
        Assert.Equal(new PlaybookCoverage(run.Content.Steps.Count, 0, 0, run.Content.Steps.Count, 0), run.Coverage);
    }

    [Fact]
    public async Task DeclaringAnIncidentAttachesTheCurrentVersionAtOnce()
    {
        await using var folder = new AsyncFolder();
        await using var host = TestHost.Build($"Data Source={folder.Folder.PathOf()}", replacePublisher: false);
        await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        await host.AddSystemAsync();
        var onDeclare = host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<PlaybookOnDeclare>().Single();
        await onDeclare.StartAsync(CancellationToken.None);
        try
        {
            var key = (await host.Incidents.DeclareAsync(new DeclareIncident("Toxic replies", null, "SEV3", "toxicity", "support-assistant"), Commander)).Key;

            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (host.Scalar("SELECT COUNT(*) FROM IncidentPlaybooks") == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            await host.Services.GetRequiredService<PlaybookService>().SaveVersionAsync(Archetype.Toxicity,
                Edited(BuiltInPlaybooks.For(Archetype.Toxicity), "Toxicity v2"), "Revised", Admin);

            Assert.Equal(1, (await host.Services.GetRequiredService<PlaybookService>().ForIncidentAsync(key))?.Version);
        }
        finally
        {
            await onDeclare.StopAsync(CancellationToken.None);
        }
    }

    private sealed class AsyncFolder : IAsyncDisposable
    {
        public TempDatabaseFolder Folder { get; } = new();

        public ValueTask DisposeAsync()
        {
            Folder.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
