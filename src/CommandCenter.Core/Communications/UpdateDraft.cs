using System.Globalization;
using System.Text.RegularExpressions;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Communications;

/// <summary>What the composer needs to know about the incident, without the timeline.</summary>
public sealed record IncidentFacts(string Title, string Summary, string SystemName, Archetype Archetype, Severity Severity,
    IncidentStatus Status, DateTime? ImpactStartedAt = null, int? AffectedUsers = null)
{
    public string ArchetypeLabel => Archetype.Name();

    public static IncidentFacts From(IncidentDetail detail) => new(detail.Incident.Title, detail.Summary, detail.Incident.SystemName,
        detail.Incident.Archetype, detail.Incident.Severity, detail.Incident.Status,
        detail.Phases.ImpactStartedAt ?? detail.Phases.DetectedAt, detail.Exposure?.AffectedUsers);
}

/// <summary>
/// Prefills a "What We Know" update from the timeline so the Communications Lead edits rather than starts blank. The
/// heuristics are deliberately simple enough to explain in one line each; the author reads and corrects every part.
/// </summary>
public static partial class UpdateDraft
{
    public const int MaxBullets = 5;
    public const int MaxBulletLength = 240;
    public const int MaxSummaryLength = 600;

    /// <summary>How far back actions and status changes count as what we are doing now.</summary>
    public static readonly TimeSpan RecentWindow = TimeSpan.FromHours(6);

    public const string DontKnowYetPrompt =
        "- Scope of affected users — still being established.\n"
        + "- Root cause — not confirmed yet.\n"
        + "- Whether any data left the system — being checked.";

    /// <summary>
    /// WhatHappened: the summary, the severity and system, the first signal and the declaration.
    /// WhatWeAreTesting: notes and decisions with a word starting test, check, suspect, hypothes, investigat or verif.
    /// WhatWeAreDoing: actions and status changes of the last <see cref="RecentWindow"/>.
    /// WhatWeDontKnowYet: a prompt for the author. NextUpdateAt: now plus the audience's cadence.
    /// Parts the timeline has nothing for stay empty, so validation asks the author to write them. Corrected entries are
    /// read as corrected: the correction counts, the original does not.
    /// </summary>
    public static StatusUpdateContent FromTimeline(IReadOnlyList<TimelineEntryView> entries, IncidentFacts incident,
        UpdateAudience audience, DateTime now, UpdateCadence cadence)
    {
        if (audience.IsExternal())
        {
            return ForOutside(incident, now, now + NextInterval(incident.Severity, audience, cadence));
        }
        var current = entries.Where(e => !e.IsCorrected).ToList();
        var newestFirst = TimelineView.Order(current);
        var oldestFirst = newestFirst.Reverse().ToList();

        var happened = new List<string>
        {
            Shorten(string.IsNullOrWhiteSpace(incident.Summary) ? incident.Title : incident.Summary, MaxSummaryLength),
            $"{incident.Severity.Label()} {incident.ArchetypeLabel.ToLowerInvariant()} on {incident.SystemName}; status: {incident.Status.ToString().ToLowerInvariant()}.",
        };
        var firstSignal = oldestFirst.FirstOrDefault(e => e.Kind == TimelineEntryKind.Signal);
        if (firstSignal is not null)
        {
            happened.Add($"First signal ({Time(firstSignal.OccurredAt)}): {Shorten(firstSignal.Text, MaxBulletLength)}");
        }
        var declaration = oldestFirst.FirstOrDefault(IsDeclaration);
        if (declaration is not null)
        {
            happened.Add($"{Shorten(declaration.Text, MaxBulletLength)} ({Time(declaration.OccurredAt)})");
        }

        var testing = newestFirst
            .Where(e => e.Kind is TimelineEntryKind.Note or TimelineEntryKind.Decision && ReadsLikeHypothesis(e.Text))
            .Take(MaxBullets)
            .Select(Bullet);

        var doing = newestFirst
            .Where(e => e.OccurredAt >= now - RecentWindow)
            .Where(e => e.Kind == TimelineEntryKind.Action || (e.Kind == TimelineEntryKind.StatusChange && !IsDeclaration(e)))
            .Take(MaxBullets)
            .Select(Bullet);

        return new StatusUpdateContent(
            Bullets(happened),
            string.Join('\n', testing),
            string.Join('\n', doing),
            DontKnowYetPrompt,
            now + NextInterval(incident.Severity, audience, cadence));
    }

