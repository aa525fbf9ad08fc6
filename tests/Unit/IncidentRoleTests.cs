using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Unit.Support;
using static CommandCenter.Tests.Unit.Support.TestIncidents;

namespace CommandCenter.Tests.Unit;

public sealed class IncidentRoleTests
{
    private readonly ManualClock _clock = new();

    private Incident WithCommander(string commander = Maya)
    {
        var incident = Declare(_clock.UtcNow);
        incident.AssignRole(IncidentRole.IncidentCommander, commander, commander, _clock.AdvanceMinutes(1));
        return incident;
    }

    [Fact]
    public void APersonMayHoldSeveralRoles()
    {
        var incident = WithCommander();

        incident.AssignRole(IncidentRole.Scribe, Maya, Maya, _clock.AdvanceMinutes(1));
        incident.AssignRole(IncidentRole.CommunicationsLead, Maya, Maya, _clock.AdvanceMinutes(1));

        Assert.Equal([IncidentRole.IncidentCommander, IncidentRole.Scribe, IncidentRole.CommunicationsLead], incident.RolesOf(Maya));
        Assert.Equal(Maya, incident.HolderOf(IncidentRole.Scribe));
        Assert.Equal(Maya, incident.IncidentCommander);
        Assert.Equal(3, incident.Roles.Count);
    }

    [Fact]
    public void ReassigningARoleHandsItOverAndRecordsFromWhomToWhom()
    {
        var incident = WithCommander();
        incident.AssignRole(IncidentRole.Scribe, Tom, Maya, _clock.AdvanceMinutes(1));
        var handover = _clock.AdvanceMinutes(30);

        incident.AssignRole(IncidentRole.Scribe, Priya, Maya, handover);

        var scribe = Assert.Single(incident.Roles, r => r.Role == IncidentRole.Scribe);
        Assert.Equal(Priya, scribe.Person);
        Assert.Equal(handover, scribe.AssignedAt);
        Assert.Empty(incident.RolesOf(Tom));
        var entry = incident.Timeline[^1];
        Assert.Equal(TimelineEntryKind.RoleChange, entry.Kind);
        Assert.Equal("Scribe handed from Tom Okafor to Priya Raman by Maya Chen.", entry.Text);
    }

    [Fact]
    public void TheCommanderCanHandCommandOverAndThenOnlyTheNewCommanderRuns()
    {
        var incident = WithCommander();

        incident.AssignRole(IncidentRole.IncidentCommander, Sam, Maya, _clock.AdvanceMinutes(1));

        Assert.Equal("Incident Commander handed from Maya Chen to Sam Rivera by Maya Chen.", incident.Timeline[^1].Text);
        Assert.Equal(Sam, incident.IncidentCommander);
        var ex = Assert.Throws<ForbiddenActionException>(() => incident.ChangeStatus(IncidentStatus.Triaged, Maya, _clock.AdvanceMinutes(1)));
        Assert.Contains(Sam, ex.Message);
        incident.ChangeStatus(IncidentStatus.Triaged, Sam, _clock.AdvanceMinutes(1));
        Assert.Equal(IncidentStatus.Triaged, incident.Status);
    }

    [Fact]
    public void AssignmentTextSaysWhoAssignedWhomOrThatSomeoneTookARole()
    {
        var incident = Declare(_clock.UtcNow);

        incident.AssignRole(IncidentRole.TechnicalLead, Priya, Tom, _clock.AdvanceMinutes(1));
        incident.AssignRole(IncidentRole.Scribe, Tom, Tom, _clock.AdvanceMinutes(1));

        Assert.Equal("Priya Raman assigned as Technical Lead by Tom Okafor.", incident.Timeline[1].Text);
        Assert.Equal("Tom Okafor took the Scribe role.", incident.Timeline[2].Text);
    }

