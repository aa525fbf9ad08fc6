using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Unit.Support;
using static CommandCenter.Tests.Unit.Support.TestIncidents;

namespace CommandCenter.Tests.Unit;

public sealed class IncidentLifecycleTests
{
    // Written out by hand rather than derived from Incident.CanMove, so the test states the rule independently.
    private static readonly HashSet<(IncidentStatus From, IncidentStatus To)> LegalMoves =
    [
        (IncidentStatus.Detected, IncidentStatus.Triaged),
        (IncidentStatus.Detected, IncidentStatus.Contained),
        (IncidentStatus.Detected, IncidentStatus.Recovered),
        (IncidentStatus.Detected, IncidentStatus.Resolved),
        (IncidentStatus.Triaged, IncidentStatus.Contained),
        (IncidentStatus.Triaged, IncidentStatus.Recovered),
        (IncidentStatus.Triaged, IncidentStatus.Resolved),
        (IncidentStatus.Contained, IncidentStatus.Recovered),
        (IncidentStatus.Contained, IncidentStatus.Resolved),
        (IncidentStatus.Recovered, IncidentStatus.Resolved),
        (IncidentStatus.Resolved, IncidentStatus.Closed),
    ];

    private readonly ManualClock _clock = new();

    public static TheoryData<IncidentStatus, IncidentStatus, bool> AllStatusPairs()
    {
        var data = new TheoryData<IncidentStatus, IncidentStatus, bool>();
        foreach (var from in Enum.GetValues<IncidentStatus>())
        {
            foreach (var to in Enum.GetValues<IncidentStatus>())
            {
                data.Add(from, to, LegalMoves.Contains((from, to)));
            }
        }
        return data;
    }

    [Fact]
    public void TheTheoryCoversAllThirtySixPairsOfWhichElevenAreLegal()
    {
        var pairs = AllStatusPairs().ToList();
        Assert.Equal(36, pairs.Count);
        Assert.Equal(11, pairs.Count(p => (bool)p[2]));
        Assert.Equal(36, pairs.Select(p => (p[0], p[1])).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(AllStatusPairs))]
    public void ChangeStatusAllowsExactlyTheLegalMoves(IncidentStatus from, IncidentStatus to, bool legal)
    {
        var incident = Declare(_clock.UtcNow);
        MoveTo(incident, from, Maya, _clock.AdvanceMinutes(5));
        Assert.Equal(from, incident.Status);
        var at = _clock.AdvanceMinutes(5);
        var entriesBefore = incident.Timeline.Count;
        var versionBefore = incident.Version;
        var headBefore = incident.TimelineHeadHash;
        var phasesBefore = Enum.GetValues<IncidentStatus>().Select(s => PhaseAt(incident, s)).ToList();

        Assert.Equal(legal, Incident.CanMove(from, to));
        Assert.Equal(legal, incident.NextStatuses.Contains(to));

        if (legal)
        {
            incident.ChangeStatus(to, Maya, at, to >= IncidentStatus.Resolved ? "Fixed and verified." : null);

            Assert.Equal(to, incident.Status);
            Assert.Equal(at, PhaseAt(incident, to));
            Assert.Equal(entriesBefore + 1, incident.Timeline.Count);
            var entry = incident.Timeline[^1];
            Assert.Equal(TimelineEntryKind.StatusChange, entry.Kind);
            Assert.Contains($"{from} → {to}", entry.Text);
            Assert.Equal(at, entry.RecordedAt);
            Assert.Equal(versionBefore + 1, incident.Version);
        }
        else
        {
            var ex = Assert.Throws<InvalidTransitionException>(() => incident.ChangeStatus(to, Maya, at));

            Assert.Contains(Key, ex.Message);
            Assert.Contains(from.ToString(), ex.Message, StringComparison.OrdinalIgnoreCase);
            if (from != to && from != IncidentStatus.Closed && to != IncidentStatus.Closed)
            {
                Assert.Contains(to.ToString(), ex.Message);
                Assert.Contains("only move forward", ex.Message);
            }
            Assert.Equal(from, incident.Status);
            Assert.Equal(entriesBefore, incident.Timeline.Count);
            Assert.Equal(versionBefore, incident.Version);
            Assert.Equal(headBefore, incident.TimelineHeadHash);
            Assert.Equal(phasesBefore, Enum.GetValues<IncidentStatus>().Select(s => PhaseAt(incident, s)).ToList());
        }
    }

