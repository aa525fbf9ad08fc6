using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CommandCenter.Core.Communications;

/// <summary>
/// The record of what each audience was told, for the postmortem and for regulators. Everything people typed is escaped
/// (<see cref="Block"/>, <see cref="Inline"/>), so the export's own headings and "Next update" lines are the only structure
/// in it and a renderer shows no raw HTML and follows no script link.
/// </summary>
public static partial class UpdateExport
{
    /// <summary>One section per sent update, oldest first; drafts and unsent text are left out because nobody received them.</summary>
    public static string ToMarkdown(string incidentKey, string incidentTitle, IReadOnlyList<StatusUpdate> updates)
    {
        var sent = updates.Where(u => u.State == StatusUpdateState.Sent).OrderBy(u => u.SentAt).ThenBy(u => u.Id).ToList();
        var md = new StringBuilder();
        md.Append("# Status updates: ").Append(Inline(incidentKey)).Append(" — ").Append(Inline(incidentTitle)).Append('\n');
        if (sent.Count == 0)
        {
            md.Append('\n').Append("No update has been sent yet.\n");
            return md.ToString();
        }
        for (var i = 0; i < sent.Count; i++)
        {
            var u = sent[i];
            md.Append('\n').Append("## ").Append(i + 1).Append(". ").Append(u.Audience.Label()).Append(" — sent ").Append(Utc(u.SentAt)).Append('\n');
            md.Append('\n').Append("Sent by ").Append(Inline(u.SentBy)).Append("; drafted by ").Append(Inline(u.DraftedBy));
            if (u.ApprovedBy is not null)
            {
                md.Append("; approved by ").Append(Inline(u.ApprovedBy)).Append(" (Legal/Compliance Liaison) at ").Append(Utc(u.ApprovedAt));
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
        md.Append(Block(text)).Append('\n');
    }

    /// <summary>
    /// A person's multi-line text as Markdown that renders as exactly that text: inline escaping (<see cref="Inline"/>)
    /// on every line, and a line that would start a heading, list, quote, rule, fence, table or setext underline has
    /// that first character escaped.
    /// </summary>
    public static string Block(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        return string.Join('\n', lines.Select(line => EscapeLineStart(Inline(line, oneLine: false))));
    }

    /// <summary>
    /// Text for the middle of a Markdown line: one line, backslashes and Markdown punctuation escaped, HTML as entities
    /// (so no tag, comment or autolink survives) and script-capable URL schemes broken (<c>javascript\:</c>).
    /// </summary>
    public static string Inline(string? text) => Inline(text ?? "", oneLine: true);

    private static string Inline(string text, bool oneLine)
    {
        var md = new StringBuilder(text.Length + 16);
        foreach (var c in oneLine ? text.Replace('\n', ' ').Replace('\r', ' ').Trim() : text)
        {
            switch (c)
            {
                case '&': md.Append("&amp;"); break;
                case '<': md.Append("&lt;"); break;
                case '>': md.Append("&gt;"); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '~' or '|' or '!':
                    md.Append('\\').Append(c);
                    break;
                default:
                    md.Append(char.IsControl(c) && c != '\t' ? ' ' : c);
                    break;
            }
        }
        return ScriptScheme().Replace(md.ToString(), m => m.Groups["scheme"].Value + "\\:");
    }

    private static string EscapeLineStart(string line)
    {
        var indent = line.Length - line.TrimStart(' ', '\t').Length;
        if (indent >= line.Length)
        {
            return line;
        }
        var rest = line[indent..];
        // An ordered-list marker is digits then '.' or ')': the punctuation is what gets escaped.
        var digits = rest.TakeWhile(char.IsAsciiDigit).Count();
        if (digits > 0 && digits < rest.Length && rest[digits] is '.' or ')')
        {
            return line[..(indent + digits)] + "\\" + line[(indent + digits)..];
        }
        return rest[0] is '#' or '-' or '+' or '=' ? line[..indent] + "\\" + rest : line;
    }

    [GeneratedRegex(@"(?<scheme>javascript|vbscript|data|file)\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ScriptScheme();

    private static string Utc(DateTime? time) =>
        time is null ? "?" : time.Value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
