using System.Text.Json;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Playbooks;
using CommandCenter.Core.Regulatory;
using CommandCenter.Tests.Unit.Support;
using static CommandCenter.Tests.Unit.Support.TestIncidents;

namespace CommandCenter.Tests.Unit;

public sealed class PlaybookTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static readonly IncidentRole[] TechLead = [IncidentRole.TechnicalLead];
    private static readonly IncidentRole[] Commander = [IncidentRole.IncidentCommander];
    private static readonly IncidentRole[] Legal = [IncidentRole.LegalLiaison];
    private static readonly IncidentRole[] Comms = [IncidentRole.CommunicationsLead];

    private readonly ManualClock _clock = new();

    public static TheoryData<Archetype> AllArchetypes => new(Enum.GetValues<Archetype>());

    private static PlaybookContent Small() => new(
        "Small playbook",
        "For tests.",
        ["A signal"],
        [
            new("pause-feature", PlaybookPhase.Immediate, "Pause the feature.", IncidentRole.TechnicalLead),
            new("find-cause", PlaybookPhase.Investigate, "Find the cause.", IncidentRole.TechnicalLead),
            new("gate-personal-data", PlaybookPhase.Decide, "Decide.", IncidentRole.LegalLiaison,
                new PlaybookGate("Was personal data exposed?", "Start the GDPR clock.", RegulatoryTrigger.PersonalDataBreach)),
            new("gate-offline", PlaybookPhase.Decide, "Decide.", IncidentRole.IncidentCommander,
                new PlaybookGate("Still happening?", "Take it offline.")),
            new("brief-internal", PlaybookPhase.Communicate, "Brief.", IncidentRole.CommunicationsLead),
        ],
        [new(CommunicationAudiences.Internal, "Update", "What we know.")]);

    [Fact]
    public void BuiltInsCoverEveryArchetypeExactlyOnce()
    {
        Assert.Equal(7, BuiltInPlaybooks.All.Count);
        Assert.Equal(Enum.GetValues<Archetype>().Order(), BuiltInPlaybooks.All.Select(p => p.Archetype).Order());
    }

    [Theory]
    [MemberData(nameof(AllArchetypes))]
    public void EachBuiltInValidatesUnchanged(Archetype archetype)
    {
        var content = BuiltInPlaybooks.For(archetype);

        var validated = PlaybookValidator.Validate(content);

        Assert.Equal(Json(content), Json(validated));
    }

    [Theory]
    [MemberData(nameof(AllArchetypes))]
    public void EachBuiltInHasTheAgreedShape(Archetype archetype)
    {
        var content = BuiltInPlaybooks.For(archetype);
        int Count(PlaybookPhase phase) => content.Steps.Count(s => s.Phase == phase && !s.IsGate);

        Assert.InRange(content.DetectionSignals.Count, 3, 6);
        Assert.InRange(Count(PlaybookPhase.Immediate), 3, 5);
        Assert.InRange(Count(PlaybookPhase.Investigate), 3, 5);
        Assert.Contains(content.Steps, s => s.IsGate);
        Assert.All(content.Steps.Where(s => s.IsGate), s => Assert.Equal(PlaybookPhase.Decide, s.Phase));
        Assert.InRange(Count(PlaybookPhase.Communicate), 2, 3);
        Assert.InRange(Count(PlaybookPhase.Recover), 1, 2);
        Assert.InRange(content.Templates.Count, 2, 4);
        Assert.Contains(content.Templates, t => t.Audience == CommunicationAudiences.Internal);
        Assert.Contains(content.Templates, t => t.Audience == CommunicationAudiences.Customers);
        Assert.Equal(content.Steps.Count, content.Steps.Select(s => s.Id).Distinct().Count());
        Assert.All(content.Steps, s => Assert.True(Enum.IsDefined(s.Owner)));
        Assert.Equal(content.Steps.OrderBy(s => s.Phase).Select(s => s.Id), content.Steps.Select(s => s.Id));
    }

    [Theory]
    [InlineData(Archetype.DataLeakage)]
    [InlineData(Archetype.PromptInjection)]
    public void LeakageAndInjectionHaveThePersonalDataGateThatStartsTheGdprClock(Archetype archetype)
    {
        var gate = Assert.Single(BuiltInPlaybooks.For(archetype).Steps, s => s.Id == "gate-personal-data");

        Assert.Equal(RegulatoryTrigger.PersonalDataBreach, gate.Gate!.StartsClock);
        Assert.Equal(IncidentRole.LegalLiaison, gate.Owner);
    }

    [Fact]
    public void AgenticMisalignmentHasARealWorldHarmGateAboutRevokingPermissions()
    {
        var gate = Assert.Single(BuiltInPlaybooks.For(Archetype.AgenticMisalignment).Steps, s => s.Id == "gate-real-world-harm");

        Assert.Contains("harm", gate.Gate!.Question, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("permission", gate.Gate.IfYes, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ClockStartingGatesBelongToTheLegalLiaison()
    {
        var clockGates = BuiltInPlaybooks.All.SelectMany(p => p.Content.Steps).Where(s => s.Gate?.StartsClock is not null).ToList();

        Assert.NotEmpty(clockGates);
        Assert.All(clockGates, s => Assert.Equal(IncidentRole.LegalLiaison, s.Owner));
    }

    [Theory]
    [MemberData(nameof(AllArchetypes))]
    public void JsonRoundTripKeepsEverything(Archetype archetype)
    {
        var content = BuiltInPlaybooks.For(archetype);

        var json = Json(content);
        var back = JsonSerializer.Deserialize<PlaybookContent>(json, Web)!;

        Assert.Equal(content.Title, back.Title);
        Assert.Equal(content.Summary, back.Summary);
        Assert.Equal(content.DetectionSignals, back.DetectionSignals);
        Assert.Equal(content.Steps, back.Steps);
        Assert.Equal(content.Templates, back.Templates);
        Assert.Equal(json, Json(back));
    }

    [Fact]
    public void JsonIsCamelCaseWithKebabEnums()
    {
        var json = Json(Small());

        Assert.Contains("\"detectionSignals\":", json);
        Assert.Contains("\"phase\":\"decide\"", json);
        Assert.Contains("\"owner\":\"legal-liaison\"", json);
        Assert.Contains("\"startsClock\":\"personal-data-breach\"", json);
        Assert.Contains("\"ifYes\":", json);
        Assert.DoesNotContain("isGate", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ValidationNamesEveryWrongField()
    {
        var good = Small();
        var bad = good with
        {
            Title = new string('x', 201),
            Steps =
            [
                good.Steps[0],
                good.Steps[1] with { Id = "Find_Cause" },
                good.Steps[2] with { Text = "  " },
                good.Steps[3] with { Id = "pause-feature" },
                good.Steps[4] with { Text = new string('x', 1001), Gate = new PlaybookGate("", "Do it.") },
            ],
            Templates = [new("press", "Title", new string('x', 4001))],
        };

        var ex = Assert.Throws<ValidationException>(() => PlaybookValidator.Validate(bad));

        Assert.Equal(
            ["steps[1].id", "steps[2].text", "steps[3].id", "steps[4].gate.question", "steps[4].text", "templates[0].audience",
                "templates[0].body", "title"],
            ex.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("already used by steps[0]", ex.Errors["steps[3].id"][0]);
        Assert.Contains("kebab-case", ex.Errors["steps[1].id"][0]);
    }

    [Fact]
    public void ValidationRequiresAtLeastOneStepAndAtMostSixty()
    {
        var none = Assert.Throws<ValidationException>(() => PlaybookValidator.Validate(Small() with { Steps = [] }));
        var many = Small() with
        {
            Steps = Enumerable.Range(1, 61).Select(i => new PlaybookStep($"step-{i}", PlaybookPhase.Immediate, "Do it.", IncidentRole.Scribe))
                .ToList(),
        };
        var tooMany = Assert.Throws<ValidationException>(() => PlaybookValidator.Validate(many));

        Assert.Equal(["steps"], none.Errors.Keys);
        Assert.Equal(["steps"], tooMany.Errors.Keys);
    }

    [Fact]
    public void ValidationTurnsNullsFromJsonIntoFieldErrors()
    {
        var content = JsonSerializer.Deserialize<PlaybookContent>(
            """{"title":"T","steps":[null,{"id":"a","phase":"immediate","owner":"scribe"}],"templates":[{"audience":"Customers","title":"x","body":"y"}]}""",
            Web)!;

        var ex = Assert.Throws<ValidationException>(() => PlaybookValidator.Validate(content));

        Assert.Equal(["steps[0]", "steps[1].text"], ex.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ValidationTrimsAndCanonicalisesAudiences()
    {
        var content = Small() with { Title = "  Small playbook  ", Templates = [new(" Customers ", "Notice", "Body")] };

        var validated = PlaybookValidator.Validate(content);

        Assert.Equal("Small playbook", validated.Title);
        Assert.Equal(CommunicationAudiences.Customers, validated.Templates[0].Audience);
    }

    [Fact]
    public void TheOwnerRoleMayCheckAStep()
    {
        var progress = new PlaybookProgress(Small());
        var now = _clock.UtcNow;

        var record = progress.Check("pause-feature", Tom, TechLead, now, " paused at 09:00 ");

        Assert.Equal(new StepRecord("pause-feature", StepOutcome.Done, Tom, now, "paused at 09:00", null), record);
        Assert.Equal(record, progress.RecordOf("pause-feature"));
    }

    [Fact]
    public void TheIncidentCommanderMayCheckAnyStep()
    {
        var progress = new PlaybookProgress(Small());

        var record = progress.Check("brief-internal", Maya, Commander, _clock.UtcNow);

        Assert.Equal(Maya, record.By);
    }

    [Fact]
    public void CheckThrowsGivenSomeoneWithoutTheOwnerRole()
    {
        var progress = new PlaybookProgress(Small());

        var ex = Assert.Throws<ForbiddenActionException>(() => progress.Check("pause-feature", Priya, Comms, _clock.UtcNow));

        Assert.Equal("Only the Technical Lead or the Incident Commander can check off 'pause-feature'; Priya Raman holds neither role.",
            ex.Message);
        Assert.Null(progress.RecordOf("pause-feature"));
    }

    [Fact]
    public void CheckThrowsGivenNoRoleAtAll()
    {
        var progress = new PlaybookProgress(Small());

        Assert.Throws<ForbiddenActionException>(() => progress.Check("pause-feature", Priya, [], _clock.UtcNow));
    }

    [Fact]
    public void CheckThrowsGivenUnknownStep()
    {
        var progress = new PlaybookProgress(Small());

        var ex = Assert.Throws<NotFoundException>(() => progress.Check("no-such-step", Maya, Commander, _clock.UtcNow));

        Assert.Contains("no-such-step", ex.Message);
    }

    [Fact]
    public void CheckThrowsGivenStepAlreadyDone()
    {
        var progress = new PlaybookProgress(Small());
        progress.Check("pause-feature", Tom, TechLead, _clock.UtcNow);

        var ex = Assert.Throws<InvalidTransitionException>(() =>
            progress.Check("pause-feature", Maya, Commander, _clock.AdvanceMinutes(5)));

        Assert.Equal("'pause-feature' was already done by Tom Okafor at 2026-11-22 09:00 UTC.", ex.Message);
    }

    [Fact]
    public void StepsDoneEarlierCountAsDoneWhenProgressIsRebuiltFromRecords()
    {
        var earlier = new StepRecord("pause-feature", StepOutcome.Skipped, Tom, _clock.UtcNow, "Feature was already off.", null);
        var progress = new PlaybookProgress(Small(), [earlier]);

        Assert.Throws<InvalidTransitionException>(() => progress.Check("pause-feature", Tom, TechLead, _clock.AdvanceMinutes(1)));
        Assert.Throws<InvalidTransitionException>(() => progress.Skip("pause-feature", "again", Tom, TechLead, _clock.AdvanceMinutes(1)));
    }

    [Fact]
    public void CheckThrowsGivenAGateStep()
    {
        var progress = new PlaybookProgress(Small());

        var ex = Assert.Throws<InvalidTransitionException>(() => progress.Check("gate-offline", Maya, Commander, _clock.UtcNow));

        Assert.Contains("decision gate", ex.Message);
    }

    [Fact]
    public void SkipRequiresAReason()
    {
        var progress = new PlaybookProgress(Small());

        var ex = Assert.Throws<ValidationException>(() => progress.Skip("find-cause", "  ", Tom, TechLead, _clock.UtcNow));

        Assert.Equal(["reason"], ex.Errors.Keys);
        Assert.Null(progress.RecordOf("find-cause"));
    }

    [Fact]
    public void SkipKeepsTheReasonAsTheNote()
    {
        var progress = new PlaybookProgress(Small());

        var record = progress.Skip("find-cause", "Vendor already confirmed the cause.", Tom, TechLead, _clock.UtcNow);

        Assert.Equal(StepOutcome.Skipped, record.Outcome);
        Assert.Equal("Vendor already confirmed the cause.", record.Note);
    }

    [Fact]
    public void SkipThrowsGivenSomeoneWithoutTheOwnerRole()
    {
        var progress = new PlaybookProgress(Small());

        var ex = Assert.Throws<ForbiddenActionException>(() => progress.Skip("find-cause", "Not needed.", Priya, Legal, _clock.UtcNow));

        Assert.Contains("Technical Lead", ex.Message);
    }

    [Fact]
    public void AYesToAGateWithAClockReturnsTheTrigger()
    {
        var progress = new PlaybookProgress(Small());

        var decision = progress.AnswerGate("gate-personal-data", yes: true, Priya, Legal, _clock.UtcNow);

        Assert.Equal(RegulatoryTrigger.PersonalDataBreach, decision.ClockToStart);
        Assert.True(decision.Record.GateAnswer);
        Assert.Equal(StepOutcome.Done, decision.Record.Outcome);
    }

    [Fact]
    public void ANoToAGateStartsNoClock()
    {
        var progress = new PlaybookProgress(Small());

        var decision = progress.AnswerGate("gate-personal-data", yes: false, Maya, Commander, _clock.UtcNow, "Only synthetic data.");

        Assert.Null(decision.ClockToStart);
        Assert.False(decision.Record.GateAnswer);
        Assert.Equal("Only synthetic data.", decision.Record.Note);
    }

    [Fact]
    public void AYesToAGateWithoutAClockStartsNoClock()
    {
        var progress = new PlaybookProgress(Small());

        var decision = progress.AnswerGate("gate-offline", yes: true, Maya, Commander, _clock.UtcNow);

        Assert.Null(decision.ClockToStart);
    }

    [Fact]
    public void AnswerGateThrowsGivenSomeoneWithoutTheOwnerRole()
    {
        var progress = new PlaybookProgress(Small());

        var ex = Assert.Throws<ForbiddenActionException>(() =>
            progress.AnswerGate("gate-personal-data", yes: true, Tom, TechLead, _clock.UtcNow));

        Assert.Contains("Legal/Compliance Liaison", ex.Message);
    }

    [Fact]
    public void AnswerGateThrowsGivenAnOrdinaryStep()
    {
        var progress = new PlaybookProgress(Small());

        Assert.Throws<InvalidTransitionException>(() => progress.AnswerGate("pause-feature", yes: true, Tom, TechLead, _clock.UtcNow));
    }

    [Fact]
    public void AnswerGateThrowsGivenGateAlreadyAnswered()
    {
        var progress = new PlaybookProgress(Small());
        progress.AnswerGate("gate-personal-data", yes: false, Priya, Legal, _clock.UtcNow);

        var ex = Assert.Throws<InvalidTransitionException>(() =>
            progress.AnswerGate("gate-personal-data", yes: true, Maya, Commander, _clock.AdvanceMinutes(10)));

        Assert.Contains("already answered by Priya Raman", ex.Message);
    }

    [Fact]
    public void CoverageCountsDoneSkippedAndRemaining()
    {
        var progress = new PlaybookProgress(Small());
        Assert.Equal(new PlaybookCoverage(5, 0, 0, 5, 0), progress.Coverage);

        progress.Check("pause-feature", Tom, TechLead, _clock.UtcNow);
        progress.Skip("find-cause", "Known cause.", Tom, TechLead, _clock.UtcNow);
        progress.AnswerGate("gate-offline", yes: false, Maya, Commander, _clock.UtcNow);

        Assert.Equal(new PlaybookCoverage(5, 2, 1, 2, 60), progress.Coverage);
    }

    [Fact]
    public void CoveragePercentRoundsDownSoOnlyAFinishedRunShowsOneHundred()
    {
        var content = Small();
        var records = content.Steps.Skip(1)
            .Select(s => new StepRecord(s.Id, StepOutcome.Done, Maya, _clock.UtcNow, null, s.IsGate ? true : null));

        Assert.Equal(80, new PlaybookProgress(content, records).Coverage.Percent);
        var seven = content with
        {
            Steps = Enumerable.Range(1, 7).Select(i => new PlaybookStep($"step-{i}", PlaybookPhase.Immediate, "Do it.", IncidentRole.Scribe))
                .ToList(),
        };
        var sixDone = seven.Steps.Take(6).Select(s => new StepRecord(s.Id, StepOutcome.Done, Maya, _clock.UtcNow, null, null));
        Assert.Equal(new PlaybookCoverage(7, 6, 0, 1, 85), new PlaybookProgress(seven, sixDone).Coverage);
    }

    [Fact]
    public void NextStepsListsTheOpenStepsOfARoleInPlaybookOrder()
    {
        var progress = new PlaybookProgress(Small());
        Assert.Equal(["pause-feature", "find-cause"], progress.NextSteps(IncidentRole.TechnicalLead).Select(s => s.Id));

        progress.Check("pause-feature", Tom, TechLead, _clock.UtcNow);

        Assert.Equal(["find-cause"], progress.NextSteps(IncidentRole.TechnicalLead).Select(s => s.Id));
        Assert.Equal(["gate-offline"], progress.NextSteps(IncidentRole.IncidentCommander).Select(s => s.Id));
        Assert.Empty(progress.NextSteps(IncidentRole.Scribe));
    }

    [Fact]
    public void RecordsFollowPlaybookOrderAndIgnoreStepsNotInThisVersion()
    {
        var stale = new StepRecord("removed-step", StepOutcome.Done, Maya, _clock.UtcNow, null, null);
        var progress = new PlaybookProgress(Small(), [stale]);
        progress.Check("find-cause", Tom, TechLead, _clock.UtcNow);
        progress.Check("pause-feature", Tom, TechLead, _clock.UtcNow);

        Assert.Equal(["pause-feature", "find-cause"], progress.Records.Select(r => r.StepId));
        Assert.Equal(2, progress.Coverage.Done);
    }

    private static string Json(PlaybookContent content) => JsonSerializer.Serialize(content, Web);
}