    [Fact]
    public void BeforeAnIncidentCommanderExistsAnyoneMayChangeStatusSeverityAndRoles()
    {
        var incident = Declare(_clock.UtcNow);

        incident.ChangeStatus(IncidentStatus.Triaged, Tom, _clock.AdvanceMinutes(1));
        incident.ChangeSeverity(Severity.Sev1, Priya, _clock.AdvanceMinutes(1));
        incident.AssignRole(IncidentRole.Scribe, Priya, Tom, _clock.AdvanceMinutes(1));
        incident.AssignRole(IncidentRole.Scribe, Sam, Tom, _clock.AdvanceMinutes(1));
        incident.UnassignRole(IncidentRole.Scribe, Priya, _clock.AdvanceMinutes(1));
        incident.AssignRole(IncidentRole.IncidentCommander, Maya, Sam, _clock.AdvanceMinutes(1));

        Assert.Equal(IncidentStatus.Triaged, incident.Status);
        Assert.Equal(Severity.Sev1, incident.Severity);
        Assert.Null(incident.HolderOf(IncidentRole.Scribe));
        Assert.Equal(Maya, incident.IncidentCommander);
        Assert.Equal("Sam Rivera released the Scribe role (by Priya Raman).", incident.Timeline[5].Text);
    }

    public static TheoryData<string> CommanderOnlyActions() =>
    [
        "change status",
        "change severity",
        "assign someone else to a vacant role",
        "reassign someone else's role",
        "take an occupied role for yourself",
        "take command for yourself",
        "release someone else's role",
    ];

    [Theory]
    [MemberData(nameof(CommanderOnlyActions))]
    public void OnceACommanderExistsOnlyTheCommanderMay(string action)
    {
        var incident = WithCommander();
        incident.AssignRole(IncidentRole.Scribe, Tom, Maya, _clock.AdvanceMinutes(1));
        var at = _clock.AdvanceMinutes(1);
        var entries = incident.Timeline.Count;
        var version = incident.Version;
        Action act = action switch
        {
            "change status" => () => incident.ChangeStatus(IncidentStatus.Triaged, Priya, at),
            "change severity" => () => incident.ChangeSeverity(Severity.Sev1, Priya, at),
            "assign someone else to a vacant role" => () => incident.AssignRole(IncidentRole.TechnicalLead, Sam, Priya, at),
            "reassign someone else's role" => () => incident.AssignRole(IncidentRole.Scribe, Sam, Priya, at),
            "take an occupied role for yourself" => () => incident.AssignRole(IncidentRole.Scribe, Priya, Priya, at),
            "take command for yourself" => () => incident.AssignRole(IncidentRole.IncidentCommander, Priya, Priya, at),
            "release someone else's role" => () => incident.UnassignRole(IncidentRole.Scribe, Priya, at),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };

        var ex = Assert.Throws<ForbiddenActionException>(act);

        Assert.Contains($"Only the Incident Commander ({Maya})", ex.Message);
        Assert.Contains(Key, ex.Message);
        Assert.Equal(entries, incident.Timeline.Count);
        Assert.Equal(version, incident.Version);
        Assert.Equal(IncidentStatus.Detected, incident.Status);
        Assert.Equal(Severity.Sev2, incident.Severity);
        Assert.Equal(Tom, incident.HolderOf(IncidentRole.Scribe));
        Assert.Equal(Maya, incident.IncidentCommander);
        Assert.Null(incident.HolderOf(IncidentRole.TechnicalLead));
    }

    [Fact]
    public void OnceACommanderExistsAnyoneMayTakeAVacantRoleForThemselves()
    {
        var incident = WithCommander();

        incident.AssignRole(IncidentRole.Scribe, "  tom okafor ", Tom, _clock.AdvanceMinutes(1));

        Assert.Equal([IncidentRole.Scribe], incident.RolesOf(Tom));
        Assert.Contains("took the Scribe role", incident.Timeline[^1].Text);
    }

    [Fact]
    public void OnceACommanderExistsAnyoneMayReleaseTheirOwnRole()
    {
        var incident = WithCommander();
        incident.AssignRole(IncidentRole.Scribe, Tom, Maya, _clock.AdvanceMinutes(1));

        incident.UnassignRole(IncidentRole.Scribe, "TOM OKAFOR", _clock.AdvanceMinutes(1));

        Assert.Null(incident.HolderOf(IncidentRole.Scribe));
        Assert.Equal("Tom Okafor released the Scribe role.", incident.Timeline[^1].Text);
    }

