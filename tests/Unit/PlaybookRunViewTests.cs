using CommandCenter.Core.Accounts;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Playbooks;
using CommandCenter.Tests.Unit.Support;
using static CommandCenter.Tests.Unit.Support.TestIncidents;

namespace CommandCenter.Tests.Unit;

/// <summary>The per-person view of a playbook run: which steps are theirs and which they may handle, without a database.</summary>
public sealed class PlaybookRunViewTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc);

    private readonly Incident _incident = Declared();

    private static Incident Declared()
    {
        var incident = Declare(Now);
        incident.AssignRole(IncidentRole.IncidentCommander, Maya, Maya, Now);
        incident.AssignRole(IncidentRole.TechnicalLead, Priya, Maya, Now);
        return incident;
    }

    private IncidentPlaybookRun Run(params StepRecord[] records)
    {
        var progress = new PlaybookProgress(BuiltInPlaybooks.For(Archetype.PromptInjection), records);
        var next = IncidentRoles.All.Select(r => new RoleNextSteps(r, _incident.HolderOf(r), progress.NextSteps(r).Select(s => s.Id).ToList())).ToList();
        return new IncidentPlaybookRun(_incident.Key, Archetype.PromptInjection, 1, 1, Now, progress.Content, progress.Records, progress.Coverage, next);
    }

    private PlaybookRunView For(string person, OrgRole role = OrgRole.Responder, IncidentPlaybookRun? run = null) =>
        (run ?? Run()).For(_incident.PermissionsFor(TestActors.As(person, role)));

    [Fact]
    public void TheTechnicalLeadMayHandleTheirOwnStepsOnly()
    {
        var view = For(" priya RAMAN ");

        Assert.Equal([IncidentRole.TechnicalLead], view.MyRoles);
        Assert.Contains(view.Steps, s => s.Step.Owner != IncidentRole.TechnicalLead);
        Assert.All(view.Steps, s => Assert.Equal(s.Step.Owner == IncidentRole.TechnicalLead, s.MayHandle));
        Assert.All(view.Steps, s => Assert.Equal(s.Step.Owner == IncidentRole.TechnicalLead, s.IsMine));
    }

    [Fact]
    public void TheIncidentCommanderMayHandleEveryOpenStep()
    {
        Assert.All(For(Maya).Steps, s => Assert.True(s.MayHandle));
    }

    [Fact]
    public void SomeoneWithoutASeatMayHandleNothing()
    {
        var view = For(Tom);

        Assert.Empty(view.MyRoles);
        Assert.All(view.Steps, s => Assert.False(s.MayHandle));
        Assert.Empty(view.MyNextSteps);
    }

    [Fact]
    public void LeadershipHoldingASeatStillMayHandleNothing()
    {
        Assert.All(For(Priya, OrgRole.Leadership).Steps, s => Assert.False(s.MayHandle));
    }

    [Fact]
    public void AHandledStepIsNoLongerOpenToAnyone()
    {
        var step = BuiltInPlaybooks.For(Archetype.PromptInjection).Steps.First(s => s.Owner == IncidentRole.TechnicalLead && !s.IsGate);
        var run = Run(new StepRecord(step.Id, StepOutcome.Done, Priya, Now, null, null));

        var handled = For(Maya, run: run).Steps.Single(s => s.Step.Id == step.Id);

        Assert.False(handled.MayHandle);
        Assert.False(handled.IsMine);
        Assert.NotNull(handled.Record);
        Assert.Equal(Priya, handled.Holder);
    }
}
