using System.Text.Json.Serialization;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Exercises;

[JsonConverter(typeof(JsonStringEnumConverter<ExerciseState>))]
public enum ExerciseState
{
    [JsonStringEnumMemberName("ready")] Ready = 1,
    [JsonStringEnumMemberName("running")] Running = 2,
    [JsonStringEnumMemberName("paused")] Paused = 3,
    [JsonStringEnumMemberName("finished")] Finished = 4,
}

/// <summary>An inject the facilitator (or the schedule) released, at which wall time and which exercise second.</summary>
public sealed record InjectRelease(string InjectId, DateTime ReleasedAt, double AtExerciseSeconds, string By);

/// <summary>An answer to an inject's decision question: who, what, why, and how long it took in exercise time.</summary>
public sealed record DecisionAnswer(string InjectId, IncidentRole Role, string AnsweredBy, IReadOnlyList<IncidentRole> AnswererRoles,
    string Answer, string Reasoning, DateTime AnsweredAt, double AtExerciseSeconds, double TookSeconds);

/// <summary>A lesson or a proposed playbook change the facilitator wrote in the review.</summary>
public sealed record ReviewNote(string Text, string By, DateTime At);

/// <summary>What happened during an exercise, stored as one JSON column (small: tens of entries).</summary>
public sealed class ExerciseLog
{
    public List<ClockChange> Clock { get; set; } = [];
    public List<InjectRelease> Releases { get; set; } = [];
    public List<DecisionAnswer> Decisions { get; set; } = [];
    public List<ReviewNote> Lessons { get; set; } = [];
    public List<ReviewNote> PlaybookProposals { get; set; } = [];
}

/// <summary>
/// One run of a scenario on its own exercise incident (EX-&lt;year&gt;-&lt;n&gt;). The clock, the released injects and
/// the decisions change only through its methods, which refuse illegal moves with a domain exception.
/// </summary>
public sealed class Exercise
{
    public const int NoteLength = 2000;
    public const int AnswerLength = 1000;

    private Exercise()
    {
    }

    public Exercise(int incidentId, string incidentKey, ScenarioVersion version, string facilitator, DateTime now)
    {
        IncidentId = incidentId;
        IncidentKey = incidentKey;
        ScenarioVersion = version;
        ScenarioTitle = version.Content.Title;
        Facilitator = facilitator;
        State = ExerciseState.Ready;
        OpenedAt = now.AsUtc();
    }

    public int Id { get; private set; }
    public int IncidentId { get; private set; }
    public string IncidentKey { get; private set; } = "";
    public int ScenarioVersionId { get; private set; }
    public ScenarioVersion? ScenarioVersion { get; private set; }
    public string ScenarioTitle { get; private set; } = "";
    public string Facilitator { get; private set; } = "";
    public ExerciseState State { get; private set; }
    public DateTime OpenedAt { get; private set; }
    public DateTime? StartedAt { get; private set; }
    public DateTime? FinishedAt { get; private set; }

    /// <summary>The day the follow-up exercise is scheduled for (UTC date), once the review set it.</summary>
    public DateTime? FollowUpOn { get; private set; }

    public ExerciseLog Log { get; private set; } = new();

    public TimeSpan Elapsed(DateTime now) => ExerciseClock.Elapsed(Log.Clock, now);

    public int Speed => ExerciseClock.SpeedOf(Log.Clock);

    public bool IsReleased(string injectId) => Log.Releases.Any(r => r.InjectId == injectId);

    public void Start(DateTime now)
    {
        if (State != ExerciseState.Ready)
        {
            throw new InvalidTransitionException($"Exercise {IncidentKey} has already started.");
        }
        State = ExerciseState.Running;
        StartedAt = now;
        Log.Clock.Add(new ClockChange(now, ClockChangeKind.Start, Speed));
    }

    public void Pause(DateTime now)
    {
        if (State != ExerciseState.Running)
        {
            throw new InvalidTransitionException($"Exercise {IncidentKey} is {State.ToString().ToLowerInvariant()}, not running; only a running exercise pauses.");
        }
        State = ExerciseState.Paused;
        Log.Clock.Add(new ClockChange(now, ClockChangeKind.Pause, Speed));
    }

    public void Resume(DateTime now)
    {
        if (State != ExerciseState.Paused)
        {
            throw new InvalidTransitionException($"Exercise {IncidentKey} is {State.ToString().ToLowerInvariant()}, not paused.");
        }
        State = ExerciseState.Running;
        Log.Clock.Add(new ClockChange(now, ClockChangeKind.Resume, Speed));
    }

    public void ChangeSpeed(int speed, DateTime now)
    {
        if (!ExerciseClock.Speeds.Contains(speed))
        {
            throw ValidationException.For("speed", $"Speed must be one of {string.Join(", ", ExerciseClock.Speeds.Select(s => $"{s}x"))}.");
        }
        EnsureNotFinished("change the speed");
        if (speed == Speed)
        {
            throw new InvalidTransitionException($"Exercise {IncidentKey} already runs at {speed}x.");
        }
        Log.Clock.Add(new ClockChange(now, ClockChangeKind.Speed, speed));
    }

