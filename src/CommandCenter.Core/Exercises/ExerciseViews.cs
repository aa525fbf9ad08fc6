using CommandCenter.Core.Communications;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Learning;

namespace CommandCenter.Core.Exercises;

/// <summary>A scenario in the library: its current version's title, archetype, system and size.</summary>
public sealed record ScenarioSummary(string Slug, string Title, Archetype Archetype, Severity Severity, string System, int Injects,
    int Decisions, int CurrentVersion, string EditedBy, DateTime EditedAt);

public sealed record ScenarioVersionInfo(int Number, string EditedBy, DateTime EditedAt, string ChangeNote);

/// <summary>One version of a scenario (the current one unless another was asked for) with the whole history, newest first.</summary>
public sealed record ScenarioDetail(string Slug, int Version, int CurrentVersion, ScenarioContent Content, string EditedBy, DateTime EditedAt,
    string ChangeNote, IReadOnlyList<ScenarioVersionInfo> History)
{
    public bool IsCurrent => Version == CurrentVersion;
}

/// <summary>An exercise in a list. <see cref="FollowUpOverdue"/>: its follow-up day has passed and no later exercise ran that scenario.</summary>
public sealed record ExerciseSummary(int Id, string IncidentKey, string ScenarioSlug, string ScenarioTitle, int ScenarioVersion,
    string Facilitator, ExerciseState State, DateTime OpenedAt, DateTime? StartedAt, DateTime? FinishedAt, DateTime? FollowUpOn,
    bool FollowUpOverdue);

/// <summary>An inject as the console shows it: its script, and its release when it happened.</summary>
public sealed record InjectProgress(ScenarioInject Inject, InjectRelease? Release)
{
    public bool IsReleased => Release is not null;
}

/// <summary>A role on the exercise incident: who holds it, whether the scenario expects it, and whether they acted yet.</summary>
public sealed record ParticipantView(IncidentRole Role, string? Holder, bool Expected, bool HasActed, DateTime? LastActedAt);

/// <summary>
/// The exercise clock as read at <paramref name="ReadAt"/>, so a view can tick between reads without asking again:
/// exercise time moves on at <paramref name="Speed"/> while running.
/// </summary>
public sealed record ExerciseClockReading(TimeSpan Elapsed, int Speed, bool Running, DateTime ReadAt)
{
    public TimeSpan ElapsedAt(DateTime now) => Running && now > ReadAt ? Elapsed + (now - ReadAt) * Speed : Elapsed;

    /// <summary>What is left of an open question's time at <paramref name="now"/> (never below zero); null when it is not open.</summary>
    public TimeSpan? RemainingAt(DecisionStatus decision, DateTime now) => decision.Remaining is { } remaining
        ? TimeSpan.FromTicks(Math.Max(0, (remaining - (ElapsedAt(now) - Elapsed)).Ticks))
        : null;
}

/// <summary>What the facilitator console shows.</summary>
public sealed record ExerciseConsole(
    ExerciseSummary Exercise,
    ScenarioContent Scenario,
    ExerciseClockReading Clock,
    IReadOnlyList<InjectProgress> Injects,
    IReadOnlyList<ParticipantView> Participants,
    IReadOnlyList<DecisionStatus> Decisions)
{
    public ScenarioInject? NextInject => Injects.FirstOrDefault(i => !i.IsReleased)?.Inject;

    public IReadOnlyList<DecisionStatus> OpenDecisions => Decisions.Where(d => d.State == DecisionState.Open).ToList();

    public IReadOnlyList<ParticipantView> NotActed => Participants.Where(p => p.Holder is not null && !p.HasActed).ToList();
}

/// <summary>A released inject as one participant sees it in the war room, with its decision question when there is one.</summary>
public sealed record VisibleInject(ScenarioInject Inject, InjectRelease Release, DecisionStatus? Decision, bool MayAnswer);

/// <summary>The war room's "Exercise injects" panel: only what the signed-in person's roles (or everyone) may see.</summary>
public sealed record ExerciseInjectsView(int ExerciseId, string IncidentKey, string ScenarioTitle, ExerciseState State, ExerciseClockReading Clock,
    IReadOnlyList<VisibleInject> Injects);

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ExpectationOutcome>))]
public enum ExpectationOutcome
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName("met")] Met = 1,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("missed")] Missed = 2,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("not-tested")] NotTested = 3,
}

public sealed record ExpectationResult(ScenarioExpectation Expectation, ExpectationOutcome Outcome, string Detail);

/// <summary>One playbook step of the exercise incident's playbook: done, skipped (with the reason) or missed.</summary>
public sealed record PlaybookStepResult(string StepId, string Text, IncidentRole Owner, string Outcome, string? By);

/// <summary>Whether the status-update cadence was kept for one audience during the exercise.</summary>
public sealed record CadenceResult(UpdateAudience Audience, int Sent, bool Kept, string Detail);

/// <summary>The generated after-action review, plus what the facilitator added.</summary>
public sealed record ExerciseReview(
    ExerciseSummary Exercise,
    ScenarioContent Scenario,
    TimeSpan Elapsed,
    IReadOnlyList<TimelineEntryView> Timeline,
    IReadOnlyList<DecisionStatus> Decisions,
    IReadOnlyList<ExpectationResult> Expectations,
    IReadOnlyList<PlaybookStepResult> PlaybookSteps,
    string? PlaybookTitle,
    IReadOnlyList<CadenceResult> Cadence,
    IReadOnlyList<string> Gaps,
    IReadOnlyList<ReviewNote> Lessons,
    IReadOnlyList<ReviewNote> PlaybookProposals,
    IReadOnlyList<ActionItemView> ActionItems);

/// <summary>The quarter's follow-up exercises (from reviews), the overdue ones flagged.</summary>
public sealed record FollowUp(ExerciseSummary From, DateTime On, bool Overdue);
