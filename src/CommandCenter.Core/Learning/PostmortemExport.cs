using System.Globalization;
using System.Text;
using CommandCenter.Core.Communications;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Learning;

/// <summary>
/// A postmortem as Markdown. Everything people typed goes through <see cref="UpdateExport.Block"/> or
/// <see cref="UpdateExport.Inline"/>, so the export's own headings and lists are its only structure.
/// </summary>
public static class PostmortemExport
{
    public static string ToMarkdown(IncidentSummary incident, PostmortemView postmortem, IReadOnlyList<TimelineEntryView> timeline,
        IReadOnlyList<ActionItemView> actionItems)
    {
        var md = new StringBuilder();
        md.Append("# Postmortem: ").Append(UpdateExport.Inline(incident.Key)).Append(" — ").Append(UpdateExport.Inline(incident.Title)).Append('\n');
        md.Append('\n').Append(incident.Severity.Label()).Append(" · ").Append(incident.Archetype.Name()).Append(" · ")
            .Append(UpdateExport.Inline(incident.SystemName)).Append(" · ").Append(postmortem.State.Label());
        if (postmortem.PublishedAt is { } published)
        {
            md.Append(" ").Append(Utc(published)).Append(" by ").Append(UpdateExport.Inline(postmortem.PublishedBy));
        }
        md.Append('\n');
        if (postmortem.Reviewers.Count > 0)
        {
            md.Append('\n').Append("Reviewers: ").Append(UpdateExport.Inline(string.Join(", ", postmortem.Reviewers))).Append('\n');
        }
        var c = postmortem.Content;
        Section(md, "Summary", c.Summary);
        md.Append('\n').Append("## Key moments\n\n");
        var bySequence = timeline.ToDictionary(e => e.Sequence);
        var pinned = c.KeyMoments.Where(bySequence.ContainsKey).Select(s => bySequence[s]).OrderBy(e => e.OccurredAt).ToList();
        if (pinned.Count == 0)
        {
            md.Append("None pinned.\n");
        }
        foreach (var e in pinned)
        {
            md.Append("- ").Append(Utc(e.OccurredAt)).Append(" (#").Append(e.Sequence.ToString(CultureInfo.InvariantCulture)).Append(") ")
                .Append(UpdateExport.Inline(e.Text)).Append('\n');
        }
        Section(md, "Impact", c.Impact);
        Section(md, "Detection review", c.DetectionReview);
        Section(md, "Response review", c.ResponseReview);
        Section(md, "Root cause", c.RootCause);
        md.Append('\n').Append("### Contributing factors\n\n");
        if (c.Factors.Count == 0)
        {
            md.Append("None listed.\n");
        }
        foreach (var f in c.Factors)
        {
            md.Append("- **").Append(f.Factor.Label()).Append("**");
            if (!string.IsNullOrWhiteSpace(f.Note))
            {
                md.Append(": ").Append(UpdateExport.Inline(f.Note));
            }
            if (f.Evidence.Count > 0)
            {
                md.Append(" (evidence: ").Append(string.Join(", ", f.Evidence.Select(s => "#" + s.ToString(CultureInfo.InvariantCulture)))).Append(')');
            }
            md.Append('\n');
        }
        Section(md, "Prevention plan", c.PreventionPlan);
        md.Append('\n').Append("## Action items\n\n");
        if (actionItems.Count == 0)
        {
            md.Append("None yet.\n");
        }
        foreach (var a in actionItems)
        {
            md.Append("- ").Append(UpdateExport.Inline(a.Title)).Append(" — ").Append(a.Kind.Code()).Append(", ").Append(a.Priority.Code())
                .Append(", owner ").Append(UpdateExport.Inline(a.Owner)).Append(", due ").Append(a.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                .Append(", ").Append(a.Status.Label().ToLowerInvariant());
            if (a.TrackerUrl is not null && Uri.TryCreate(a.TrackerUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                md.Append(" (<").Append(url.AbsoluteUri.Replace(">", "%3E", StringComparison.Ordinal)).Append(">)");
            }
            md.Append('\n');
        }
        return md.ToString();
    }

    private static void Section(StringBuilder md, string heading, string text)
    {
        md.Append('\n').Append("## ").Append(heading).Append("\n\n");
        md.Append(string.IsNullOrWhiteSpace(text) ? "Not written." : UpdateExport.Block(text)).Append('\n');
    }

    private static string Utc(DateTime time) => time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
