using System.Text.Json.Serialization;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Exercises;

[JsonConverter(typeof(JsonStringEnumConverter<DecisionState>))]
public enum DecisionState
{
    /// <summary>Released, unanswered, time left.</summary>
    [JsonStringEnumMemberName("open")] Open = 1,
    [JsonStringEnumMemberName("on-time")] OnTime = 2,
    [JsonStringEnumMemberName("late")] Late = 3,

    /// <summary>Released, unanswered, past its time limit (or the exercise finished without an answer).</summary>
    [JsonStringEnumMemberName("missed")] Missed = 4,
}

/// <summary>
/// Where one decision question stands: asked of which role, answered by whom and how long it took (exercise time), and
/// what it tells the review: a bottleneck (late or missed) or unclear ownership (nobody held the role, or someone
/// outside the role answered).
/// </summary>
public sealed record DecisionStatus(
    string InjectId,
    IncidentRole Role,
    string Question,
    IReadOnlyList<string> Choices,
    int TimeLimitMinutes,
    double ReleasedAtSeconds,
    DecisionState State,
    TimeSpan? Remaining,
    DecisionAnswer? Answer,
    string? RoleHolder,
    IReadOnlyList<string> Flags)
{
    public TimeSpan? Took => Answer is null ? null : TimeSpan.FromSeconds(Answer.TookSeconds);

    public bool IsBottleneck => State is DecisionState.Late or DecisionState.Missed;

    public bool IsUnclearOwnership => Flags.Any(f => f.StartsWith(ExerciseRules.UnclearOwnership, StringComparison.Ordinal));
}

/// <summary>The exercise's pure rules: who may answer, how each decision stands, who has not acted yet.</summary>
public static class ExerciseRules
{
    public const string Bottleneck = "Bottleneck";
    public const string UnclearOwnership = "Unclear ownership";

    /// <summary>The facilitator who opened the exercise runs it; an administrator may step in. Leadership only watches.</summary>
    public static bool MayFacilitate(string facilitator, Accounts.Actor actor) =>
        actor.Role == Accounts.OrgRole.Administrator
        || Accounts.AccessPolicy.Allows(actor.Role, Accounts.Permission.RunExercises) && Accounts.PersonId.Same(facilitator, actor.Name);

    /// <summary>Whether someone holding <paramref name="rolesOfPerson"/> may answer a question asked of <paramref name="asked"/>: its holder or the Incident Commander.</summary>
    public static bool MayAnswer(IncidentRole asked, IReadOnlyCollection<IncidentRole> rolesOfPerson) =>
        rolesOfPerson.Contains(asked) || rolesOfPerson.Contains(IncidentRole.IncidentCommander);

    /// <summary>The holder of the asked role answers; the Incident Commander may answer for a role nobody acts for (flagged).</summary>
    public static void EnsureMayAnswer(DecisionQuestion decision, IReadOnlyList<IncidentRole> rolesOfPerson, string key)
    {
        if (!MayAnswer(decision.Role, rolesOfPerson))
        {
            throw new ForbiddenActionException(
                $"This question is for the {decision.Role.Title()} of {key} (or the Incident Commander): take the role first.");
        }
    }

    public static IReadOnlyList<DecisionStatus> Decisions(ScenarioContent content, Exercise exercise, Func<IncidentRole, string?> holderOf, DateTime now)
    {
        var elapsed = exercise.Elapsed(now).TotalSeconds;
        var finished = exercise.State == ExerciseState.Finished;
        var result = new List<DecisionStatus>();
        foreach (var release in exercise.Log.Releases)
        {
            if (content.Inject(release.InjectId) is not { Decision: { } decision })
            {
                continue;
            }
            var limit = decision.TimeLimitMinutes * 60.0;
            var answer = exercise.Log.Decisions.FirstOrDefault(d => d.InjectId == release.InjectId);
            var holder = holderOf(decision.Role);
            DecisionState state;
            TimeSpan? remaining = null;
            if (answer is not null)
            {
                state = answer.TookSeconds <= limit ? DecisionState.OnTime : DecisionState.Late;
            }
            else if (finished || elapsed - release.AtExerciseSeconds > limit)
            {
                state = DecisionState.Missed;
            }
            else
            {
                state = DecisionState.Open;
                remaining = TimeSpan.FromSeconds(limit - (elapsed - release.AtExerciseSeconds));
            }
            var flags = new List<string>();
            if (state == DecisionState.Missed)
            {
                flags.Add($"{Bottleneck}: no answer from the {decision.Role.Title()} within {decision.TimeLimitMinutes} min.");
            }
            if (state == DecisionState.Late)
            {
                flags.Add($"{Bottleneck}: answered after {Minutes(answer!.TookSeconds)}, over the {decision.TimeLimitMinutes} min limit.");
            }
            if (answer is null && holder is null)
            {
                flags.Add($"{UnclearOwnership}: nobody holds the {decision.Role.Title()} role.");
            }
            if (answer is not null && !answer.AnswererRoles.Contains(decision.Role))
            {
                flags.Add($"{UnclearOwnership}: asked of the {decision.Role.Title()}, answered by {answer.AnsweredBy}, who does not hold that role.");
            }
            result.Add(new DecisionStatus(release.InjectId, decision.Role, decision.Question, decision.Choices ?? [], decision.TimeLimitMinutes,
                release.AtExerciseSeconds, state, remaining, answer, holder, flags));
        }
        return result;
    }

    /// <summary>The state's JSON code ("on-time"), for data attributes and the API alike.</summary>
    public static string Code(this DecisionState state) => state switch
    {
        DecisionState.OnTime => "on-time",
        DecisionState.Late => "late",
        DecisionState.Missed => "missed",
        _ => "open",
    };

    /// <summary>"4 min 10 s".</summary>
    public static string Minutes(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s" : $"{span.Seconds} s";
    }

    /// <summary>The injects <paramref name="roles"/> see: those for everyone and those for a role they hold; the facilitator sees all.</summary>
    public static bool Sees(ScenarioInject inject, IReadOnlyList<IncidentRole> roles, bool facilitator) =>
        facilitator || inject.Audience is null || roles.Contains(inject.Audience.Value);
}