    /// <summary>
    /// Customers and regulators get a draft built only from what is meant for them: the impact in plain words (which
    /// system, since when, how many people when Legal has recorded it), what we are doing by phase, and the unknowns.
    /// Never the timeline: notes, decisions, people's names, step ids and internal labels such as "SEV-2" stay inside.
    /// </summary>
    private static StatusUpdateContent ForOutside(IncidentFacts incident, DateTime now, DateTime nextUpdateAt)
    {
        var since = incident.ImpactStartedAt is { } start && start <= now
            ? $"Since {start.ToString("d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture)} UTC, "
            : "";
        var happened = new List<string> { $"{since}{incident.SystemName} has been affected by {OutsideDescription(incident.Archetype)}." };
        if (incident.AffectedUsers is { } users and > 0)
        {
            happened.Add($"We currently estimate that {users.ToString("N0", CultureInfo.InvariantCulture)} {(users == 1 ? "person was" : "people were")} affected.");
        }
        return new StatusUpdateContent(
            Bullets(happened),
            "- We are confirming the cause and exactly who was affected.",
            Bullets([OutsideProgress(incident.Status)]),
            DontKnowYetPrompt,
            nextUpdateAt);
    }

    /// <summary>Each archetype in words a customer or a regulator reads without our vocabulary.</summary>
    public static string OutsideDescription(Archetype archetype) => archetype switch
    {
        Archetype.PromptInjection => "crafted input that made the AI assistant depart from its instructions",
        Archetype.DataLeakage => "responses that may have shown information that should not have been visible",
        Archetype.ModelManipulation => "deliberate attempts to change how the AI model behaves",
        Archetype.Misinformation => "answers that were incorrect or misleading",
        Archetype.Toxicity => "responses containing offensive or harmful content",
        Archetype.AgenticMisalignment => "automated actions that went beyond what the system was meant to do",
        Archetype.ModelDrift => "a gradual decline in the quality of its results",
        _ => "an issue with its AI features",
    };

    /// <summary>What we are doing, said by where the response stands rather than by who did what.</summary>
    public static string OutsideProgress(IncidentStatus status) => status switch
    {
        IncidentStatus.Detected or IncidentStatus.Triaged =>
            "Our response team is investigating and has taken charge of the issue.",
        IncidentStatus.Contained =>
            "We have put measures in place that stop the issue from continuing while we work on a lasting fix.",
        IncidentStatus.Recovered =>
            "The service is working normally again; we are monitoring it closely.",
        _ => "The issue is resolved. We are reviewing what happened so that it does not recur.",
    };

    /// <summary>Words that start like test, check, suspect, hypothesis, investigate or verify, so "latest" does not count.</summary>
    public static bool ReadsLikeHypothesis(string text) => HypothesisWords().IsMatch(text);

    [GeneratedRegex(@"\b(test|check|suspect|hypothes|investigat|verif)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HypothesisWords();

    /// <summary>The audience's interval; an audience without a cadence gets the internal one, and never beyond the 24-hour limit.</summary>
    private static TimeSpan NextInterval(Severity severity, UpdateAudience audience, UpdateCadence cadence)
    {
        var every = (cadence.For(severity, audience) ?? cadence.For(severity, UpdateAudience.Internal))?.Every
            ?? StatusUpdateContent.MaxNextUpdateAhead;
        return every < StatusUpdateContent.MaxNextUpdateAhead ? every : StatusUpdateContent.MaxNextUpdateAhead;
    }

    private static bool IsDeclaration(TimelineEntryView entry) =>
        entry.Kind == TimelineEntryKind.StatusChange && entry.Text.StartsWith("Incident declared", StringComparison.OrdinalIgnoreCase);

    private static string Bullet(TimelineEntryView entry) => $"- {Shorten(entry.Text, MaxBulletLength)} ({Time(entry.OccurredAt)})";

    private static string Bullets(IEnumerable<string> lines) => string.Join('\n', lines.Select(l => "- " + l));

    private static string Time(DateTime time) => time.ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static string Shorten(string text, int max)
    {
        var oneLine = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= max ? oneLine : oneLine[..(max - 1)].TrimEnd() + "…";
    }
}