    [Fact]
    public void TheCommanderIsRecognisedWhateverTheCaseAndSurroundingSpaces()
    {
        var incident = WithCommander();

        incident.ChangeStatus(IncidentStatus.Triaged, "  MAYA chen ", _clock.AdvanceMinutes(1));
        incident.ChangeSeverity(Severity.Sev1, "maya chen", _clock.AdvanceMinutes(1));
        incident.AssignRole(IncidentRole.Scribe, Tom, "Maya Chen   ", _clock.AdvanceMinutes(1));

        Assert.Equal(IncidentStatus.Triaged, incident.Status);
        Assert.Equal(Severity.Sev1, incident.Severity);
        Assert.Equal(Tom, incident.HolderOf(IncidentRole.Scribe));
        Assert.Equal([IncidentRole.IncidentCommander], incident.RolesOf(" maya CHEN"));
    }

    [Fact]
    public void AssigningARoleToItsCurrentHolderThrowsWhateverTheCase()
    {
        var incident = WithCommander();
        incident.AssignRole(IncidentRole.Scribe, Tom, Maya, _clock.AdvanceMinutes(1));

        var ex = Assert.Throws<InvalidTransitionException>(() => incident.AssignRole(IncidentRole.Scribe, " tom OKAFOR", Maya, _clock.AdvanceMinutes(1)));

        Assert.Contains("already Scribe", ex.Message);
    }

    [Fact]
    public void UnassigningAVacantRoleThrows()
    {
        var incident = WithCommander();

        var ex = Assert.Throws<InvalidTransitionException>(() => incident.UnassignRole(IncidentRole.LegalLiaison, Maya, _clock.AdvanceMinutes(1)));

        Assert.Contains("Nobody holds the Legal/Compliance Liaison role", ex.Message);
    }

    [Fact]
    public void TheCommanderReleasingCommandOpensTheFloorAgain()
    {
        var incident = WithCommander();

        incident.UnassignRole(IncidentRole.IncidentCommander, Maya, _clock.AdvanceMinutes(1));
        incident.ChangeStatus(IncidentStatus.Triaged, Tom, _clock.AdvanceMinutes(1));

        Assert.Null(incident.IncidentCommander);
        Assert.Equal(IncidentStatus.Triaged, incident.Status);
    }

    [Fact]
    public void AuthorRoleReflectsTheAuthorsRolesAtTheTime()
    {
        var incident = WithCommander();
        var beforeAnyRole = incident.Record(TimelineEntryKind.Note, "joining", Tom, _clock.AdvanceMinutes(1));
        incident.AssignRole(IncidentRole.Scribe, Tom, Maya, _clock.AdvanceMinutes(1));
        var asScribe = incident.Record(TimelineEntryKind.Note, "scribing", Tom, _clock.AdvanceMinutes(1));
        incident.AssignRole(IncidentRole.TechnicalLead, Tom, Maya, _clock.AdvanceMinutes(1));
        var asBoth = incident.Record(TimelineEntryKind.Note, "both hats", " TOM okafor", _clock.AdvanceMinutes(1));
        incident.AssignRole(IncidentRole.Scribe, Priya, Maya, _clock.AdvanceMinutes(1));
        var afterHandover = incident.Record(TimelineEntryKind.Note, "tech lead only", Tom, _clock.AdvanceMinutes(1));
        var commander = incident.Record(TimelineEntryKind.Decision, "roll back", Maya, _clock.AdvanceMinutes(1));

        Assert.Null(beforeAnyRole.AuthorRole);
        Assert.Equal("Scribe", asScribe.AuthorRole);
        Assert.Equal("Scribe, Technical Lead", asBoth.AuthorRole);
        Assert.Equal("Technical Lead", afterHandover.AuthorRole);
        Assert.Equal("Incident Commander", commander.AuthorRole);
        Assert.Null(incident.Timeline[0].AuthorRole); // the declaration, before anybody held a role
        Assert.Null(TimelineEntry.FindBrokenLink(incident.Timeline));
    }

    // ---- the Legal/Compliance Liaison seat: appointed, never taken

    private const string Noor = "Noor Haddad";

    [Fact]
    public void TheCommanderAppointsTheLegalLiaison()
    {
        var incident = WithCommander();

        incident.AssignRole(IncidentRole.LegalLiaison, Noor, Maya, _clock.AdvanceMinutes(1));

        Assert.Equal(Noor, incident.HolderOf(IncidentRole.LegalLiaison));
        Assert.Contains("Noor Haddad assigned as Legal/Compliance Liaison by Maya Chen", incident.Timeline[^1].Text);
    }

