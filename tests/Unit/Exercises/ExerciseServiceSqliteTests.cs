using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Communications;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Exercises;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Learning;
using CommandCenter.Tests.Unit.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Unit.Exercises;

/// <summary>An exercise through the services on SQLite: the exercise incident, injects through ingestion, decisions, the review, metrics.</summary>
public sealed class ExerciseServiceSqliteTests : IAsyncLifetime
{
    private const string Scenario = "refund-policy-invented";
    private readonly TempDatabaseFolder _folder = new();
    private TestHost _host = null!;

    private static readonly Actor Facilitator = new("Lars Jensen", OrgRole.Responder, "lars");
    private static readonly Actor Commander = new("Maya Chen", OrgRole.Responder, "maya");
    private static readonly Actor Legal = new("Priya Raman", OrgRole.Responder, "priya");
    private static readonly Actor Admin = new("Ada Admin", OrgRole.Administrator, "ada");

    private ExerciseService Exercises => _host.Services.GetRequiredService<ExerciseService>();

    private DetectionEngine Engine => _host.Services.GetRequiredService<DetectionEngine>();

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(_folder.PathOf());
        // Inject signals go through the real ingestion path, whose writer runs in the engine.
        await Engine.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Engine.StopAsync(CancellationToken.None);
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>Opens and starts an exercise with Maya as IC and Priya as Legal liaison.</summary>
    private async Task<ExerciseSummary> RunningAsync()
    {
        var opened = await Exercises.OpenAsync(Scenario, Facilitator);
        await _host.Roster.AssignRoleAsync(opened.IncidentKey, "incident-commander", Commander.Name, Commander);
        await _host.Roster.AssignRoleAsync(opened.IncidentKey, "legal-liaison", Legal.Name, Commander);
        await Exercises.StartAsync(opened.Id, Facilitator);
        return opened;
    }

    [Fact]
    public async Task OpeningAScenarioDeclaresAnExerciseIncidentWithItsOwnKey()
    {
        var real = await _host.Incidents.DeclareAsync(new DeclareIncident("Real one", "", "SEV3", "misinformation", "support-assistant"), Commander);

        var first = await Exercises.OpenAsync(Scenario, Facilitator);
        var second = await Exercises.OpenAsync(Scenario, Facilitator);

        Assert.Equal(("EX-2026-0001", "EX-2026-0002"), (first.IncidentKey, second.IncidentKey));
        Assert.Equal("INC-2026-0001", real.Key);
        Assert.Equal(1, _host.Scalar("SELECT IsExercise FROM Incidents WHERE Key = 'EX-2026-0001'"));
        Assert.Equal(0, _host.Scalar("SELECT IsExercise FROM Incidents WHERE Key = 'INC-2026-0001'"));
        Assert.Equal(ExerciseState.Ready, first.State);
        Assert.Equal(7, (await Exercises.ListScenariosAsync()).Count);
    }

    [Fact]
    public async Task LeadershipCannotOpenAnExercise() =>
        await Assert.ThrowsAsync<ForbiddenActionException>(() => Exercises.OpenAsync(Scenario, new Actor("Alex Morgan", OrgRole.Leadership, "alex")));

    [Fact]
    public async Task OnlyTheFacilitatorRunsTheClock()
    {
        var opened = await Exercises.OpenAsync(Scenario, Facilitator);

        await Assert.ThrowsAsync<ForbiddenActionException>(() => Exercises.StartAsync(opened.Id, Commander));
        var console = await Exercises.StartAsync(opened.Id, Admin);
        Assert.Equal(ExerciseState.Running, console.Exercise.State);
    }

    [Fact]
    public async Task TheWorkerReleasesTimedInjectsAndTheirSignalsArriveThroughIngestionLabelled()
    {
        var exercise = await RunningAsync();

        Assert.Equal(1, await Exercises.ReleaseDueAsync());

        await _host.Services.GetRequiredService<ISignalBacklog>().CaughtUpAsync();
        Assert.Equal(1, _host.Scalar($"SELECT COUNT(*) FROM Signals WHERE Source = 'exercise' AND LabelsJson LIKE '%\"exercise\":\"{exercise.IncidentKey}\"%'"));
        var candidate = Assert.Single(await _host.Services.GetRequiredService<CandidateService>().ListAsync());
        Assert.Equal(ExerciseService.SignalSource, candidate.Source);
        var timeline = await _host.Incidents.GetTimelineAsync(exercise.IncidentKey);
        Assert.Contains(timeline, e => e.Text.StartsWith("Exercise inject 'first-report' released to everyone", StringComparison.Ordinal));
        _host.Clock.AdvanceMinutes(4);
        Assert.Equal(0, await Exercises.ReleaseDueAsync());
        _host.Clock.AdvanceMinutes(1);
        Assert.Equal(1, await Exercises.ReleaseDueAsync());
    }

