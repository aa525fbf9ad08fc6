using CommandCenter.Core.Accounts;
using CommandCenter.Core.Exercises;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Unit.Support;

namespace CommandCenter.Tests.Unit;

public sealed class ExerciseRulesTests
{
    [Fact]
    public void TheAskedRoleOrTheIncidentCommanderMayAnswer()
    {
        Assert.True(ExerciseRules.MayAnswer(IncidentRole.LegalLiaison, [IncidentRole.LegalLiaison]));
        Assert.True(ExerciseRules.MayAnswer(IncidentRole.LegalLiaison, [IncidentRole.Scribe, IncidentRole.IncidentCommander]));
        Assert.False(ExerciseRules.MayAnswer(IncidentRole.LegalLiaison, [IncidentRole.Scribe]));
        Assert.False(ExerciseRules.MayAnswer(IncidentRole.LegalLiaison, []));
    }

    [Fact]
    public void TheFacilitatorIsRecognisedThroughTheOneSamePersonRule()
    {
        Assert.True(ExerciseRules.MayFacilitate(" maya chen ", TestActors.As(TestIncidents.Maya)));
        Assert.False(ExerciseRules.MayFacilitate(TestIncidents.Maya, TestActors.As(TestIncidents.Tom)));
        Assert.False(ExerciseRules.MayFacilitate(TestIncidents.Maya, TestActors.As(TestIncidents.Maya, OrgRole.Leadership)));
        Assert.True(ExerciseRules.MayFacilitate(TestIncidents.Maya, TestActors.As("Ada Admin", OrgRole.Administrator)));
    }
}
