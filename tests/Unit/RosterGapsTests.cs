using CommandCenter.Core.Incidents;
using CommandCenter.Core.Regulatory;
using CommandCenter.Tests.Unit.Support;

namespace CommandCenter.Tests.Unit;

public sealed class RosterGapsTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc);

    private static Func<IncidentRole, string?> Seated(params IncidentRole[] filled) => role => filled.Contains(role) ? "Someone" : null;

    [Fact]
    public void AnAttackNeedsASecurityAnalystOnTopOfTheCoreSeats()
    {
        Assert.Equal([IncidentRole.IncidentCommander, IncidentRole.Scribe, IncidentRole.TechnicalLead, IncidentRole.CommunicationsLead,
            IncidentRole.SecurityAnalyst], IncidentRules.RosterGaps(IncidentStatus.Detected, Archetype.PromptInjection, hasLegalClock: false, Seated()));
    }

    [Fact]
    public void ADriftNeedsOnlyTheCoreSeats()
    {
        Assert.Equal([IncidentRole.IncidentCommander, IncidentRole.Scribe, IncidentRole.TechnicalLead, IncidentRole.CommunicationsLead],
            IncidentRules.RosterGaps(IncidentStatus.Triaged, Archetype.ModelDrift, hasLegalClock: false, Seated()));
    }

    [Fact]
    public void DataLeakageNeedsTheLegalLiaisonWithoutAClock()
    {
        Assert.Contains(IncidentRole.LegalLiaison, IncidentRules.RosterGaps(IncidentStatus.Detected, Archetype.DataLeakage, hasLegalClock: false, Seated()));
    }

    [Fact]
    public void ALegalClockAddsTheLegalLiaisonAndFilledSeatsDropOut()
    {
        Assert.Equal([IncidentRole.TechnicalLead, IncidentRole.CommunicationsLead, IncidentRole.LegalLiaison],
            IncidentRules.RosterGaps(IncidentStatus.Contained, Archetype.ModelDrift, hasLegalClock: true,
                Seated(IncidentRole.IncidentCommander, IncidentRole.Scribe)));
    }

    [Theory]
    [InlineData(IncidentStatus.Resolved)]
    [InlineData(IncidentStatus.Closed)]
    public void AFinishedResponseHasNoGaps(IncidentStatus status)
    {
        Assert.Empty(IncidentRules.RosterGaps(status, Archetype.DataLeakage, hasLegalClock: true, Seated()));
    }

    [Fact]
    public void TheDetailViewCarriesTheAggregatesGaps()
    {
        var incident = TestIncidents.Declare(Now);
        incident.AssignRole(IncidentRole.IncidentCommander, TestIncidents.Maya, TestIncidents.Maya, Now);
        incident.AssignRole(IncidentRole.Scribe, TestIncidents.Tom, TestIncidents.Maya, Now);
        incident.StartClocks(RegulatoryTrigger.PersonalDataBreach,
            ClockSelection.For(RegulatoryTrigger.PersonalDataBreach, Core.Systems.RiskTier.Limited, new RegulatoryOptions()), Now, TestIncidents.Maya, Now);

        Assert.Equal([IncidentRole.TechnicalLead, IncidentRole.CommunicationsLead, IncidentRole.SecurityAnalyst, IncidentRole.LegalLiaison],
            incident.ToDetail(Now, new RegulatoryOptions()).RosterGaps);
    }
}
