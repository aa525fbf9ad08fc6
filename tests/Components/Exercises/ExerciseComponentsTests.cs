using Bunit;
using CommandCenter.Components.Exercises;
using CommandCenter.Core.Exercises;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Components.Support;

namespace CommandCenter.Tests.Components.Exercises;

/// <summary>The facilitator console, the war room's inject panel and the review, used the way a facilitator and participants use them.</summary>
public class ExerciseComponentsTests
{
    private const string Scenario = "refund-policy-invented";

    /// <summary>Lars opens and starts the refund scenario; Maya is IC and appoints Priya as Legal liaison.</summary>
    private static async Task<ExerciseSummary> StartedAsync(AppTestContext app, bool start = true)
    {
        var exercises = app.Get<ExerciseService>();
        var opened = await exercises.OpenAsync(Scenario, await app.ActorAsync("lars"));
        var roster = app.Get<IncidentRoster>();
        var maya = await app.ActorAsync("maya");
        await roster.AssignRoleAsync(opened.IncidentKey, "incident-commander", "Maya Chen", maya);
        await roster.AssignRoleAsync(opened.IncidentKey, "legal-liaison", "Priya Raman", maya);
        if (start)
        {
            await exercises.StartAsync(opened.Id, await app.ActorAsync("lars"));
        }
        return opened;
    }

    [Fact]
    public async Task TheFacilitatorStartsTheClockReleasesAnInjectAndSeesWhoHasNotActed()
    {
        await using var app = await AppTestContext.StartAsync("lars");
        var exercise = await StartedAsync(app, start: false);
        var host = MudHost.Render<FacilitatorConsole>(app, p => p.Add(x => x.Id, exercise.Id));
        var console = host.Page;
        console.WaitForAssertion(() => Assert.Equal("not started yet", console.Find("[data-testid=exercise-state]").TextContent.Trim()));

        console.ClickLive(() => console.Button("Start exercise"));
        console.WaitForAssertion(() => Assert.Equal("running", console.Find("[data-testid=exercise-state]").TextContent.Trim()));
        Assert.StartsWith("T+00:0", console.Find("[data-testid=exercise-clock]").TextContent.Trim(), StringComparison.Ordinal);

        console.ClickLive(() => console.Find("button[aria-label='Release inject legal-question now']"));
        console.WaitForAssertion(() => Assert.Equal("true",
            console.Find("[data-testid=console-inject][data-inject=legal-question]").GetAttribute("data-released")));
        var decision = console.Find("[data-testid=console-decision][data-inject=legal-question]");
        Assert.Equal("open", decision.GetAttribute("data-state"));
        Assert.Matches(@"1[45]:\d\d left", decision.QuerySelector("[data-testid=console-countdown]")!.TextContent);
        var legal = console.Find("[data-testid=participant][data-role=legal-liaison]");
        Assert.Contains("Priya Raman", legal.TextContent);
        Assert.Contains("not yet", legal.TextContent);

        console.ClickLive(() => console.Button("5×"));
        console.WaitForAssertion(() => Assert.Contains("5× speed", console.Markup));
        console.ClickLive(() => console.Button("Pause"));
        console.WaitForAssertion(() => Assert.Equal("paused", console.Find("[data-testid=exercise-state]").TextContent.Trim()));
    }

    [Fact]
    public async Task SomeoneOtherThanTheFacilitatorSeesTheConsoleWithoutControls()
    {
        await using var app = await AppTestContext.StartAsync("maya");
        var exercise = await StartedAsync(app);

        var console = MudHost.Render<FacilitatorConsole>(app, p => p.Add(x => x.Id, exercise.Id)).Page;

        console.WaitForAssertion(() => Assert.Equal("running", console.Find("[data-testid=exercise-state]").TextContent.Trim()));
        Assert.False(console.HasButton("Pause"));
        Assert.False(console.HasButton("Release next inject"));
        Assert.Empty(console.FindAll("button[aria-label^='Release inject']"));
    }

