using System.Globalization;
using System.Text;
using CommandCenter.Core.Communications;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Playbooks;

namespace CommandCenter.Core.Learning;

/// <summary>What the incident already knows, gathered for the postmortem's first draft.</summary>
public sealed record PostmortemFacts(
    Incident Incident,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<PlaybookStepRecord> Steps,
    IReadOnlyList<DateTime> InternalUpdatesSentAt,
    DateTime? FirstCandidateAt,
    CadenceRule? InternalCadence);

/// <summary>
/// The first draft of a postmortem, written from the incident's record: key moments pinned from the timeline, and the
/// impact, detection and response reviews as text with the times filled in. People edit from there.
/// </summary>
public static class PostmortemPrefill
{
    /// <summary>The timeline kinds worth pinning as key moments.</summary>
    public static bool IsKeyMoment(TimelineEntry entry) => entry.CorrectsSequence is null
        && (entry.Kind is TimelineEntryKind.StatusChange or TimelineEntryKind.SeverityChange or TimelineEntryKind.Decision or TimelineEntryKind.Communication
            || (entry.Kind == TimelineEntryKind.Action && entry.Text.Contains("contain", StringComparison.OrdinalIgnoreCase)));

    public static PostmortemContent From(PostmortemFacts facts)
    {
        var i = facts.Incident;
        return new PostmortemContent(
            Summary: $"{i.Title}. {i.Summary}".Trim(),
            KeyMoments: facts.Timeline.Where(IsKeyMoment).Select(e => e.Sequence).Order().ToList(),
            Impact: Impact(i),
            DetectionReview: Detection(facts),
            ResponseReview: Response(facts),
            RootCause: "",
            Factors: [],
            PreventionPlan: "");
    }

    private static string Impact(Incident i)
    {
        var text = new StringBuilder("Time in each phase:\n");
        var phases = new (string Name, DateTime? From, DateTime? To)[]
        {
            ("Impact before detection", i.ImpactStartedAt, i.DetectedAt),
            ("Detected", i.DetectedAt, i.TriagedAt),
            ("Triaged", i.TriagedAt, i.ContainedAt),
            ("Contained", i.ContainedAt, i.RecoveredAt),
            ("Recovered", i.RecoveredAt, i.ResolvedAt),
        };
        foreach (var (name, from, to) in phases.Where(p => p.From is not null && p.To is not null))
        {
            text.Append("- ").Append(name).Append(": ").Append(Duration(to!.Value - from!.Value)).Append('\n');
        }
        var exposure = i.Exposure;
        text.Append('\n').Append("Affected users: ").Append(exposure.AffectedUsers is { } n ? n.ToString("N0", CultureInfo.InvariantCulture) : "not recorded").Append('\n');
        text.Append("Data exposed: ").Append(exposure.DataCategories.Count == 0 ? "none recorded" : string.Join(", ", exposure.DataCategories))
            .Append(exposure.Systems.Count == 0 ? "" : $" (in {string.Join(", ", exposure.Systems)})").Append('\n');
        if (i.Clocks.Count > 0)
        {
            text.Append("\nRegulatory clocks:\n");
            foreach (var c in i.Clocks)
            {
                text.Append("- ").Append(c.Name).Append(": ").Append(c.MetAt is { } met
                    ? met <= c.Deadline ? $"met {Duration(c.Deadline - met)} before the deadline" : $"met {Duration(met - c.Deadline)} late"
                    : "not met").Append('\n');
            }
        }
        return text.ToString().TrimEnd();
    }

    private static string Detection(PostmortemFacts facts)
    {
        var i = facts.Incident;
        var text = new StringBuilder();
        text.Append("Impact started: ").Append(Utc(i.ImpactStartedAt)).Append('\n');
        text.Append("First signal: ").Append(Utc(i.FirstSignalAt)).Append('\n');
        text.Append("Candidate formed: ").Append(Utc(facts.FirstCandidateAt)).Append('\n');
        text.Append("Declared: ").Append(Utc(i.DetectedAt)).Append('\n');
        text.Append("Time to detect: ").Append(i.Metrics.TimeToDetect is { } ttd ? Duration(ttd) : "unknown (impact start not recorded)").Append('\n');
        text.Append("\nWhat would have caught it sooner: ");
        return text.ToString();
    }

    private static string Response(PostmortemFacts facts)
    {
        var m = facts.Incident.Metrics;
        var text = new StringBuilder();
        text.Append("Time to context: ").Append(Duration(m.TimeToContext)).Append('\n');
        text.Append("Time to triage: ").Append(Duration(m.TimeToTriage)).Append('\n');
        text.Append("Time to contain: ").Append(Duration(m.TimeToContain)).Append('\n');
        var done = facts.Steps.Count(s => s.Outcome == StepOutcome.Done);
        var skipped = facts.Steps.Where(s => s.Outcome == StepOutcome.Skipped).ToList();
        text.Append("Playbook steps: ").Append(done).Append(" done, ").Append(skipped.Count).Append(" skipped").Append('\n');
        foreach (var s in skipped)
        {
            text.Append("- skipped ").Append(s.StepId).Append(string.IsNullOrWhiteSpace(s.Note) ? "" : $": {s.Note}").Append('\n');
        }
        text.Append("Update cadence: ").Append(Cadence(facts)).Append('\n');
        text.Append("\nWhat went well: \nWhat did not: ");
        return text.ToString();
    }

    /// <summary>Kept when every internal update went out within the cadence (first one and each gap), missed otherwise.</summary>
    public static string Cadence(PostmortemFacts facts)
    {
        var rule = facts.InternalCadence;
        var sent = facts.InternalUpdatesSentAt.Order().ToList();
        if (rule is null || !rule.IsOn)
        {
            return $"{sent.Count} internal update(s) sent; no cadence configured for this severity";
        }
        if (sent.Count == 0)
        {
            return "missed: no internal update was sent";
        }
        var misses = 0;
        var previous = facts.Incident.DetectedAt;
        var allowed = rule.FirstWithin;
        foreach (var at in sent)
        {
            if (at - previous > allowed)
            {
                misses++;
            }
            previous = at;
            allowed = rule.Every;
        }
        return misses == 0 ? $"kept ({sent.Count} internal updates)" : $"missed {misses} time(s) across {sent.Count} internal updates";
    }

    internal static string Duration(TimeSpan? span) => span is not { } s ? "not reached"
        : s.TotalHours >= 48 ? $"{s.TotalDays:0.#} days"
        : s.TotalMinutes >= 90 ? $"{s.TotalHours:0.#} h"
        : $"{Math.Max(0, s.TotalMinutes):0} min";

    private static string Utc(DateTime? time) => time is { } t ? t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "not recorded";
}
