using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Regulatory;
using CommandCenter.Tests.Unit.Support;
using static CommandCenter.Tests.Unit.Support.TestIncidents;

namespace CommandCenter.Tests.Unit;

/// <summary>The per-incident permission rules, on the aggregate and its detail view; no database.</summary>
public sealed class IncidentPermissionsTests
{
    private const string Noor = "Noor Haddad";
    private readonly ManualClock _clock = new();

    private Incident Staffed()
    {
        var incident = Declare(_clock.UtcNow);
        incident.AssignRole(IncidentRole.IncidentCommander, Maya, Maya, _clock.AdvanceMinutes(1));
        incident.AssignRole(IncidentRole.TechnicalLead, Tom, Maya, _clock.AdvanceMinutes(1));
        incident.AssignRole(IncidentRole.CommunicationsLead, Priya, Maya, _clock.AdvanceMinutes(1));
        incident.AssignRole(IncidentRole.LegalLiaison, Noor, Maya, _clock.AdvanceMinutes(1));
        return incident;
    }

    private static IncidentPermissions For(Incident incident, string name, OrgRole role = OrgRole.Responder) =>
        incident.PermissionsFor(new Actor(name, role));

    [Fact]
    public void EveryResponderMayActGivenNoCommander()
    {
        var incident = Declare(_clock.UtcNow);

        var sam = For(incident, Sam);

        Assert.True(sam.MayCommand);
        Assert.True(sam.MayContain);
        Assert.True(sam.MayComposeUpdates);
        Assert.True(sam.MayRecordLegalFindings);
        Assert.True(sam.MayWriteTimeline);
        Assert.False(sam.MayApproveUpdates);
        Assert.False(sam.ReadOnly);
        Assert.Empty(sam.MyRoles);
    }

    [Fact]
    public void TheCommanderMayCommandContainComposeAndRecordButNotApprove()
    {
        var maya = For(Staffed(), Maya);

        Assert.True(maya.MayCommand);
        Assert.True(maya.MayContain);
        Assert.True(maya.MayComposeUpdates);
        Assert.True(maya.MayRecordLegalFindings);
        Assert.False(maya.MayApproveUpdates);
        Assert.Equal([IncidentRole.IncidentCommander], maya.MyRoles);
    }

    [Fact]
    public void EachSeatGivesItsOwnRightGivenACommander()
    {
        var incident = Staffed();

        var tom = For(incident, Tom);
        var priya = For(incident, Priya);
        var noor = For(incident, Noor);
        var sam = For(incident, Sam);

        Assert.Equal((false, true, false, false, false), (tom.MayCommand, tom.MayContain, tom.MayComposeUpdates, tom.MayApproveUpdates, tom.MayRecordLegalFindings));
        Assert.Equal((false, false, true, false, false), (priya.MayCommand, priya.MayContain, priya.MayComposeUpdates, priya.MayApproveUpdates, priya.MayRecordLegalFindings));
        Assert.Equal((false, false, false, true, true), (noor.MayCommand, noor.MayContain, noor.MayComposeUpdates, noor.MayApproveUpdates, noor.MayRecordLegalFindings));
        Assert.Equal((false, false, false, false, false), (sam.MayCommand, sam.MayContain, sam.MayComposeUpdates, sam.MayApproveUpdates, sam.MayRecordLegalFindings));
        Assert.True(sam.MayWriteTimeline);
    }

    [Fact]
    public void TheSamePersonIsRecognisedWhateverTheCaseAndSpacing()
    {
        var incident = Staffed();

        var maya = For(incident, "  maya CHEN ");

        Assert.True(maya.MayCommand);
        Assert.Equal([IncidentRole.IncidentCommander], maya.MyRoles);
        Assert.True(IncidentRules.SamePerson("Tom Okafor", " tom okafor"));
        Assert.False(IncidentRules.SamePerson("Tom Okafor", null));
        Assert.Equal(2, new[] { "Tom Okafor", "tom okafor ", "Maya Chen" }.Distinct(IncidentRules.People).Count());
    }

    [Fact]
    public void MyRolesListsEverySeatThePersonHoldsInRoleOrder()
    {
        var incident = Staffed();
        incident.AssignRole(IncidentRole.Scribe, Tom, Maya, _clock.AdvanceMinutes(1));

        Assert.Equal([IncidentRole.Scribe, IncidentRole.TechnicalLead], For(incident, Tom).MyRoles);
        Assert.True(For(incident, Tom).Holds(IncidentRole.Scribe));
    }

    [Fact]
    public void LeadershipIsReadOnlyAndMayDoNothingGivenNoCommander()
    {
        var incident = Declare(_clock.UtcNow);

        var boss = For(incident, "Lee Leadership", OrgRole.Leadership);

        Assert.True(boss.ReadOnly);
        Assert.False(boss.MayCommand);
        Assert.False(boss.MayContain);
        Assert.False(boss.MayComposeUpdates);
        Assert.False(boss.MayWriteTimeline);
        Assert.False(boss.MayRecordLegalFindings);
    }

    [Theory]
    [InlineData(IncidentStatus.Detected, true, true)]
    [InlineData(IncidentStatus.Recovered, true, true)]
    [InlineData(IncidentStatus.Resolved, true, false)]
    [InlineData(IncidentStatus.Closed, false, false)]
    public void OpenMeansNotClosedAndActiveMeansNotYetResolved(IncidentStatus status, bool open, bool active)
    {
        var incident = Declare(_clock.UtcNow);
        MoveTo(incident, status, Maya, _clock.AdvanceMinutes(5));

        var maya = For(incident, Maya);

        Assert.Equal((open, active), (maya.IsOpen, maya.IsActive));
        Assert.Equal((open, active), (status.IsOpen(), status.IsActive()));
    }

    [Theory]
    [InlineData(Maya)]
    [InlineData(Tom)]
    [InlineData(Noor)]
    [InlineData(Sam)]
    public void TheDetailViewAnswersAsTheAggregate(string person)
    {
        var incident = Staffed();
        var detail = incident.ToDetail(_clock.UtcNow, new RegulatoryOptions());
        var actor = new Actor(person, OrgRole.Responder);

        var fromDetail = detail.PermissionsFor(actor);
        var fromAggregate = incident.PermissionsFor(actor);

        Assert.Equal(fromAggregate with { MyRoles = [] }, fromDetail with { MyRoles = [] });
        Assert.Equal(fromAggregate.MyRoles, fromDetail.MyRoles);
    }

    [Theory]
    [InlineData(Maya)]
    [InlineData(Tom)]
    [InlineData(Noor)]
    public void TheAggregateRefusesExactlyWhatThePermissionsDeny(string person)
    {
        var incident = Staffed();
        var may = For(incident, person);

        var severity = Record.Exception(() => incident.ChangeSeverity(Severity.Sev1, person, _clock.AdvanceMinutes(1)));
        var hold = Record.Exception(() => incident.ChangeLegalHold(true, "inquiry", person, _clock.AdvanceMinutes(1)));

        Assert.Equal(!may.MayCommand, severity is ForbiddenActionException);
        Assert.Equal(!may.MayRecordLegalFindings, hold is ForbiddenActionException);
    }

    [Fact]
    public void NobodyMayDoAnythingBeforeAnIncidentIsLoaded()
    {
        var none = IncidentPermissions.None;

        Assert.True(none.ReadOnly);
        Assert.False(none.MayCommand || none.MayContain || none.MayComposeUpdates || none.MayApproveUpdates || none.MayWriteTimeline
            || none.MayRecordLegalFindings || none.IsOpen || none.IsActive);
        Assert.Empty(none.MyRoles);
    }
}
