using System.Globalization;
using System.Text;

namespace CommandCenter.Core.Communications;

/// <summary>The record of what each audience was told, for the postmortem and for regulators.</summary>
public static class UpdateExport
{
    /// <summary>One section per sent update, oldest first; drafts and unsent text are left out because nobody received them.</summary>
    public static string ToMarkdown(string incidentKey, string incidentTitle, IReadOnlyList<StatusUpdate> updates)
    {
        var sent = updates.Where(u => u.State == StatusUpdateState.Sent).OrderBy(u => u.SentAt).ThenBy(u => u.Id).ToList();
        var md = new StringBuilder();
        md.Append("# Status updates: ").Append(incidentKey).Append(" — ").Append(OneLine(incidentTitle)).Append('\n');
        if (sent.Count == 0)
        {
            md.Append('\n').Append("No update has been sent yet.\n");
            return md.ToString();
        }
        for (var i = 0; i < sent.Count; i++)
        {
            var u = sent[i];
            md.Append('\n').Append("## ").Append(i + 1).Append(". ").Append(u.Audience.Label()).Append(" — sent ").Append(Utc(u.SentAt)).Append('\n');
            md.Append('\n').Append("Sent by ").Append(u.SentBy).Append("; drafted by ").Append(u.DraftedBy);
            if (u.ApprovedBy is not null)
            {
                md.Append("; approved by ").Append(u.ApprovedBy).Append(" (Legal/Compliance Liaison) at ").Append(Utc(u.ApprovedAt));
                if (u.ApprovedByAuthor)
                {
                    md.Append(", who also wrote it");
                }
            }
            md.Append(".\n");
            Part(md, "What happened", u.WhatHappened);
            Part(md, "What we are testing", u.WhatWeAreTesting);
            Part(md, "What we are doing", u.WhatWeAreDoing);
            Part(md, "What we don't know yet", u.WhatWeDontKnowYet);
            md.Append('\n').Append("**Next update:** by ").Append(Utc(u.NextUpdateAt)).Append('\n');
        }
        return md.ToString();
    }

    private static void Part(StringBuilder md, string heading, string text)
    {
        md.Append('\n').Append("### ").Append(heading).Append("\n\n");
        // A line the author began with '#' stays text instead of becoming a heading of the export.
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            md.Append(line.StartsWith('#') ? "\\" + line : line).Append('\n');
        }
    }

    private static string OneLine(string text) => text.Replace('\n', ' ').Replace('\r', ' ').Trim();

    private static string Utc(DateTime? time) =>
        time is null ? "?" : time.Value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
