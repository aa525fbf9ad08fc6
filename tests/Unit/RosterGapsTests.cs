using CommandCenter.Core.Incidents;
using CommandCenter.Core.Regulatory;
using CommandCenter.Tests.Unit.Support;

namespace CommandCenter.Tests.Unit;

public sealed class RosterGapsTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc);

    private static IncidentDetail Detail(Incident incident) => incident.ToDetail(Now, new RegulatoryOptions());

    [Fact]
    public void AnAttackNeedsASecurityAnalystOnTopOfTheCoreSeats()
    {
        var incident = TestIncidents.Declare(Now);

        Assert.Equal([IncidentRole.IncidentCommander, IncidentRole.Scribe, IncidentRole.TechnicalLead, IncidentRole.CommunicationsLead,
            IncidentRole.SecurityAnalyst], Detail(incident).RosterGaps);
    }

    [Fact]
    public void ALegalClockAddsTheLegalLiaisonAndFilledSeatsDropOut()
    {
        var incident = TestIncidents.Declare(Now);
        incident.AssignRole(IncidentRole.IncidentCommander, TestIncidents.Maya, TestIncidents.Maya, Now);
        incident.AssignRole(IncidentRole.Scribe, TestIncidents.Tom, TestIncidents.Maya, Now);
        incident.StartClocks(RegulatoryTrigger.PersonalDataBreach,
            ClockSelection.For(RegulatoryTrigger.PersonalDataBreach, Core.Systems.RiskTier.Limited, new RegulatoryOptions()), Now, TestIncidents.Maya, Now);

        Assert.Equal([IncidentRole.TechnicalLead, IncidentRole.CommunicationsLead, IncidentRole.SecurityAnalyst, IncidentRole.LegalLiaison],
            Detail(incident).RosterGaps);
    }

    [Fact]
    public void AResolvedIncidentHasNoGaps()
    {
        var incident = TestIncidents.Declare(Now);
        incident.ChangeStatus(IncidentStatus.Resolved, TestIncidents.Maya, Now, "Fixed and verified.");

        Assert.Empty(Detail(incident).RosterGaps);
    }
}
