using System.Globalization;
using System.Text;
using CommandCenter.Core.Communications;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Learning;
using CommandCenter.Core.Playbooks;

namespace CommandCenter.Core.Exercises;

/// <summary>What the review is generated from: everything read about the exercise incident, nothing computed yet.</summary>
public sealed record ReviewInputs(
    ExerciseSummary Exercise,
    Exercise Log,
    ScenarioContent Scenario,
    IReadOnlyList<TimelineEntryView> Timeline,
    IReadOnlyList<RoleAssignmentView> Roles,
    IncidentPlaybookRun? Playbook,
    IncidentStatusUpdates? Updates,
    IReadOnlyList<ActionItemView> ActionItems,
    DateTime Now);

/// <summary>Builds the after-action review from what happened (pure: no database, no clock of its own).</summary>
public static class ExerciseReviewBuilder
{
    public static ExerciseReview Build(ReviewInputs inputs)
    {
        string? HolderOf(IncidentRole role) => inputs.Roles.FirstOrDefault(r => r.Role == role)?.Person;
        var decisions = ExerciseRules.Decisions(inputs.Scenario, inputs.Log, HolderOf, inputs.Now);
        var expectations = inputs.Scenario.Expectations.Select(e => Expectation(e, decisions)).ToList();
        var steps = Steps(inputs.Playbook);
        var cadence = Cadence(inputs.Updates);
        var gaps = new List<string>();
        gaps.AddRange(decisions.SelectMany(d => d.Flags));
        foreach (var role in inputs.Scenario.Participants.Where(r => HolderOf(r) is null))
        {
            gaps.Add($"{ExerciseRules.UnclearOwnership}: the scenario expects {Article(role.Title())} {role.Title()}, and nobody took the role.");
        }
        gaps.AddRange(expectations.Where(e => e.Outcome == ExpectationOutcome.Missed).Select(e => $"Expectation missed: {e.Expectation.Text} ({e.Detail})."));
        gaps.AddRange(cadence.Where(c => !c.Kept).Select(c => $"Update cadence not kept for {c.Audience.ToString().ToLowerInvariant()}: {c.Detail}."));
        var missedSteps = steps.Count(s => s.Outcome == "missed");
        if (missedSteps > 0)
        {
            gaps.Add($"{missedSteps} playbook step{(missedSteps == 1 ? "" : "s")} not done.");
        }
        var unreleased = inputs.Scenario.Injects.Count(i => !inputs.Log.IsReleased(i.Id));
        if (unreleased > 0)
        {
            gaps.Add($"{unreleased} inject{(unreleased == 1 ? " was" : "s were")} never released.");
        }
        return new ExerciseReview(inputs.Exercise, inputs.Scenario, inputs.Log.Elapsed(inputs.Now), inputs.Timeline, decisions, expectations, steps,
            inputs.Playbook?.Content.Title, cadence, gaps, inputs.Log.Log.Lessons, inputs.Log.Log.PlaybookProposals, inputs.ActionItems);
    }

    /// <summary>Met when every decision asked of the role was answered within the expectation's minutes.</summary>
    private static ExpectationResult Expectation(ScenarioExpectation expectation, IReadOnlyList<DecisionStatus> decisions)
    {
        var asked = decisions.Where(d => d.Role == expectation.Role).ToList();
        if (asked.Count == 0)
        {
            return new ExpectationResult(expectation, ExpectationOutcome.NotTested, $"no decision was asked of the {expectation.Role.Title()}");
        }
        var limit = TimeSpan.FromMinutes(expectation.WithinMinutes);
        var slow = asked.Where(d => d.State == DecisionState.Missed || d.Took > limit).ToList();
        var open = asked.Where(d => d.State == DecisionState.Open && d.Answer is null).ToList();
        if (slow.Count > 0)
        {
            return new ExpectationResult(expectation, ExpectationOutcome.Missed, string.Join("; ", slow.Select(d => d.Answer is null
                ? $"“{d.Question}” not answered"
                : $"“{d.Question}” took {ExerciseRules.Minutes(d.Answer.TookSeconds)}")));
        }
        if (open.Count > 0)
        {
            return new ExpectationResult(expectation, ExpectationOutcome.NotTested, "a question is still open");
        }
        return new ExpectationResult(expectation, ExpectationOutcome.Met,
            string.Join("; ", asked.Select(d => $"“{d.Question}” in {ExerciseRules.Minutes(d.Answer!.TookSeconds)}")));
    }

    private static List<PlaybookStepResult> Steps(IncidentPlaybookRun? run) => run is null ? [] : run.Content.Steps
        .Select(s => run.RecordOf(s.Id) is { } record
            ? new PlaybookStepResult(s.Id, s.Text, s.Owner, record.Outcome == StepOutcome.Done ? "done" : $"skipped: {record.Note}", record.By)
            : new PlaybookStepResult(s.Id, s.Text, s.Owner, "missed", null))
        .ToList();

