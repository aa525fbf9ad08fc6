using CommandCenter.Core.Common;
using CommandCenter.Core.Communications;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Tests.Unit;

public sealed class CommunicationsTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc);
    private static readonly UpdateCadence Cadence = new();
    private const string Comms = "Priya Raman";
    private const string Legal = "Sam Rivera";

    private static StatusUpdateContent Content(DateTime? next = null, string happened = "The assistant handed out discount codes.") =>
        StatusUpdateContent.Create(happened, "Whether the retrieval index holds more hidden text.",
            "Routed chats to the scripted fallback.", "How many customers received a code.", next ?? Now.AddMinutes(20), Now);

    private static StatusUpdate Draft(UpdateAudience audience) => StatusUpdate.Draft(7, audience, Content(), Comms, Now);

    private static StatusUpdate Approved(UpdateAudience audience = UpdateAudience.Customers)
    {
        var update = Draft(audience);
        update.SubmitForApproval(Comms, Now);
        update.Approve(Legal, Now.AddMinutes(2), isLegal: true);
        return update;
    }

    // ---- audience

    [Theory]
    [InlineData(UpdateAudience.Internal, false)]
    [InlineData(UpdateAudience.Leadership, false)]
    [InlineData(UpdateAudience.Customers, true)]
    [InlineData(UpdateAudience.Regulators, true)]
    public void OnlyCustomersAndRegulatorsAreExternal(UpdateAudience audience, bool external) =>
        Assert.Equal(external, audience.IsExternal());

    [Theory]
    [InlineData("customers", UpdateAudience.Customers)]
    [InlineData(" Regulators ", UpdateAudience.Regulators)]
    [InlineData("LEADERSHIP", UpdateAudience.Leadership)]
    public void AudienceParsesCodesInAnyCase(string text, UpdateAudience expected) => Assert.Equal(expected, UpdateAudiences.Parse(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("press")]
    public void AudienceParseRefusesUnknownText(string? text) => Assert.Null(UpdateAudiences.Parse(text));

    [Fact]
    public void AudienceSerializesKebabCase() =>
        Assert.Equal("\"regulators\"", System.Text.Json.JsonSerializer.Serialize(UpdateAudience.Regulators));

    [Fact]
    public void AllowedAudiencesListsEveryCode() => Assert.Equal("internal, leadership, customers, regulators", UpdateAudiences.Allowed);

    // ---- content validation

    [Fact]
    public void ContentValidationNamesEveryMissingField()
    {
        var error = Assert.Throws<ValidationException>(() => StatusUpdateContent.Create(" ", null, "", null, null, Now));

        Assert.Equal(["nextUpdateAt", "whatHappened", "whatWeAreDoing", "whatWeAreTesting", "whatWeDontKnow"], error.Errors.Keys.Order());
    }

    [Fact]
    public void ContentRefusesAPartLongerThanTheLimit()
    {
        var error = Assert.Throws<ValidationException>(() =>
            StatusUpdateContent.Create(new string('x', StatusUpdateContent.PartLength + 1), "t", "d", "k", Now.AddMinutes(10), Now));

        Assert.Contains("at most 2000", Assert.Single(error.Errors["whatHappened"]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(24 * 60 + 1)]
    public void NextUpdateMustBeInTheFutureAndWithinADay(int minutesAhead)
    {
        var error = Assert.Throws<ValidationException>(() => Content(Now.AddMinutes(minutesAhead)));

        Assert.Equal(["nextUpdateAt"], error.Errors.Keys);
    }

    [Fact]
    public void ContentIsTrimmedAndNextUpdateTakenAsUtc()
    {
        var content = StatusUpdateContent.Create("  what  ", "t", "d", "k", DateTime.SpecifyKind(Now.AddHours(24), DateTimeKind.Unspecified), Now);

        Assert.Equal("what", content.WhatHappened);
        Assert.Equal(DateTimeKind.Utc, content.NextUpdateAt.Kind);
    }

    [Fact]
    public void ValidateCollectsIntoTheCallersValidator()
    {
        var validator = new Validator().Add("audience", "Pick an audience.");

        var content = StatusUpdateContent.Validate(validator, "h", "t", "d", null, Now.AddMinutes(5), Now);

        Assert.Null(content);
        Assert.Equal(["audience", "whatWeDontKnow"], validator.Errors.Keys.Order());
    }

    [Fact]
    public void DraftRevalidatesContentBuiltWithoutTheFactory() =>
        Assert.Throws<ValidationException>(() => StatusUpdate.Draft(7, UpdateAudience.Internal, Content() with { WhatWeAreDoing = "" }, Comms, Now));

    // ---- state machine

    [Theory]
    [InlineData(UpdateAudience.Internal)]
    [InlineData(UpdateAudience.Leadership)]
    public void InternalUpdatesAreSentStraightFromDraft(UpdateAudience audience)
    {
        var update = Draft(audience);

        update.MarkSent(Comms, Now.AddMinutes(1));

        Assert.Equal(StatusUpdateState.Sent, update.State);
        Assert.Equal(Comms, update.SentBy);
        Assert.Equal(Now.AddMinutes(1), update.SentAt);
        Assert.Null(update.ApprovedBy);
    }

    [Fact]
    public void InternalUpdatesCannotBeSubmittedForApproval()
    {
        var error = Assert.Throws<InvalidTransitionException>(() => Draft(UpdateAudience.Leadership).SubmitForApproval(Comms, Now));

        Assert.Contains("without approval", error.Message);
    }

    [Theory]
    [InlineData(UpdateAudience.Customers)]
    [InlineData(UpdateAudience.Regulators)]
    public void ExternalUpdatesCannotBeSentBeforeApproval(UpdateAudience audience)
    {
        var update = Draft(audience);

        var fromDraft = Assert.Throws<InvalidTransitionException>(() => update.MarkSent(Comms, Now));
        update.SubmitForApproval(Comms, Now);
        var fromWaiting = Assert.Throws<InvalidTransitionException>(() => update.MarkSent(Comms, Now));

        Assert.Contains("submit it for approval", fromDraft.Message);
        Assert.Contains("waiting for the Legal/Compliance Liaison", fromWaiting.Message);
        Assert.Equal(StatusUpdateState.AwaitingApproval, update.State);
    }

    [Fact]
    public void ExternalUpdateGoesOutAfterLegalApproves()
    {
        var update = Approved();

        update.MarkSent(Comms, Now.AddMinutes(3));

        Assert.Equal(StatusUpdateState.Sent, update.State);
        Assert.Equal(Legal, update.ApprovedBy);
        Assert.Equal(Now.AddMinutes(2), update.ApprovedAt);
        Assert.False(update.ApprovedByAuthor);
    }

    [Fact]
    public void OnlyTheLegalLiaisonApproves()
    {
        var update = Draft(UpdateAudience.Customers);
        update.SubmitForApproval(Comms, Now);

        var error = Assert.Throws<ForbiddenActionException>(() => update.Approve("Tom Okafor", Now, isLegal: false));

        Assert.Contains("Legal/Compliance Liaison", error.Message);
        Assert.Equal(StatusUpdateState.AwaitingApproval, update.State);
    }

    [Fact]
    public void ApprovalNeedsASubmittedUpdate()
    {
        var error = Assert.Throws<InvalidTransitionException>(() => Draft(UpdateAudience.Regulators).Approve(Legal, Now, isLegal: true));

        Assert.Contains("submits it for approval first", error.Message);
    }

    [Fact]
    public void TheAuthorMayApproveButItIsRecorded()
    {
        var update = StatusUpdate.Draft(7, UpdateAudience.Customers, Content(), Legal, Now);
        update.SubmitForApproval(Legal, Now);

        update.Approve(" sam rivera ", Now, isLegal: true);

        Assert.Equal(StatusUpdateState.Approved, update.State);
        Assert.True(update.ApprovedByAuthor);
    }

    [Fact]
    public void RejectReturnsToDraftAndKeepsTheReason()
    {
        var update = Draft(UpdateAudience.Customers);
        update.SubmitForApproval(Comms, Now);

        update.Reject(Legal, "Do not name the vendor.", Now.AddMinutes(4), isLegal: true);

        Assert.Equal(StatusUpdateState.Draft, update.State);
        Assert.Equal("Do not name the vendor.", update.RejectionReason);
        Assert.Equal(Legal, update.RejectedBy);
        Assert.Equal(Now.AddMinutes(4), update.RejectedAt);

        update.SubmitForApproval(Comms, Now.AddMinutes(5));
        Assert.Equal("Do not name the vendor.", update.RejectionReason);
    }

    [Fact]
    public void RejectWithdrawsAnApproval()
    {
        var update = Approved();

        update.Reject(Legal, "Wait for the scope.", Now.AddMinutes(5), isLegal: true);

        Assert.Equal(StatusUpdateState.Draft, update.State);
        Assert.Null(update.ApprovedBy);
    }

    [Fact]
    public void RejectNeedsAReasonAndLegal()
    {
        var update = Draft(UpdateAudience.Customers);
        update.SubmitForApproval(Comms, Now);

        Assert.Throws<ForbiddenActionException>(() => update.Reject(Comms, "no", Now, isLegal: false));
        var error = Assert.Throws<ValidationException>(() => update.Reject(Legal, "  ", Now, isLegal: true));

        Assert.Equal(["reason"], error.Errors.Keys);
        Assert.Equal(StatusUpdateState.AwaitingApproval, update.State);
    }

    [Fact]
    public void RevisingAfterApprovalAsksForApprovalAgain()
    {
        var update = Approved();

        update.Revise(Content(happened: "Codes were handed out for two hours."), Comms, Now.AddMinutes(6));

        Assert.Equal(StatusUpdateState.AwaitingApproval, update.State);
        Assert.Null(update.ApprovedBy);
        Assert.Null(update.ApprovedAt);
        Assert.Equal("Codes were handed out for two hours.", update.WhatHappened);
        Assert.Equal(Comms, update.RevisedBy);
        Assert.Throws<InvalidTransitionException>(() => update.MarkSent(Comms, Now.AddMinutes(7)));
    }

    [Fact]
    public void RevisingADraftKeepsItADraft()
    {
        var update = Draft(UpdateAudience.Internal);

        update.Revise(Content(happened: "New text."), "Tom Okafor", Now.AddMinutes(1));

        Assert.Equal(StatusUpdateState.Draft, update.State);
        Assert.Equal("New text.", update.Content.WhatHappened);
    }

    [Fact]
    public void SentTextNeverChanges()
    {
        var update = Draft(UpdateAudience.Internal);
        update.MarkSent(Comms, Now);

        var revise = Assert.Throws<InvalidTransitionException>(() => update.Revise(Content(), Comms, Now));
        var again = Assert.Throws<InvalidTransitionException>(() => update.MarkSent(Comms, Now));

        Assert.Contains("Draft a new update", revise.Message);
        Assert.Contains("was sent at 2026-11-24 09:00 UTC", again.Message);
    }

    [Fact]
    public void AnUpdateWhosePromisedTimeHasPassedMustBeRevisedBeforeSending()
    {
        var update = Draft(UpdateAudience.Internal);

        var error = Assert.Throws<InvalidTransitionException>(() => update.MarkSent(Comms, Now.AddMinutes(21)));

        Assert.Contains("revise the next update time", error.Message);
    }

    // ---- cadence

    [Fact]
    public void Sev1DefaultsAreFiveAndTwentyMinutesExternallyAndThirtyInternally()
    {
        var external = Cadence.For(Severity.Sev1, UpdateAudience.Customers)!;
        var internalRule = Cadence.For(Severity.Sev1, UpdateAudience.Leadership)!;

        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(20)), (external.FirstWithin, external.Every));
        Assert.Equal((TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30)), (internalRule.FirstWithin, internalRule.Every));
    }

    [Theory]
    [InlineData(Severity.Sev2, UpdateAudience.Regulators, 30, 60)]
    [InlineData(Severity.Sev2, UpdateAudience.Internal, 30, 60)]
    [InlineData(Severity.Sev3, UpdateAudience.Internal, 60, 240)]
    [InlineData(Severity.Sev3, UpdateAudience.Customers, 240, 480)]
    [InlineData(Severity.Sev4, UpdateAudience.Internal, 1440, 1440)]
    public void DefaultCadenceFollowsSeverity(Severity severity, UpdateAudience audience, int firstMinutes, int everyMinutes)
    {
        var rule = Cadence.For(severity, audience)!;

        Assert.Equal(TimeSpan.FromMinutes(firstMinutes), rule.FirstWithin);
        Assert.Equal(TimeSpan.FromMinutes(everyMinutes), rule.Every);
    }

    [Fact]
    public void Sev4HasNoExternalCadence()
    {
        Assert.Null(Cadence.For(Severity.Sev4, UpdateAudience.Customers));
        Assert.Equal(UpdateDue.NotScheduled,
            UpdateSchedule.Compute(Severity.Sev4, UpdateAudience.Customers, Now, null, null, Now.AddDays(3), Cadence));
    }

    [Fact]
    public void AZeroIntervalSwitchesACadenceOff()
    {
        var cadence = new UpdateCadence();
        cadence.Sev2.External!.Every = TimeSpan.Zero;

        Assert.Null(cadence.For(Severity.Sev2, UpdateAudience.Customers));
    }

    // ---- due and overdue

    [Fact]
    public void BeforeAnyUpdateTheFirstIsDueAfterFirstWithin()
    {
        var due = UpdateSchedule.Compute(Severity.Sev1, UpdateAudience.Customers, Now, null, null, Now.AddMinutes(1), Cadence);

        Assert.Equal(Now.AddMinutes(5), due.DueAt);
        Assert.Equal(UpdateUrgency.Upcoming, due.Urgency);
        Assert.False(due.IsOverdue);
    }

    [Fact]
    public void AfterAnUpdateTheNextIsDueOneIntervalLater()
    {
        var due = UpdateSchedule.Compute(Severity.Sev1, UpdateAudience.Internal, Now, Now.AddMinutes(10), null, Now.AddMinutes(12), Cadence);

        Assert.Equal(Now.AddMinutes(40), due.DueAt);
        Assert.Equal(UpdateUrgency.None, due.Urgency);
        Assert.Null(due.OverdueBy);
    }

    [Fact]
    public void APromisedNextTimeEarlierThanTheCadenceWins()
    {
        var due = UpdateSchedule.Compute(Severity.Sev2, UpdateAudience.Customers, Now, Now.AddMinutes(30), Now.AddMinutes(45),
            Now.AddMinutes(50), Cadence);

        Assert.Equal(Now.AddMinutes(45), due.DueAt);
        Assert.True(due.IsOverdue);
        Assert.Equal(TimeSpan.FromMinutes(5), due.OverdueBy);
        Assert.Equal(UpdateUrgency.Overdue, due.Urgency);
    }

    [Fact]
    public void APromisedNextTimeLaterThanTheCadenceDoesNotStretchIt()
    {
        var due = UpdateSchedule.Compute(Severity.Sev1, UpdateAudience.Customers, Now, Now.AddMinutes(5), Now.AddHours(2), Now.AddMinutes(6), Cadence);

        Assert.Equal(Now.AddMinutes(25), due.DueAt);
    }

    [Theory]
    [InlineData(170, UpdateUrgency.None)] // 70 of 240 minutes left: more than a quarter
    [InlineData(190, UpdateUrgency.Upcoming)] // 50 left: less than a quarter of the interval
    [InlineData(240, UpdateUrgency.Upcoming)] // due this minute, not yet overdue
    [InlineData(241, UpdateUrgency.Overdue)]
    public void UrgencyTurnsUpcomingInTheLastQuarterThenOverdue(int minutesAfterSent, UpdateUrgency expected)
    {
        var sentAt = Now.AddMinutes(10);

        var due = UpdateSchedule.Compute(Severity.Sev3, UpdateAudience.Internal, Now, sentAt, null, sentAt.AddMinutes(minutesAfterSent), Cadence);

        Assert.Equal(expected, due.Urgency);
    }

    [Fact]
    public void UrgencyTurnsUpcomingFiveMinutesBeforeEvenOnAShortInterval()
    {
        var cadence = new UpdateCadence();
        cadence.Sev1.External = CadenceRule.Of(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(12));

        var early = UpdateSchedule.Compute(Severity.Sev1, UpdateAudience.Customers, Now, Now, null, Now.AddMinutes(6), cadence);
        var late = UpdateSchedule.Compute(Severity.Sev1, UpdateAudience.Customers, Now, Now, null, Now.AddMinutes(8), cadence);

        Assert.Equal(UpdateUrgency.None, early.Urgency);
        Assert.Equal(UpdateUrgency.Upcoming, late.Urgency);
    }

    [Fact]
    public void ForIncidentUsesTheNewestSentUpdatePerAudienceAndPicksTheMostUrgent()
    {
        var internalOld = Draft(UpdateAudience.Internal);
        internalOld.MarkSent(Comms, Now.AddMinutes(1));
        var internalNew = StatusUpdate.Draft(7, UpdateAudience.Internal, Content(Now.AddMinutes(40)), Comms, Now.AddMinutes(10));
        internalNew.MarkSent(Comms, Now.AddMinutes(10));
        var customersUnsent = Approved();

        var schedule = UpdateSchedule.ForIncident(Severity.Sev1, IncidentStatus.Triaged, Now,
            [internalOld, internalNew, customersUnsent], Now.AddMinutes(12), Cadence);

        Assert.Equal([UpdateAudience.Internal, UpdateAudience.Leadership, UpdateAudience.Customers, UpdateAudience.Regulators],
            schedule.Audiences.Select(a => a.Audience));
        Assert.Equal(Now.AddMinutes(40), schedule.Audiences[0].Due.DueAt);
        Assert.Equal(UpdateUrgency.Upcoming, schedule.Audiences[1].Due.Urgency);
        Assert.Equal(UpdateAudience.Customers, schedule.MostUrgent!.Audience);
        Assert.Equal(TimeSpan.FromMinutes(7), schedule.MostUrgent.Due.OverdueBy);
    }

    [Fact]
    public void ForIncidentLeavesOutAudiencesWithoutACadence()
    {
        var schedule = UpdateSchedule.ForIncident(Severity.Sev4, IncidentStatus.Detected, Now, [], Now.AddHours(1), Cadence);

        Assert.Equal([UpdateAudience.Internal, UpdateAudience.Leadership], schedule.Audiences.Select(a => a.Audience));
        Assert.Equal(UpdateUrgency.None, schedule.MostUrgent!.Due.Urgency);
    }

    [Theory]
    [InlineData(IncidentStatus.Resolved)]
    [InlineData(IncidentStatus.Closed)]
    public void AResolvedIncidentHasNoCadenceLeft(IncidentStatus status)
    {
        var schedule = UpdateSchedule.ForIncident(Severity.Sev1, status, Now, [], Now.AddHours(5), Cadence);

        Assert.Empty(schedule.Audiences);
        Assert.Null(schedule.MostUrgent);
    }

    // ---- draft prefill

    private static int _sequence;

    private static TimelineEntryView Entry(TimelineEntryKind kind, string text, int minutesAfter, int? corrects = null, int? correctedBy = null)
    {
        var at = Now.AddMinutes(minutesAfter);
        return new TimelineEntryView("INC-2026-0042", ++_sequence, kind, text, "Tom Okafor", null, at, at, corrects, correctedBy);
    }

    private static readonly IncidentFacts Facts = new("Assistant hands out discount codes", "Hidden text in a community article.",
        "Support assistant", Archetype.PromptInjection, Severity.Sev1, IncidentStatus.Contained, Now.AddMinutes(-30));

    private static StatusUpdateContent Prefill(IReadOnlyList<TimelineEntryView> entries, UpdateAudience audience = UpdateAudience.Internal,
        DateTime? now = null) => UpdateDraft.FromTimeline(entries, Facts, audience, now ?? Now.AddMinutes(60), Cadence);

    [Fact]
    public void DraftTellsWhatHappenedFromTheSummaryTheFirstSignalAndTheDeclaration()
    {
        var content = Prefill([
            Entry(TimelineEntryKind.Signal, "Discount code rate 40x baseline", 0),
            Entry(TimelineEntryKind.StatusChange, "Incident declared by Maya Chen: SEV-1 prompt injection on Support assistant.", 2),
            Entry(TimelineEntryKind.Signal, "User report: bot offered 90% off", 5),
        ]);

        var lines = content.WhatHappened.Split('\n');
        Assert.Equal("- Hidden text in a community article.", lines[0]);
        Assert.Equal("- SEV-1 prompt injection on Support assistant; status: contained.", lines[1]);
        Assert.Equal("- First signal (09:00 UTC): Discount code rate 40x baseline", lines[2]);
        Assert.StartsWith("- Incident declared by Maya Chen", lines[3]);
        Assert.DoesNotContain("90% off", content.WhatHappened);
    }

    [Fact]
    public void DraftPutsHypothesesUnderTestingAndActionsUnderDoing()
    {
        var content = Prefill([
            Entry(TimelineEntryKind.Note, "We suspect the retrieval index ingested the article", 10),
            Entry(TimelineEntryKind.Decision, "Verify whether other articles carry hidden text", 20),
            Entry(TimelineEntryKind.Note, "Latest numbers are in the dashboard", 25),
            Entry(TimelineEntryKind.Action, "Routed chats to the scripted fallback", 30),
            Entry(TimelineEntryKind.StatusChange, "Status Triaged → Contained.", 31),
            Entry(TimelineEntryKind.Action, "Checked the plugin permissions", 40),
            Entry(TimelineEntryKind.Communication, "Told support leads", 45),
        ]);

        Assert.Equal("- Verify whether other articles carry hidden text (09:20 UTC)\n- We suspect the retrieval index ingested the article (09:10 UTC)",
            content.WhatWeAreTesting);
        Assert.Equal("- Checked the plugin permissions (09:40 UTC)\n- Status Triaged → Contained. (09:31 UTC)\n- Routed chats to the scripted fallback (09:30 UTC)",
            content.WhatWeAreDoing);
        Assert.DoesNotContain("Latest numbers", content.WhatWeAreTesting);
        Assert.DoesNotContain("support leads", content.WhatWeAreDoing + content.WhatWeAreTesting);
    }

    [Theory]
    [InlineData(UpdateAudience.Customers)]
    [InlineData(UpdateAudience.Regulators)]
    public void AnOutsideDraftUsesNoInternalNotesNamesOrLabels(UpdateAudience audience)
    {
        var content = Prefill([
            Entry(TimelineEntryKind.Signal, "Discount code rate 40x baseline", 0),
            Entry(TimelineEntryKind.StatusChange, "Incident declared by Maya Chen: SEV-1 prompt injection on Support assistant.", 2),
            Entry(TimelineEntryKind.Action, "Playbook step done: Tighten the input filters", 10),
            Entry(TimelineEntryKind.Note, "We suspect the retrieval index ingested the article", 12),
            Entry(TimelineEntryKind.Action, "Routed chats to the scripted fallback", 30),
        ], audience);

        var all = string.Join('\n', content.WhatHappened, content.WhatWeAreTesting, content.WhatWeAreDoing, content.WhatWeDontKnowYet);
        foreach (var inside in new[] { "Maya", "SEV-1", "Playbook step", "suspect", "retrieval index", "scripted fallback", "40x", "Hidden text", "prompt injection" })
        {
            Assert.DoesNotContain(inside, all, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal("- Since 24 November 2026, 08:30 UTC, Support assistant has been affected by crafted input that made the AI assistant depart from its instructions.",
            content.WhatHappened);
        Assert.Equal("- We have put measures in place that stop the issue from continuing while we work on a lasting fix.", content.WhatWeAreDoing);
        Assert.NotEqual("", content.WhatWeAreTesting);
    }

    [Fact]
    public void AnOutsideDraftGivesTheAffectedPeopleLegalRecordedAndSaysWhereTheResponseStands()
    {
        var content = UpdateDraft.FromTimeline([], Facts with { AffectedUsers = 1250, Status = IncidentStatus.Recovered },
            UpdateAudience.Customers, Now, Cadence);

        Assert.Contains("- We currently estimate that 1,250 people were affected.", content.WhatHappened);
        Assert.Equal("- The service is working normally again; we are monitoring it closely.", content.WhatWeAreDoing);
    }

    [Fact]
    public void DraftKeepsOnlyTheNewestFiveBullets()
    {
        var entries = Enumerable.Range(1, 8).Select(i => Entry(TimelineEntryKind.Note, $"Testing idea {i}", i)).ToList();

        var lines = Prefill(entries).WhatWeAreTesting.Split('\n');

        Assert.Equal(5, lines.Length);
        Assert.StartsWith("- Testing idea 8", lines[0]);
        Assert.StartsWith("- Testing idea 4", lines[4]);
    }

    [Fact]
    public void DraftLeavesOutOldActionsAndCorrectedEntries()
    {
        var corrected = Entry(TimelineEntryKind.Note, "Investigating the wrong plugin", 400, correctedBy: 999);
        var content = Prefill([
            Entry(TimelineEntryKind.Action, "Paged the vendor", 0),
            corrected,
            Entry(TimelineEntryKind.Note, "Investigating the discount plugin", 401, corrects: corrected.Sequence),
        ], now: Now.AddHours(7));

        Assert.Equal("", content.WhatWeAreDoing);
        Assert.Contains("discount plugin", content.WhatWeAreTesting);
        Assert.DoesNotContain("wrong plugin", content.WhatWeAreTesting);
    }

    [Fact]
    public void DraftPromptsForTheUnknownsAndPromisesTheNextUpdateByTheCadence()
    {
        var external = Prefill([], UpdateAudience.Customers);
        var leadership = Prefill([], UpdateAudience.Leadership);

        Assert.Contains("Scope of affected users — still being established.", external.WhatWeDontKnowYet);
        Assert.Equal(Now.AddMinutes(60 + 20), external.NextUpdateAt);
        Assert.Equal(Now.AddMinutes(60 + 30), leadership.NextUpdateAt);
    }

    [Fact]
    public void ADraftForAnAudienceWithoutCadenceFallsBackToTheInternalOne()
    {
        var content = UpdateDraft.FromTimeline([], Facts with { Severity = Severity.Sev4 }, UpdateAudience.Customers, Now, Cadence);

        Assert.Equal(Now.AddHours(24), content.NextUpdateAt);
    }

    [Fact]
    public void DraftShortensLongEntriesToOneLine()
    {
        var content = Prefill([Entry(TimelineEntryKind.Action, "Rolled back\nthe model " + new string('x', 400), 50)]);

        Assert.DoesNotContain('\n', content.WhatWeAreDoing);
        Assert.True(content.WhatWeAreDoing.Length < 300);
        Assert.Contains("Rolled back the model", content.WhatWeAreDoing);
    }

    [Theory]
    [InlineData("Testing the guardrail", true)]
    [InlineData("hypothesis: the index", true)]
    [InlineData("Re-checking logs", true)]
    [InlineData("A contest bot", false)]
    [InlineData("The latest deploy", false)]
    [InlineData("Investigation started", true)]
    public void HypothesisWordsMatchAtTheStartOfAWord(string text, bool expected) => Assert.Equal(expected, UpdateDraft.ReadsLikeHypothesis(text));

    // ---- export

    [Fact]
    public void MarkdownExportHasEverySentUpdateWithItsFiveParts()
    {
        var internalUpdate = Draft(UpdateAudience.Internal);
        internalUpdate.MarkSent(Comms, Now.AddMinutes(1));
        var customers = Approved();
        customers.MarkSent(Comms, Now.AddMinutes(3));
        var unsent = Draft(UpdateAudience.Leadership);

        var md = UpdateExport.ToMarkdown("INC-2026-0042", "Assistant hands out discount codes", [customers, unsent, internalUpdate]);

        Assert.StartsWith("# Status updates: INC-2026-0042 — Assistant hands out discount codes", md);
        Assert.Contains("## 1. Internal — sent 2026-11-24 09:01 UTC", md);
        Assert.Contains("## 2. Customers — sent 2026-11-24 09:03 UTC", md);
        Assert.DoesNotContain("Leadership", md);
        Assert.Contains("approved by Sam Rivera (Legal/Compliance Liaison) at 2026-11-24 09:02 UTC", md);
        foreach (var heading in new[] { "### What happened", "### What we are testing", "### What we are doing", "### What we don't know yet" })
        {
            Assert.Equal(2, md.Split(heading).Length - 1);
        }
        Assert.Contains("Routed chats to the scripted fallback.", md);
        Assert.Contains("**Next update:** by 2026-11-24 09:20 UTC", md);
    }

    [Fact]
    public void MarkdownExportSaysSoWhenNothingWasSent() =>
        Assert.Contains("No update has been sent yet.", UpdateExport.ToMarkdown("INC-1", "T", [Draft(UpdateAudience.Internal)]));

    private static string ExportOf(string happened, string title = "Assistant hands out discount codes")
    {
        var update = StatusUpdate.Draft(7, UpdateAudience.Internal, Content(happened: happened), Comms, Now);
        update.MarkSent(Comms, Now.AddMinutes(1));
        return UpdateExport.ToMarkdown("INC-2026-0042", title, [update]);
    }

    [Fact]
    public void MarkdownExportEscapesRawHtmlInUserText()
    {
        var md = ExportOf("<script>alert(1)</script> then <img src=x onerror=alert(2)> & <b>bold</b>",
            title: "Leak <iframe src=//evil.example>");

        Assert.DoesNotContain("<script", md, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", md, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", md, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", md, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", md);
        Assert.Contains(" &amp; ", md);
    }

    [Theory]
    [InlineData("[read the advisory](javascript:alert(document.cookie))")]
    [InlineData("![chart](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[advisory][1]\n\n[1]: JavaScript:alert(1)")]
    [InlineData("[x]( vbscript:msgbox(1) )")]
    public void MarkdownExportNeutralisesScriptAndDataLinks(string text)
    {
        var md = ExportOf(text);

        Assert.DoesNotMatch(@"(?i)(javascript|vbscript|data)\s*:", md);
        Assert.DoesNotMatch(@"(?<!\\)\]\s*[(\[:]", md);
    }

    [Fact]
    public void MarkdownExportKeepsUserLinesFromForgingHeadingsListsOrTheNextUpdateLine()
    {
        var forged = string.Join("\n",
            "Nothing to see.",
            "## 2. Regulators — sent 2026-11-24 09:30 UTC",
            "   ### What we are doing",
            "Heading by underline",
            "===",
            "- a list item",
            "+ another",
            "* and another",
            "1. a numbered item",
            "7) another numbered item",
            "> a quote",
            "---",
            "***",
            "```",
            "~~~",
            "| a | table |",
            "**Next update:** by 2099-01-01 00:00 UTC");

        var md = ExportOf(forged);
        var lines = md.Split('\n');

        Assert.Single(lines, l => l.StartsWith("## ", StringComparison.Ordinal));
        Assert.Equal(4, lines.Count(l => l.StartsWith("### ", StringComparison.Ordinal)));
        Assert.Single(lines, l => l.StartsWith("**Next update:**", StringComparison.Ordinal));
        Assert.Equal(6, lines.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s{0,3}#")));
        Assert.DoesNotContain(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l,
            @"^\s{0,3}(>|[-+*]\s|\d+[.)]|={2,}|-{2,}|\*{3,}|`{3,}|~{3,}|\|)"));
        Assert.Contains("Nothing to see.", md);
        Assert.Contains("a numbered item", md);
    }
}