    [Fact]
    public void DeclareStartsDetectedWithOneStatusEntryAndNoOtherPhase()
    {
        var now = _clock.UtcNow;

        var incident = Declare(now, severity: Severity.Sev1);

        Assert.Equal(IncidentStatus.Detected, incident.Status);
        Assert.Equal(now, incident.DetectedAt);
        Assert.Equal(now, incident.UpdatedAt);
        Assert.Null(incident.TriagedAt);
        Assert.Null(incident.ContainedAt);
        Assert.Null(incident.RecoveredAt);
        Assert.Null(incident.ResolvedAt);
        Assert.Null(incident.ClosedAt);
        var entry = Assert.Single(incident.Timeline);
        Assert.Equal(TimelineEntryKind.StatusChange, entry.Kind);
        Assert.Equal(1, entry.Sequence);
        Assert.Equal(Maya, entry.Author);
        Assert.Contains("declared by Maya Chen", entry.Text);
        Assert.Contains("SEV-1", entry.Text);
        Assert.Contains("Support assistant", entry.Text);
        Assert.Equal(
            [IncidentStatus.Triaged, IncidentStatus.Contained, IncidentStatus.Recovered, IncidentStatus.Resolved],
            incident.NextStatuses);
    }

    [Fact]
    public void DeclareRejectsAnImpactStartInTheFutureBeyondClockSkew()
    {
        var now = _clock.UtcNow;

        var ex = Assert.Throws<ValidationException>(() => Declare(now, impactStartedAt: now + Incident.AllowedClockSkew + TimeSpan.FromSeconds(1)));

        Assert.Equal(["impactStartedAt"], ex.Errors.Keys);
        Assert.Equal(now + Incident.AllowedClockSkew, Declare(now, impactStartedAt: now + Incident.AllowedClockSkew).ImpactStartedAt);
    }

    [Fact]
    public void JumpingAheadStampsEverySkippedPhaseAtTheJumpTime()
    {
        var incident = Declare(_clock.UtcNow);
        var jump = _clock.AdvanceMinutes(40);

        incident.ChangeStatus(IncidentStatus.Recovered, Maya, jump, "rolled back to 2026.10.3");

        Assert.Equal(IncidentStatus.Recovered, incident.Status);
        Assert.Equal(jump, incident.TriagedAt);
        Assert.Equal(jump, incident.ContainedAt);
        Assert.Equal(jump, incident.RecoveredAt);
        Assert.Null(incident.ResolvedAt);
        Assert.Null(incident.ClosedAt);
        var entry = incident.Timeline[^1];
        Assert.Equal("Status Detected → Recovered (also marks Triaged, Contained): rolled back to 2026.10.3", entry.Text);
    }

    [Fact]
    public void JumpingToResolvedStampsEveryPhaseButClosed()
    {
        var incident = Declare(_clock.UtcNow);
        var jump = _clock.AdvanceMinutes(90);

        incident.ChangeStatus(IncidentStatus.Resolved, Maya, jump, "Fixed and verified.");

        Assert.All([incident.TriagedAt, incident.ContainedAt, incident.RecoveredAt, incident.ResolvedAt], t => Assert.Equal(jump, t));
        Assert.Null(incident.ClosedAt);
        Assert.Equal([IncidentStatus.Closed], incident.NextStatuses);
    }

