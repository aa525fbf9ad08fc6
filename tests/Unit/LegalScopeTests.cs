using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Unit.Support;
using static CommandCenter.Tests.Unit.Support.TestIncidents;

namespace CommandCenter.Tests.Unit;

public sealed class LegalScopeTests
{
    private readonly DateTime _now = new(2026, 11, 29, 10, 0, 0, DateTimeKind.Utc);

    private Incident Commanded()
    {
        var incident = Declare(_now);
        incident.AssignRole(IncidentRole.IncidentCommander, Maya, Maya, _now);
        incident.AssignRole(IncidentRole.LegalLiaison, "Noor Haddad", Maya, _now);
        return incident;
    }

    [Fact]
    public void TheLegalLiaisonRecordsTheExposureScopeOnTheTimeline()
    {
        var incident = Commanded();

        var entry = incident.RecordExposure(["support-assistant"], ["email addresses", "order history"], 1_240, "Noor Haddad", _now);

        Assert.Equal(["email addresses", "order history"], incident.Exposure.DataCategories);
        Assert.Equal(1_240, incident.Exposure.AffectedUsers);
        Assert.Equal("Noor Haddad", incident.Exposure.UpdatedBy);
        Assert.Contains("email addresses, order history in support-assistant; 1,240 people affected", entry.Text);
        Assert.Equal(TimelineEntryKind.Decision, entry.Kind);
    }

    [Fact]
    public void AnUnknownCountIsSaidAsSuchAndANegativeOneIsRefused()
    {
        var incident = Commanded();

        Assert.Contains("not known yet", incident.RecordExposure([], ["names"], null, Maya, _now).Text);
        var error = Assert.Throws<ValidationException>(() => incident.RecordExposure([], ["names"], -1, Maya, _now));
        Assert.True(error.Errors.ContainsKey("affectedUsers"));
    }

    [Fact]
    public void OnlyTheCommanderOrTheLegalLiaisonRecordLegalFacts()
    {
        var incident = Commanded();

        Assert.Throws<ForbiddenActionException>(() => incident.RecordExposure([], ["names"], 3, Tom, _now));
        Assert.Throws<ForbiddenActionException>(() => incident.ChangeLegalHold(true, null, Tom, _now));
    }

    [Fact]
    public void ALegalHoldKeepsTheIncidentFromClosingUntilLifted()
    {
        var incident = Commanded();
        incident.ChangeStatus(IncidentStatus.Resolved, Maya, _now, "Fixed and verified.");

        incident.ChangeLegalHold(true, "regulator inquiry", "Noor Haddad", _now);

        var refused = Assert.Throws<InvalidTransitionException>(() => incident.ChangeStatus(IncidentStatus.Closed, Maya, _now));
        Assert.Contains("legal hold", refused.Message);
        Assert.Throws<InvalidTransitionException>(() => incident.ChangeLegalHold(true, null, "Noor Haddad", _now));
        incident.ChangeLegalHold(false, null, "Noor Haddad", _now.AddDays(3));
        incident.ChangeStatus(IncidentStatus.Closed, Maya, _now.AddDays(3));
        Assert.Equal(IncidentStatus.Closed, incident.Status);
    }

    [Fact]
    public void TheFirstContainmentStampsContainedOnceAndMovesTheStatus()
    {
        var incident = Commanded();

        var first = incident.RecordContainment("Rollback to care-llm 2026.10.3 confirmed by the control webhook.", "Priya Raman", _now);
        incident.RecordContainment("Input filter tightened.", "Priya Raman", _now.AddMinutes(5));

        Assert.Equal(IncidentStatus.Contained, incident.Status);
        Assert.Equal(_now, incident.ContainedAt);
        Assert.Contains("First successful containment", first.Text);
        Assert.DoesNotContain("First successful containment", incident.Timeline[^1].Text);
    }
}
