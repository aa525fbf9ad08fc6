using CommandCenter.Core.Common;
using CommandCenter.Core.Exercises;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Tests.Unit.Exercises;

/// <summary>Decision timing and the flags the review raises, on an exercise aggregate with a hand-moved clock (no database, no sleeps).</summary>
public sealed class ExerciseRulesTests
{
    private static readonly DateTime T0 = new(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc);
    private static readonly ScenarioContent Content = ScenarioValidatorTests.Valid();
    private static readonly IReadOnlyList<IncidentRole> Commander = [IncidentRole.IncidentCommander];
    private static readonly IReadOnlyList<IncidentRole> Legal = [IncidentRole.LegalLiaison];

    private static Exercise Started(int speed = 1)
    {
        var version = new Scenario("drill").AddVersion(Content, "Ada Admin", T0, "first");
        var exercise = new Exercise(1, "EX-2026-0001", version, "Lars Jensen", T0);
        exercise.Start(T0);
        if (speed != 1)
        {
            exercise.ChangeSpeed(speed, T0);
        }
        return exercise;
    }

    private static ScenarioInject Inject(string id) => Content.Inject(id)!;

    private static string? Nobody(IncidentRole role) => null;

    private static string? Everyone(IncidentRole role) => role.Title() + " holder";

    [Fact]
    public void AnAnswerRecordsWhoWhyAndTheExerciseTimeSinceTheRelease()
    {
        var exercise = Started();
        exercise.Release(Inject("first"), "Lars Jensen", T0.AddMinutes(1));

        var answer = exercise.Answer(Inject("first"), "Maya Chen", Commander, "Yes", "Grounding collapsed on refunds.", T0.AddMinutes(5));

        Assert.Equal(("Maya Chen", "Yes", "Grounding collapsed on refunds."), (answer.AnsweredBy, answer.Answer, answer.Reasoning));
        Assert.Equal(240, answer.TookSeconds);
        var status = Assert.Single(ExerciseRules.Decisions(Content, exercise, Everyone, T0.AddMinutes(6)));
        Assert.Equal(DecisionState.OnTime, status.State);
        Assert.Empty(status.Flags);
    }

    [Fact]
    public void TimeTakenIsExerciseTimeSoASpedUpClockCountsFaster()
    {
        var exercise = Started(speed: 10);
        exercise.Release(Inject("first"), "Lars Jensen", T0);

        var answer = exercise.Answer(Inject("first"), "Maya Chen", Commander, "Yes", "Because.", T0.AddMinutes(2));

        Assert.Equal(TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(answer.TookSeconds));
        Assert.Equal(DecisionState.Late, ExerciseRules.Decisions(Content, exercise, Everyone, T0.AddMinutes(2)).Single().State);
    }

    [Fact]
    public void AnEmptyReasoningIsRefusedAsAFieldError()
    {
        var exercise = Started();
        exercise.Release(Inject("first"), "Lars Jensen", T0);

        var error = Assert.Throws<ValidationException>(() => exercise.Answer(Inject("first"), "Maya Chen", Commander, "Yes", "  ", T0.AddMinutes(1)));

        Assert.Contains("reasoning", error.Errors.Keys);
        Assert.Empty(exercise.Log.Decisions);
    }

    [Fact]
    public void AnOpenQuestionCountsDownAndIsMissedAfterItsLimit()
    {
        var exercise = Started();
        exercise.Release(Inject("second"), "Lars Jensen", T0);

        var open = ExerciseRules.Decisions(Content, exercise, Everyone, T0.AddMinutes(6)).Single();
        var missed = ExerciseRules.Decisions(Content, exercise, Everyone, T0.AddMinutes(16)).Single();

        Assert.Equal((DecisionState.Open, TimeSpan.FromMinutes(9)), (open.State, open.Remaining));
        Assert.Equal(DecisionState.Missed, missed.State);
        Assert.True(missed.IsBottleneck);
        Assert.Contains(missed.Flags, f => f.StartsWith(ExerciseRules.Bottleneck, StringComparison.Ordinal));
    }

    [Fact]
    public void APausedClockStopsTheCountdown()
    {
        var exercise = Started();
        exercise.Release(Inject("second"), "Lars Jensen", T0);
        exercise.Pause(T0.AddMinutes(5));

        var status = ExerciseRules.Decisions(Content, exercise, Everyone, T0.AddHours(3)).Single();

        Assert.Equal((DecisionState.Open, TimeSpan.FromMinutes(10)), (status.State, status.Remaining));
    }

    [Fact]
    public void AQuestionForARoleNobodyHoldsIsUnclearOwnership()
    {
        var exercise = Started();
        exercise.Release(Inject("second"), "Lars Jensen", T0);

        var status = ExerciseRules.Decisions(Content, exercise, Nobody, T0.AddMinutes(1)).Single();

        Assert.True(status.IsUnclearOwnership);
    }

    [Fact]
    public void TheCommanderAnsweringForAnotherRoleIsUnclearOwnership()
    {
        var exercise = Started();
        exercise.Release(Inject("second"), "Lars Jensen", T0);
        ExerciseRules.EnsureMayAnswer(Inject("second").Decision!, Commander, "EX-2026-0001");
        exercise.Answer(Inject("second"), "Maya Chen", Commander, "Notify", "Nobody from Legal joined.", T0.AddMinutes(3));

        var status = ExerciseRules.Decisions(Content, exercise, Everyone, T0.AddMinutes(4)).Single();

        Assert.Equal(DecisionState.OnTime, status.State);
        Assert.True(status.IsUnclearOwnership);
    }

    [Fact]
    public void SomeoneOutsideTheRoleMayNotAnswer() =>
        Assert.Throws<ForbiddenActionException>(() =>
            ExerciseRules.EnsureMayAnswer(Inject("second").Decision!, [IncidentRole.Scribe], "EX-2026-0001"));

    [Fact]
    public void TimedInjectsFallDueAtTheirMinuteOfExerciseTime()
    {
        var exercise = Started(speed: 5);

        Assert.Equal(["first"], exercise.DueInjects(Content, T0).Select(i => i.Id));
        exercise.Release(Inject("first"), "Exercise clock", T0);
        Assert.Empty(exercise.DueInjects(Content, T0.AddSeconds(59)));
        Assert.Equal(["second"], exercise.DueInjects(Content, T0.AddMinutes(1)).Select(i => i.Id));
    }

    [Fact]
    public void AnInjectIsReleasedOnceAndNotBeforeTheStart()
    {
        var version = new Scenario("drill").AddVersion(Content, "Ada Admin", T0, "first");
        var ready = new Exercise(1, "EX-2026-0001", version, "Lars Jensen", T0);
        Assert.Throws<InvalidTransitionException>(() => ready.Release(Inject("first"), "Lars Jensen", T0));

        var exercise = Started();
        exercise.Release(Inject("first"), "Lars Jensen", T0);
        Assert.Throws<InvalidTransitionException>(() => exercise.Release(Inject("first"), "Lars Jensen", T0));
    }

    [Fact]
    public void UnansweredQuestionsAreMissedOnceTheExerciseFinishes()
    {
        var exercise = Started();
        exercise.Release(Inject("second"), "Lars Jensen", T0);
        exercise.Finish(T0.AddMinutes(2));

        Assert.Equal(DecisionState.Missed, ExerciseRules.Decisions(Content, exercise, Everyone, T0.AddMinutes(3)).Single().State);
        Assert.Throws<InvalidTransitionException>(() => exercise.Pause(T0.AddMinutes(3)));
    }
}