    [Fact]
    public async Task LegalSeesItsOwnInjectAndMustGiveReasoningBeforeTheDecisionIsRecorded()
    {
        await using var app = await AppTestContext.StartAsync("priya");
        var exercise = await StartedAsync(app);
        await app.Get<ExerciseService>().ReleaseAsync(exercise.Id, "legal-question", await app.ActorAsync("lars"));
        var host = MudHost.Render<ExerciseInjectsPanel>(app, p => p.Add(x => x.Key, exercise.IncidentKey));
        var panel = host.Page;
        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("[data-testid=inject][data-inject=legal-question]")));

        panel.ClickLive(() => panel.FindAll("input[type=radio]").First());
        panel.ClickLive(() => panel.Button("Record decision"));
        panel.WaitForAssertion(() => Assert.Contains("Reasoning is required", panel.Markup));
        Assert.DoesNotContain((await app.Get<ExerciseService>().ConsoleAsync(exercise.Id)).Decisions, d => d.Answer is not null);

        panel.Find("[data-testid=answer-form] textarea").Change("A promise made in our name is hard to take back.");
        panel.ClickLive(() => panel.Button("Record decision"));

        panel.WaitForAssertion(() => Assert.Equal("on-time", panel.Find("[data-testid=inject-decision]").GetAttribute("data-state")));
        Assert.Empty(panel.FindAll("[data-testid=answer-form]"));
        var recorded = (await app.Get<ExerciseService>().ConsoleAsync(exercise.Id)).Decisions.Single();
        Assert.Equal(("Priya Raman", "A promise made in our name is hard to take back."), (recorded.Answer!.AnsweredBy, recorded.Answer.Reasoning));
    }

    [Fact]
    public async Task TheCommanderDoesNotSeeAnInjectMeantForLegalButSeesOnesForEveryoneLive()
    {
        await using var app = await AppTestContext.StartAsync("maya");
        var exercise = await StartedAsync(app);
        var exercises = app.Get<ExerciseService>();
        await exercises.ReleaseAsync(exercise.Id, "legal-question", await app.ActorAsync("lars"));
        var panel = MudHost.Render<ExerciseInjectsPanel>(app, p => p.Add(x => x.Key, exercise.IncidentKey)).Page;
        panel.WaitForAssertion(() => Assert.Contains("No injects for you yet", panel.Markup));

        await exercises.ReleaseAsync(exercise.Id, "customer-count", await app.ActorAsync("lars"));

        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("[data-testid=inject][data-inject=customer-count]")));
        Assert.Empty(panel.FindAll("[data-testid=inject][data-inject=legal-question]"));
    }

    [Fact]
    public async Task TheReviewShowsDecisionTimesAndTheMissedQuestionAndTakesALesson()
    {
        await using var app = await AppTestContext.StartAsync("lars");
        var exercise = await StartedAsync(app);
        var exercises = app.Get<ExerciseService>();
        var lars = await app.ActorAsync("lars");
        await exercises.ReleaseAsync(exercise.Id, "legal-question", lars);
        await exercises.ReleaseAsync(exercise.Id, "customer-count", lars);
        await exercises.FinishAsync(exercise.Id, lars);

        var review = MudHost.Render<ExerciseReviewPage>(app, p => p.Add(x => x.Id, exercise.Id)).Page;

        review.WaitForAssertion(() => Assert.Equal("missed", review.Find("[data-testid=decision-outcome]").TextContent.Trim()));
        Assert.Contains(review.FindAll("[data-testid=review-gaps] li"), li => li.TextContent.StartsWith("Bottleneck", StringComparison.Ordinal));
        Assert.Contains("Not tested", review.Find("[data-testid=review-expectations]").TextContent);

        review.Find("textarea").Change("Legal needs a deputy on call during drills.");
        review.ClickLive(() => review.Button("Add lesson"));
        review.WaitForAssertion(() => Assert.Contains("Legal needs a deputy on call during drills.", review.Find("[data-testid=review-lessons]").TextContent));
    }
}
