using AngleSharp.Dom;
using Bunit;
using CommandCenter.Components.Exercises;
using CommandCenter.Core.Exercises;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Components.Support;

namespace CommandCenter.Tests.Components.Exercises;

/// <summary>An administrator edits every part of a scenario (expectations, signals, choices) in the structured editor.</summary>
public class ScenarioEditorTests
{
    private const string Slug = "refund-policy-invented";

    private static IRenderedComponent<ScenarioPage> OpenEditor(AppTestContext app)
    {
        var page = MudHost.Render<ScenarioPage>(app, p => p.Add(x => x.Slug, Slug)).Page;
        page.ClickLive(() => page.Button("Edit scenario"));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=expectation-edit]")));
        return page;
    }

    /// <summary>The input labelled <paramref name="label"/> inside <paramref name="scope"/> (a row of the editor).</summary>
    private static IElement FieldIn(IRenderedComponent<ScenarioPage> page, Func<IElement> scope, string label)
    {
        var id = scope().QuerySelectorAll("label").Single(l => l.TextContent.Trim() == label).GetAttribute("for");
        return page.Find($"[id='{id}']");
    }

    private static IElement Inject(IRenderedComponent<ScenarioPage> page, int number) =>
        page.Find($"[role=group][aria-label='Inject {number}']");

    [Fact]
    public async Task ExpectationsSignalsAndChoicesAreEditedAndSavedAsTheNextVersion()
    {
        await using var app = await AppTestContext.StartAsync("admin");
        var page = OpenEditor(app);

        page.ClickLive(() => page.Button("Add expectation"));
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=expectation-edit]").Count));
        FieldIn(page, () => page.FindAll("[data-testid=expectation-edit]")[2], "Expectation")
            .Change("Communications drafts the customer notice within 20 minutes.");
        FieldIn(page, () => page.FindAll("[data-testid=expectation-edit]")[2], "Within (min)").Change("20");
        FieldIn(page, () => Inject(page, 1).QuerySelector("[data-testid=signal-edit]")!, "Value").Change("0.35");
        FieldIn(page, () => Inject(page, 1), "Choices offered, one per line (empty: answered in own words)")
            .Change("Turn off refund answers now\nKeep running and monitor\nHand refund questions to people");
        page.Field("Change note").Change("Comms expectation and a third choice, from EX-2026-0001");
        page.ClickLive(() => page.Button("Save new version"));

        page.WaitForAssertion(() => Assert.Contains("v2", page.Find("h1 .version").TextContent));
        var saved = (await app.Get<ExerciseService>().GetScenarioAsync(Slug, null)).Content;
        var expectation = saved.Expectations[2];
        Assert.Equal((IncidentRole.IncidentCommander, "Communications drafts the customer notice within 20 minutes.", 20),
            (expectation.Role, expectation.Text, expectation.WithinMinutes));
        var first = saved.Inject("first-report")!;
        Assert.Equal(["Turn off refund answers now", "Keep running and monitor", "Hand refund questions to people"], first.Decision!.Choices);
        var signal = Assert.Single(first.Signals!);
        Assert.Equal(("grounding-score", 0.35, 0.7), (signal.Kind, signal.Value, signal.Threshold));
        Assert.Equal("refunds", signal.Labels!["topic"]);
        Assert.Equal([IncidentRole.IncidentCommander, IncidentRole.TechnicalLead, IncidentRole.CommunicationsLead, IncidentRole.LegalLiaison],
            saved.Participants);
        Assert.Contains("Communications drafts the customer notice", page.Markup);
    }

    [Fact]
    public async Task ARefusedSaveNamesTheSignalAndExpectationToFixAndKeepsWhatWasTyped()
    {
        await using var app = await AppTestContext.StartAsync("admin");
        var page = OpenEditor(app);

        page.ClickLive(() => page.Find("button[aria-label='Add a signal to inject 2']"));
        page.WaitForAssertion(() => Assert.NotNull(Inject(page, 2).QuerySelector("[data-testid=signal-edit]")));
        FieldIn(page, () => Inject(page, 2).QuerySelector("[data-testid=signal-edit]")!, "Summary").Change("Index refresh pulled in drafts");
        FieldIn(page, () => page.FindAll("[data-testid=expectation-edit]")[0], "Expectation").Change("");
        page.Field("Change note").Change("A signal for the retrieval finding");
        page.ClickLive(() => page.Button("Save new version"));

        page.WaitForAssertion(() => Assert.Contains("Signal kind is required", Inject(page, 2).TextContent));
        Assert.Contains("Expectation is required", page.FindAll("[data-testid=expectation-edit]")[0].TextContent);
        Assert.Equal("Index refresh pulled in drafts",
            FieldIn(page, () => Inject(page, 2).QuerySelector("[data-testid=signal-edit]")!, "Summary").GetAttribute("value"));
        Assert.Equal(1, (await app.Get<ExerciseService>().GetScenarioAsync(Slug, null)).CurrentVersion);
    }
}
