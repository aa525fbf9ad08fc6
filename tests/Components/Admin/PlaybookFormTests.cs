using CommandCenter.Components.Playbooks;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Playbooks;

namespace CommandCenter.Tests.Components.Admin;

/// <summary>How the editor's form model places Core's field errors (pure, no rendering).</summary>
public class PlaybookFormTests
{
    private static PlaybookForm ThreeSteps()
    {
        var content = new PlaybookContent("Title", "", ["A signal"],
        [
            new PlaybookStep("first", PlaybookPhase.Immediate, "One", IncidentRole.IncidentCommander),
            new PlaybookStep("second", PlaybookPhase.Immediate, "Two", IncidentRole.Scribe),
            new PlaybookStep("third", PlaybookPhase.Investigate, "Three", IncidentRole.TechnicalLead),
        ], []);
        return PlaybookForm.From(content);
    }

    [Fact]
    public void AMessageNamingAnotherStepNamesItWhereItIsNow()
    {
        var form = ThreeSteps();
        var third = form.Steps[2];
        form.ShowErrors(new Dictionary<string, string[]> { ["steps[2].id"] = ["Step id 'first' is already used by steps[0]."] });

        PlaybookForm.Move(form.Steps, 0, 1);

        Assert.Equal("Step id 'first' is already used by step 2.", form.ErrorFor(third, "id"));
        form.Steps.RemoveAt(1);
        Assert.Equal("Step id 'first' is already used by a removed step.", form.ErrorFor(third, "id"));
    }

    [Fact]
    public void ErrorsOfARemovedStepLeaveWithItAndFormErrorsStay()
    {
        var form = ThreeSteps();
        form.ShowErrors(new Dictionary<string, string[]>
        {
            ["steps[1].text"] = ["Step text is required."],
            ["changeNote"] = ["A change note is required."],
            ["detectionSignals[0]"] = ["Detection signal is required."],
        });

        form.Steps.RemoveAt(1);

        Assert.All(form.Steps, s => Assert.Null(form.ErrorFor(s, "text")));
        Assert.Equal("A change note is required.", form.ErrorFor("changeNote"));
        Assert.Equal("Detection signal is required.", form.ErrorFor("detectionSignals"));
    }
}