    [Fact]
    public void AnAdministratorAppointsTheLegalLiaisonWithOrWithoutACommander()
    {
        var withoutCommander = Declare(_clock.UtcNow);
        var withCommander = WithCommander();

        withoutCommander.AssignRole(IncidentRole.LegalLiaison, Noor, "Ada Admin", _clock.AdvanceMinutes(1), actorIsAdministrator: true);
        withCommander.AssignRole(IncidentRole.LegalLiaison, Noor, "Ada Admin", _clock.AdvanceMinutes(1), actorIsAdministrator: true);

        Assert.Equal(Noor, withoutCommander.HolderOf(IncidentRole.LegalLiaison));
        Assert.Equal(Noor, withCommander.HolderOf(IncidentRole.LegalLiaison));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NobodyTakesTheVacantLegalSeatForThemselvesNotEvenTheCommanderOrAnAdministrator(bool withCommander)
    {
        var incident = withCommander ? WithCommander() : Declare(_clock.UtcNow);
        var entries = incident.Timeline.Count;

        var self = Assert.Throws<ForbiddenActionException>(() =>
            incident.AssignRole(IncidentRole.LegalLiaison, Noor, Noor, _clock.AdvanceMinutes(1)));
        var commander = Assert.Throws<ForbiddenActionException>(() =>
            incident.AssignRole(IncidentRole.LegalLiaison, Maya, Maya, _clock.AdvanceMinutes(1)));
        var administrator = Assert.Throws<ForbiddenActionException>(() =>
            incident.AssignRole(IncidentRole.LegalLiaison, "Ada Admin", "Ada Admin", _clock.AdvanceMinutes(1), actorIsAdministrator: true));

        Assert.Equal("Nobody can appoint themselves Legal/Compliance Liaison: the Incident Commander or an administrator appoints someone else.",
            self.Message);
        Assert.Equal(self.Message, commander.Message);
        Assert.Equal(self.Message, administrator.Message);
        Assert.Null(incident.HolderOf(IncidentRole.LegalLiaison));
        Assert.Equal(entries, incident.Timeline.Count);
    }

    [Fact]
    public void AResponderWhoIsNotTheCommanderCannotAppointTheLegalLiaisonEvenBeforeThereIsACommander()
    {
        var open = Declare(_clock.UtcNow);
        var commanded = WithCommander();

        var beforeCommander = Assert.Throws<ForbiddenActionException>(() =>
            open.AssignRole(IncidentRole.LegalLiaison, Noor, Tom, _clock.AdvanceMinutes(1)));
        var underCommander = Assert.Throws<ForbiddenActionException>(() =>
            commanded.AssignRole(IncidentRole.LegalLiaison, Noor, Tom, _clock.AdvanceMinutes(1)));

        Assert.Equal($"Only the Incident Commander or an administrator can appoint the Legal/Compliance Liaison on {Key}.", beforeCommander.Message);
        Assert.Equal($"Only the Incident Commander ({Maya}) or an administrator can appoint the Legal/Compliance Liaison on {Key}.",
            underCommander.Message);
    }

    [Fact]
    public void HandingTheLegalSeatOverIsForTheCommanderOrAnAdministratorToo()
    {
        var incident = WithCommander();
        incident.AssignRole(IncidentRole.LegalLiaison, Noor, Maya, _clock.AdvanceMinutes(1));

        Assert.Throws<ForbiddenActionException>(() => incident.AssignRole(IncidentRole.LegalLiaison, Sam, Noor, _clock.AdvanceMinutes(1)));
        incident.AssignRole(IncidentRole.LegalLiaison, Sam, Maya, _clock.AdvanceMinutes(1));

        Assert.Equal(Sam, incident.HolderOf(IncidentRole.LegalLiaison));
    }

    [Theory]
    [InlineData(IncidentRole.IncidentCommander, true)]
    [InlineData(IncidentRole.Scribe, true)]
    [InlineData(IncidentRole.TechnicalLead, true)]
    [InlineData(IncidentRole.SecurityAnalyst, true)]
    [InlineData(IncidentRole.CommunicationsLead, true)]
    [InlineData(IncidentRole.LegalLiaison, false)]
    public void OnlyTheLegalSeatCannotBeTakenForYourself(IncidentRole role, bool selfServe) =>
        Assert.Equal(selfServe, role.MayBeTakenForYourself());
}