    [Theory]
    [InlineData(IncidentStatus.Detected)]
    [InlineData(IncidentStatus.Triaged)]
    [InlineData(IncidentStatus.Contained)]
    [InlineData(IncidentStatus.Recovered)]
    public void CloseThrowsGivenIncidentNotResolvedAndSaysToResolveFirst(IncidentStatus from)
    {
        var incident = Declare(_clock.UtcNow);
        MoveTo(incident, from, Maya, _clock.AdvanceMinutes(1));

        var ex = Assert.Throws<InvalidTransitionException>(() => incident.ChangeStatus(IncidentStatus.Closed, Maya, _clock.AdvanceMinutes(1)));

        Assert.Contains("resolve it first", ex.Message);
        Assert.Null(incident.ClosedAt);
        Assert.DoesNotContain(IncidentStatus.Closed, incident.NextStatuses);
    }

    [Theory]
    [InlineData(IncidentStatus.Detected, null)]
    [InlineData(IncidentStatus.Contained, "   ")]
    [InlineData(IncidentStatus.Recovered, "")]
    public void ResolvingNeedsAResolutionSummaryAndChangesNothingWithoutOne(IncidentStatus from, string? summary)
    {
        var incident = Declare(_clock.UtcNow);
        MoveTo(incident, from, Maya, _clock.AdvanceMinutes(1));
        var entries = incident.Timeline.Count;

        var refused = Assert.Throws<ValidationException>(() => incident.ChangeStatus(IncidentStatus.Resolved, Maya, _clock.AdvanceMinutes(1), summary));

        Assert.Equal(Incident.ResolutionSummaryNeeded, refused.Errors["reason"].Single());
        Assert.Equal(from, incident.Status);
        Assert.Equal(entries, incident.Timeline.Count);
        incident.ChangeStatus(IncidentStatus.Resolved, Maya, _clock.AdvanceMinutes(1), "Rolled back the prompt; filters tightened.");
        Assert.EndsWith(": Rolled back the prompt; filters tightened.", incident.Timeline[^1].Text);
    }

    [Fact]
    public void ClosingWaitsUntilEveryRegulatoryDeadlineIsMetSoItStaysInSight()
    {
        var incident = Declare(_clock.UtcNow);
        var definition = new CommandCenter.Core.Regulatory.ClockDefinition
        {
            Code = "gdpr-art33", Name = "GDPR Art. 33", Obligation = "Notify the authority", Deadline = TimeSpan.FromHours(72),
            Trigger = CommandCenter.Core.Regulatory.RegulatoryTrigger.PersonalDataBreach,
        };
        incident.StartClocks(CommandCenter.Core.Regulatory.RegulatoryTrigger.PersonalDataBreach, [definition], _clock.UtcNow, Maya, _clock.UtcNow);
        MoveTo(incident, IncidentStatus.Resolved, Maya, _clock.AdvanceMinutes(30));

        var refused = Assert.Throws<InvalidTransitionException>(() => incident.ChangeStatus(IncidentStatus.Closed, Maya, _clock.AdvanceMinutes(1)));

        Assert.Contains("GDPR Art. 33", refused.Message);
        Assert.Equal(IncidentStatus.Resolved, incident.Status);
        incident.MeetClock("gdpr-art33", Maya, _clock.AdvanceMinutes(1));
        incident.ChangeStatus(IncidentStatus.Closed, Maya, _clock.AdvanceMinutes(1));
        Assert.Equal(IncidentStatus.Closed, incident.Status);
    }