    private static List<CadenceResult> Cadence(IncidentStatusUpdates? updates)
    {
        if (updates is null)
        {
            return [];
        }
        return updates.Schedule.Audiences.Select(a =>
        {
            var sent = updates.Updates.Count(u => u.Audience == a.Audience && u.State == StatusUpdateState.Sent);
            return a.Due.IsOverdue
                ? new CadenceResult(a.Audience, sent, false, $"{sent} sent; the next one is overdue by {ExerciseRules.Minutes(a.Due.OverdueBy?.TotalSeconds ?? 0)}")
                : new CadenceResult(a.Audience, sent, true, $"{sent} sent, on schedule");
        }).ToList();
    }

    /// <summary>The review as Markdown; every text a person wrote is escaped (<see cref="UpdateExport"/>).</summary>
    public static string ToMarkdown(ExerciseReview review)
    {
        static string E(string? text) => UpdateExport.Inline(text);
        var md = new StringBuilder();
        var x = review.Exercise;
        md.AppendLine(CultureInfo.InvariantCulture, $"# After-action review: {E(x.ScenarioTitle)} ({x.IncidentKey})");
        md.AppendLine();
        md.AppendLine("EXERCISE — nothing in this exercise reached the real world.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Facilitator: {E(x.Facilitator)}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Scenario: {E(review.Scenario.Title)} (version {x.ScenarioVersion}, {review.Scenario.Archetype.Name()}, {E(review.Scenario.System)})");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Started: {Utc(x.StartedAt)}; finished: {Utc(x.FinishedAt)}; exercise time {ExerciseClock.Format(review.Elapsed)}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Follow-up exercise: {(x.FollowUpOn is { } on ? on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "not scheduled")}");
        md.AppendLine();
        md.AppendLine("## Decisions");
        md.AppendLine();
        md.AppendLine("| Role | Question | Answered by | Answer | Time | Limit | Outcome |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var d in review.Decisions)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {d.Role.Title()} | {E(d.Question)} | {E(d.Answer?.AnsweredBy ?? "—")} | {E(d.Answer?.Answer ?? "—")} | " +
                $"{(d.Answer is null ? "—" : ExerciseRules.Minutes(d.Answer.TookSeconds))} | {d.TimeLimitMinutes} min | {Outcome(d.State)} |");
        }
        foreach (var d in review.Decisions.Where(d => d.Answer is not null))
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"Reasoning of {E(d.Answer!.AnsweredBy)} on “{E(d.Question)}”:");
            md.AppendLine();
            md.AppendLine(UpdateExport.Block(d.Answer.Reasoning));
        }
        md.AppendLine();
        md.AppendLine("## Expectations");
        md.AppendLine();
        foreach (var e in review.Expectations)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {Label(e.Outcome)}: {E(e.Expectation.Text)} ({E(e.Detail)})");
        }
        Section(md, "Playbook steps" + (review.PlaybookTitle is null ? "" : $" ({E(review.PlaybookTitle)})"),
            review.PlaybookSteps.Select(s => $"{s.Outcome switch { "done" => "Done", "missed" => "Missed", _ => "Skipped" }}: {E(s.Text)} ({s.Owner.Title()})"
                + (s.Outcome.StartsWith("skipped", StringComparison.Ordinal) ? $" — {E(s.Outcome)}" : "")));
        Section(md, "Update cadence", review.Cadence.Select(c => $"{c.Audience}: {(c.Kept ? "kept" : "not kept")} ({E(c.Detail)})"));
        Section(md, "Gaps found", review.Gaps.Select(E));
        Section(md, "Lessons", review.Lessons.Select(l => $"{E(l.Text)} ({E(l.By)})"));
        Section(md, "Proposed playbook changes", review.PlaybookProposals.Select(p => $"{E(p.Text)} ({E(p.By)})"));
        Section(md, "Action items", review.ActionItems.Select(a => $"#{a.Id} {E(a.Title)} — {E(a.Owner)}, due {a.DueDate:yyyy-MM-dd} ({a.Status})"));
        md.AppendLine();
        md.AppendLine("## Timeline");
        md.AppendLine();
        foreach (var entry in review.Timeline.OrderBy(t => t.Sequence))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {entry.OccurredAt:HH:mm:ss} UTC · {entry.Kind} · {E(entry.Author)}: {E(entry.Text)}");
        }
        return md.ToString();
    }

    private static void Section(StringBuilder md, string heading, IEnumerable<string> lines)
    {
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"## {heading}");
        md.AppendLine();
        var any = false;
        foreach (var line in lines)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {line}");
            any = true;
        }
        if (!any)
        {
            md.AppendLine("None.");
        }
    }

    public static string Outcome(DecisionState state) => state switch
    {
        DecisionState.OnTime => "on time",
        DecisionState.Late => "late",
        DecisionState.Missed => "missed",
        _ => "open",
    };

    public static string Label(ExpectationOutcome outcome) => outcome switch
    {
        ExpectationOutcome.Met => "Met",
        ExpectationOutcome.Missed => "Missed",
        _ => "Not tested",
    };

    private static string Utc(DateTime? time) => time is { } t ? t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "—";

    private static string Article(string noun) => noun.Length > 0 && "AEIOU".Contains(char.ToUpperInvariant(noun[0])) ? "an" : "a";
}
