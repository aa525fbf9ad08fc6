using CommandCenter.Core.Accounts;
using CommandCenter.Core.Evidence;
using CommandCenter.Core.Incidents;
using static CommandCenter.Tests.Unit.Support.TestIncidents;

namespace CommandCenter.Tests.Unit.Evidence;

public sealed class EvidenceDeletionPolicyTests
{
    private static readonly DateTime Now = new(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);

    private static Incident Commanded()
    {
        var incident = Declare(Now);
        incident.AssignRole(IncidentRole.IncidentCommander, Maya, Maya, Now);
        return incident;
    }

    [Fact]
    public void TheIncidentCommanderAndAnAdministratorMayDeleteOthersMayNot()
    {
        var incident = Commanded();

        Assert.True(EvidenceDeletionPolicy.MayDelete(incident, new Actor(Maya, OrgRole.Responder)));
        Assert.True(EvidenceDeletionPolicy.MayDelete(incident, new Actor("Ada Admin", OrgRole.Administrator)));
        Assert.False(EvidenceDeletionPolicy.MayDelete(incident, new Actor(Tom, OrgRole.Responder)));
        Assert.False(EvidenceDeletionPolicy.MayDelete(incident, new Actor(Maya, OrgRole.Leadership)));
        Assert.Contains("Incident Commander (Maya Chen) or an administrator", EvidenceDeletionPolicy.WhoMayDelete(incident));
    }

    [Fact]
    public void NobodyMayDeleteWithoutACommanderExceptAnAdministrator()
    {
        var incident = Declare(Now);

        Assert.False(EvidenceDeletionPolicy.MayDelete(incident, new Actor(Maya, OrgRole.Responder)));
        Assert.True(EvidenceDeletionPolicy.MayDelete(incident, new Actor("Ada Admin", OrgRole.Administrator)));
    }

    [Fact]
    public void ALegalHoldKeepsTheEvidenceAndSaysWhoPlacedIt()
    {
        var incident = Commanded();
        Assert.Null(EvidenceDeletionPolicy.WhyKept(incident));

        incident.ChangeLegalHold(true, "regulator inquiry", Maya, Now);

        Assert.Contains("under legal hold (placed by Maya Chen)", EvidenceDeletionPolicy.WhyKept(incident));
    }

    [Fact]
    public void RetentionRunsFromClosureForTheConfiguredDays()
    {
        var options = new EvidenceOptions { RetentionDays = 30 };

        Assert.Equal(TimeSpan.FromDays(30), options.RetentionAfterClosure);
        Assert.Equal(6 * 365, new EvidenceOptions().RetentionDays);
    }
}