    [Fact]
    public void ClosedIsFinalForStatusSeverityAndRoles()
    {
        var incident = Declare(_clock.UtcNow);
        incident.AssignRole(IncidentRole.Scribe, Tom, Maya, _clock.AdvanceMinutes(1));
        MoveTo(incident, IncidentStatus.Closed, Maya, _clock.AdvanceMinutes(60));
        var entries = incident.Timeline.Count;
        var at = _clock.AdvanceMinutes(1);

        Assert.Empty(incident.NextStatuses);
        foreach (var target in Enum.GetValues<IncidentStatus>())
        {
            var ex = Assert.Throws<InvalidTransitionException>(() => incident.ChangeStatus(target, Maya, at));
            Assert.Contains("closed", ex.Message, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Throws<InvalidTransitionException>(() => incident.ChangeSeverity(Severity.Sev1, Maya, at));
        Assert.Throws<InvalidTransitionException>(() => incident.AssignRole(IncidentRole.TechnicalLead, Priya, Maya, at));
        Assert.Throws<InvalidTransitionException>(() => incident.UnassignRole(IncidentRole.Scribe, Tom, at));
        Assert.Equal(IncidentStatus.Closed, incident.Status);
        Assert.Equal(Severity.Sev2, incident.Severity);
        Assert.Equal(Tom, incident.HolderOf(IncidentRole.Scribe));
        Assert.Equal(entries, incident.Timeline.Count);
    }

    [Fact]
    public void PhaseTimestampsNeverMoveOnceSet()
    {
        var detected = _clock.UtcNow;
        var incident = Declare(detected);
        var triaged = _clock.AdvanceMinutes(10);
        incident.ChangeStatus(IncidentStatus.Triaged, Maya, triaged);
        var contained = _clock.AdvanceMinutes(20);
        incident.ChangeStatus(IncidentStatus.Contained, Maya, contained);
        var resolved = _clock.AdvanceMinutes(30);
        incident.ChangeStatus(IncidentStatus.Resolved, Maya, resolved, "Fixed and verified.");
        incident.ChangeSeverity(Severity.Sev3, Maya, _clock.AdvanceMinutes(1));
        incident.Record(TimelineEntryKind.Note, "postmortem scheduled", Maya, _clock.AdvanceMinutes(1));
        var closed = _clock.AdvanceMinutes(60 * 24);
        incident.ChangeStatus(IncidentStatus.Closed, Maya, closed);

        Assert.Equal(detected, incident.DetectedAt);
        Assert.Equal(triaged, incident.TriagedAt);
        Assert.Equal(contained, incident.ContainedAt);
        Assert.Equal(resolved, incident.RecoveredAt);
        Assert.Equal(resolved, incident.ResolvedAt);
        Assert.Equal(closed, incident.ClosedAt);
        Assert.Equal(closed, incident.UpdatedAt);
    }

    [Fact]
    public void EveryChangeWritesItsOwnTimelineEntryOfTheRightKind()
    {
        var incident = Declare(_clock.UtcNow);
        var steps = new (Action<DateTime> Change, TimelineEntryKind Kind, string Author)[]
        {
            (t => incident.AssignRole(IncidentRole.IncidentCommander, Maya, Maya, t), TimelineEntryKind.RoleChange, Maya),
            (t => incident.AssignRole(IncidentRole.Scribe, Tom, Maya, t), TimelineEntryKind.RoleChange, Maya),
            (t => incident.Record(TimelineEntryKind.Signal, "classifier hit rate 4%", Tom, t), TimelineEntryKind.Signal, Tom),
            (t => incident.ChangeSeverity(Severity.Sev1, Maya, t, "refunds affected"), TimelineEntryKind.SeverityChange, Maya),
            (t => incident.ChangeStatus(IncidentStatus.Triaged, Maya, t), TimelineEntryKind.StatusChange, Maya),
            (t => incident.Record(TimelineEntryKind.Decision, "pull community articles", Maya, t), TimelineEntryKind.Decision, Maya),
            (t => incident.Record(TimelineEntryKind.Action, "filter deployed", Tom, t), TimelineEntryKind.Action, Tom),
            (t => incident.Record(TimelineEntryKind.Communication, "status page updated", Tom, t), TimelineEntryKind.Communication, Tom),
            (t => incident.Correct(incident.Timeline[^1], "status page and #support-leads updated", Tom, t), TimelineEntryKind.Communication, Tom),
            (t => incident.UnassignRole(IncidentRole.Scribe, Tom, t), TimelineEntryKind.RoleChange, Tom),
            (t => incident.ChangeStatus(IncidentStatus.Contained, Maya, t), TimelineEntryKind.StatusChange, Maya),
            (t => incident.Record(TimelineEntryKind.Note, "quiet for 10 minutes", Maya, t), TimelineEntryKind.Note, Maya),
        };

        foreach (var (change, kind, author) in steps)
        {
            var before = incident.Timeline.Count;
            var version = incident.Version;
            var at = _clock.AdvanceMinutes(3);
            incident.ClearDomainEvents();

            change(at);

            Assert.Equal(before + 1, incident.Timeline.Count);
            var entry = incident.Timeline[^1];
            Assert.Equal(kind, entry.Kind);
            Assert.Equal(author, entry.Author);
            Assert.Equal(before + 1, entry.Sequence);
            Assert.Equal(at, entry.RecordedAt);
            Assert.Equal(entry.Sequence, incident.TimelineHeadSequence);
            Assert.Equal(entry.Hash, incident.TimelineHeadHash);
            Assert.Equal(version + 1, incident.Version);
            Assert.Equal(at, incident.UpdatedAt);
            var appended = Assert.Single(incident.DomainEvents.OfType<TimelineEntryAppended>());
            Assert.Same(entry, appended.Entry);
            Assert.Single(incident.DomainEvents.OfType<IncidentChanged>());
        }
    }

    [Fact]
    public void DomainEventsAccumulateUntilClearedWithOneIncidentChangedPerBatch()
    {
        var incident = Declare(_clock.UtcNow);
        incident.ChangeStatus(IncidentStatus.Triaged, Maya, _clock.AdvanceMinutes(1));
        incident.Record(TimelineEntryKind.Note, "note", Maya, _clock.AdvanceMinutes(1));

        Assert.Equal(3, incident.DomainEvents.OfType<TimelineEntryAppended>().Count());
        Assert.Single(incident.DomainEvents.OfType<IncidentChanged>());

        incident.ClearDomainEvents();

        Assert.Empty(incident.DomainEvents);
    }

    [Theory]
    [InlineData(Severity.Sev2, Severity.Sev1, "Severity raised SEV-2 → SEV-1: customer data involved")]
    [InlineData(Severity.Sev2, Severity.Sev4, "Severity lowered SEV-2 → SEV-4: customer data involved")]
    public void ChangeSeveritySaysWhetherItWasRaisedOrLowered(Severity from, Severity to, string expected)
    {
        var incident = Declare(_clock.UtcNow, severity: from);

        incident.ChangeSeverity(to, Maya, _clock.AdvanceMinutes(1), "  customer data involved ");

        Assert.Equal(to, incident.Severity);
        Assert.Equal(expected, incident.Timeline[^1].Text);
    }

    [Fact]
    public void ChangeSeverityThrowsGivenTheSameSeverity()
    {
        var incident = Declare(_clock.UtcNow, severity: Severity.Sev3);

        var ex = Assert.Throws<InvalidTransitionException>(() => incident.ChangeSeverity(Severity.Sev3, Maya, _clock.AdvanceMinutes(1)));

        Assert.Contains("already SEV-3", ex.Message);
        Assert.Single(incident.Timeline);
    }

    [Fact]
    public void StatusReasonIsTrimmedIntoTheEntryText()
    {
        var incident = Declare(_clock.UtcNow);

        incident.ChangeStatus(IncidentStatus.Triaged, Maya, _clock.AdvanceMinutes(1), "  source is retrieved content ");
        incident.ChangeStatus(IncidentStatus.Contained, Maya, _clock.AdvanceMinutes(1), "   ");

        Assert.Equal("Status Detected → Triaged: source is retrieved content", incident.Timeline[1].Text);
        Assert.Equal("Status Triaged → Contained.", incident.Timeline[2].Text);
    }
}