    public void Finish(DateTime now)
    {
        EnsureNotFinished("finish it");
        if (State == ExerciseState.Ready)
        {
            throw new InvalidTransitionException($"Exercise {IncidentKey} has not started yet.");
        }
        State = ExerciseState.Finished;
        FinishedAt = now;
        Log.Clock.Add(new ClockChange(now, ClockChangeKind.Finish, Speed));
    }

    /// <summary>Releases an inject now. A finished or not yet started exercise releases nothing; each inject is released once.</summary>
    public InjectRelease Release(ScenarioInject inject, string by, DateTime now)
    {
        if (State == ExerciseState.Ready)
        {
            throw new InvalidTransitionException($"Start exercise {IncidentKey} before releasing injects.");
        }
        EnsureNotFinished("release injects");
        if (IsReleased(inject.Id))
        {
            throw new InvalidTransitionException($"Inject '{inject.Id}' was already released.");
        }
        var release = new InjectRelease(inject.Id, now, Elapsed(now).TotalSeconds, by);
        Log.Releases.Add(release);
        return release;
    }

    /// <summary>The timed injects whose minute has come and that are not released yet, in script order.</summary>
    public IReadOnlyList<ScenarioInject> DueInjects(ScenarioContent content, DateTime now)
    {
        if (State != ExerciseState.Running)
        {
            return [];
        }
        var elapsed = Elapsed(now);
        return content.Injects.Where(i => i.AtMinute is { } minute && TimeSpan.FromMinutes(minute) <= elapsed && !IsReleased(i.Id)).ToList();
    }

    /// <summary>
    /// Records an answer to <paramref name="inject"/>'s decision. Whether <paramref name="by"/> may answer (holds the
    /// role, or is the Incident Commander) is checked by <see cref="ExerciseRules.EnsureMayAnswer"/> before this.
    /// </summary>
    public DecisionAnswer Answer(ScenarioInject inject, string by, IReadOnlyList<IncidentRole> byRoles, string? answer, string? reasoning, DateTime now)
    {
        var v = new Validator();
        var chosen = v.RequiredText("answer", answer, AnswerLength, "Answer");
        var why = v.RequiredText("reasoning", reasoning, Limits.TimelineTextLength / 2, "Reasoning");
        v.ThrowIfInvalid();
        if (inject.Decision is not { } decision)
        {
            throw new InvalidTransitionException($"Inject '{inject.Id}' asks no decision.");
        }
        var release = Log.Releases.FirstOrDefault(r => r.InjectId == inject.Id)
            ?? throw new InvalidTransitionException($"Inject '{inject.Id}' has not been released yet.");
        if (Log.Decisions.FirstOrDefault(d => d.InjectId == inject.Id) is { } earlier)
        {
            throw new InvalidTransitionException($"{earlier.AnsweredBy} already answered “{decision.Question}”.");
        }
        EnsureNotFinished("answer decisions");
        var at = Elapsed(now).TotalSeconds;
        var recorded = new DecisionAnswer(inject.Id, decision.Role, by, byRoles, chosen!, why!, now, at, Math.Max(0, at - release.AtExerciseSeconds));
        Log.Decisions.Add(recorded);
        return recorded;
    }

    public ReviewNote AddLesson(string? text, string by, DateTime now) =>
        AddNote(Log.Lessons, "lesson", "Lesson", text, by, now);

    public ReviewNote ProposePlaybookChange(string? text, string by, DateTime now) =>
        AddNote(Log.PlaybookProposals, "proposal", "Proposed playbook change", text, by, now);

    public void ScheduleFollowUp(DateTime? day, DateTime now)
    {
        if (day is not { } date)
        {
            throw ValidationException.For("date", "Pick the day of the follow-up exercise.");
        }
        if (date.Date < now.Date)
        {
            throw ValidationException.For("date", "The follow-up exercise cannot be in the past.");
        }
        FollowUpOn = DateTime.SpecifyKind(date.Date, DateTimeKind.Utc);
    }

    private static ReviewNote AddNote(List<ReviewNote> notes, string field, string label, string? text, string by, DateTime now)
    {
        var v = new Validator();
        var clean = v.RequiredText(field, text, NoteLength, label);
        v.ThrowIfInvalid();
        if (notes.Count >= 50)
        {
            throw ValidationException.For(field, "At most 50 notes per review.");
        }
        var note = new ReviewNote(clean!, by, now);
        notes.Add(note);
        return note;
    }

    private void EnsureNotFinished(string what)
    {
        if (State == ExerciseState.Finished)
        {
            throw new InvalidTransitionException($"Exercise {IncidentKey} is finished; nobody can {what} any more.");
        }
    }
}