    [Fact]
    public async Task ARoleOnlyInjectIsShownOnlyToThatRoleAndStaysPrivateOnTheTimeline()
    {
        var exercise = await RunningAsync();
        await Exercises.ReleaseAsync(exercise.Id, "legal-question", Facilitator);

        var legal = await Exercises.InjectsForAsync(exercise.IncidentKey, Legal);
        var commander = await Exercises.InjectsForAsync(exercise.IncidentKey, Commander);

        Assert.True(Assert.Single(legal!.Injects).MayAnswer);
        Assert.Empty(commander!.Injects);
        var timeline = await _host.Incidents.GetTimelineAsync(exercise.IncidentKey);
        Assert.DoesNotContain(timeline, e => e.Text.Contains("consumer association", StringComparison.Ordinal));
        Assert.Null(await Exercises.InjectsForAsync("INC-2026-0099", Legal));
    }

    [Fact]
    public async Task ADecisionNeedsReasoningAndGoesOnTheTimelineWithItsTime()
    {
        var exercise = await RunningAsync();
        await Exercises.ReleaseAsync(exercise.Id, null, Facilitator);
        _host.Clock.AdvanceMinutes(3);

        var refused = await Assert.ThrowsAsync<ValidationException>(() =>
            Exercises.AnswerAsync(exercise.Id, "first-report", "Turn off refund answers now", " ", Commander));
        Assert.Contains("reasoning", refused.Errors.Keys);
        await Assert.ThrowsAsync<ForbiddenActionException>(() =>
            Exercises.AnswerAsync(exercise.Id, "first-report", "Keep running and monitor", "Why not.", Legal));

        var answered = await Exercises.AnswerAsync(exercise.Id, "first-report", "Turn off refund answers now", "Customers are being misled.", Commander);

        Assert.Equal((DecisionState.OnTime, 180.0), (answered.State, answered.Answer!.TookSeconds));
        var entry = (await _host.Incidents.GetTimelineAsync(exercise.IncidentKey)).First(e => e.Kind == TimelineEntryKind.Decision);
        Assert.Contains("Customers are being misled.", entry.Text, StringComparison.Ordinal);
        Assert.Contains("took 3 min 0 s", entry.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheReviewShowsDecisionTimesAMissedQuestionAndTheExpectations()
    {
        var exercise = await RunningAsync();
        await Exercises.ReleaseAsync(exercise.Id, "first-report", Facilitator);
        await Exercises.ReleaseAsync(exercise.Id, "legal-question", Facilitator);
        _host.Clock.AdvanceMinutes(4);
        await Exercises.AnswerAsync(exercise.Id, "first-report", "Turn off refund answers now", "Stop the harm first.", Commander);
        _host.Clock.AdvanceMinutes(20);
        await Exercises.FinishAsync(exercise.Id, Facilitator);
        await Exercises.AddLessonAsync(exercise.Id, "Legal needs a deputy who can be reached in minutes.", Facilitator);
        await Exercises.ProposePlaybookChangeAsync(exercise.Id, "Add a step: pause topic answers before investigating.", Facilitator);
        await Exercises.ScheduleFollowUpAsync(exercise.Id, _host.Clock.UtcNow.AddDays(30), Facilitator);
        await Exercises.CreateActionItemAsync(exercise.Id, new ActionItemInput("Name a Legal deputy", "process", "priya", _host.Clock.UtcNow.AddDays(14), "high", null), Facilitator);

        var review = await Exercises.ReviewAsync(exercise.Id);

        var ic = review.Decisions.Single(d => d.Role == IncidentRole.IncidentCommander);
        var legal = review.Decisions.Single(d => d.Role == IncidentRole.LegalLiaison);
        Assert.Equal((DecisionState.OnTime, TimeSpan.FromMinutes(4)), (ic.State, ic.Took));
        Assert.Equal(DecisionState.Missed, legal.State);
        Assert.Equal(ExpectationOutcome.Met, review.Expectations.Single(e => e.Expectation.Role == IncidentRole.IncidentCommander).Outcome);
        Assert.Equal(ExpectationOutcome.Missed, review.Expectations.Single(e => e.Expectation.Role == IncidentRole.LegalLiaison).Outcome);
        Assert.Contains(review.Gaps, g => g.StartsWith("Bottleneck", StringComparison.Ordinal));
        Assert.Contains(review.Gaps, g => g.Contains("never released", StringComparison.Ordinal));
        Assert.NotEmpty(review.PlaybookSteps);
        Assert.Equal("Name a Legal deputy", Assert.Single(review.ActionItems).Title);
        Assert.Single(review.Lessons);
        Assert.Equal(_host.Clock.UtcNow.Date.AddDays(30), review.Exercise.FollowUpOn);
        var markdown = await Exercises.ExportMarkdownAsync(exercise.Id);
        Assert.Contains("| Legal/Compliance Liaison |", markdown, StringComparison.Ordinal);
        Assert.Contains("| missed |", markdown, StringComparison.Ordinal);
        Assert.Contains("4 min 0 s", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MarkdownEscapesWhatPeopleWrote()
    {
        var exercise = await RunningAsync();
        await Exercises.AddLessonAsync(exercise.Id, "<script>alert(1)</script> [click](javascript:evil)", Facilitator);

        var markdown = await Exercises.ExportMarkdownAsync(exercise.Id);

        Assert.DoesNotContain("<script>", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExerciseIncidentsStayOutOfProductionMetricsAndCountAsExerciseFrequency()
    {
        var metrics = _host.Services.GetRequiredService<MetricsService>();
        await _host.Incidents.DeclareAsync(new DeclareIncident("Real one", "", "SEV3", "misinformation", "support-assistant"), Commander);
        var before = await metrics.ComputeAsync(new MetricFilter());

        var exercise = await RunningAsync();
        await Exercises.ReleaseDueAsync();
        await _host.Lifecycle.ChangeStatusAsync(exercise.IncidentKey, "contained", Commander);
        var after = await metrics.ComputeAsync(new MetricFilter());

        Assert.Equal(before["incidents-per-quarter"].Sample, after["incidents-per-quarter"].Sample);
        Assert.Equal(before["mttc"].Sample, after["mttc"].Sample);
        Assert.Equal(before["exercise-frequency"].Sample + 1, after["exercise-frequency"].Sample);
        Assert.Equal(1.0, after["exercise-frequency"].Value);
    }

    [Fact]
    public async Task AStatusUpdateOfAnExerciseSaysItWasNotSentOutside()
    {
        var exercise = await RunningAsync();
        var updates = _host.Services.GetRequiredService<StatusUpdateService>();
        var draft = await updates.DraftAsync(exercise.IncidentKey, "internal", new StatusUpdateText("Drill", "Refund answers", "Paused", "Scope", _host.Clock.UtcNow.AddMinutes(20)), Commander);

        await updates.MarkSentAsync(exercise.IncidentKey, draft.Id, Commander);

        var entry = (await _host.Incidents.GetTimelineAsync(exercise.IncidentKey)).First(e => e.Kind == TimelineEntryKind.Communication);
        Assert.StartsWith("EXERCISE (not sent outside)", entry.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdministratorsSaveANewScenarioVersionAndTheValidatorNamesTheField()
    {
        var current = await Exercises.GetScenarioAsync(Scenario);
        var edited = current.Content with { Title = "Refund policy invented (v2)" };

        var saved = await Exercises.SaveScenarioAsync(Scenario, edited, "Shorter title", Admin);
        var refused = await Assert.ThrowsAsync<ValidationException>(() =>
            Exercises.SaveScenarioAsync(Scenario, edited with { System = "nowhere" }, "Bad system", Admin));

        Assert.Equal((2, 2), (saved.Version, saved.History.Count));
        Assert.Contains("system", refused.Errors.Keys);
        await Assert.ThrowsAsync<ForbiddenActionException>(() => Exercises.SaveScenarioAsync(Scenario, edited, "No", Commander));
    }
}
