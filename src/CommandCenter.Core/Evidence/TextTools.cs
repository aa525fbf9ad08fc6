using System.Text.RegularExpressions;

namespace CommandCenter.Core.Evidence;

public enum DiffKind
{
    Same,
    Removed,
    Added,
}

public sealed record DiffLine(DiffKind Kind, string Text, int? OldNumber, int? NewNumber);

/// <summary>A line diff (longest common subsequence) of two texts, e.g. two system-prompt versions.</summary>
public static class LineDiff
{
    public const int MaxLines = 5_000;

    public static IReadOnlyList<DiffLine> Compare(string older, string newer)
    {
        var a = Lines(older);
        var b = Lines(newer);
        if (a.Length > MaxLines || b.Length > MaxLines)
        {
            throw new Common.ValidationException(new Dictionary<string, string[]>
            {
                ["evidence"] = [$"A diff compares texts of up to {MaxLines} lines."],
            });
        }
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }
        var result = new List<DiffLine>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                result.Add(new DiffLine(DiffKind.Same, a[x], x + 1, y + 1));
                x++;
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                // Removed before added, as diff tools show a changed line.
                result.Add(new DiffLine(DiffKind.Removed, a[x], x + 1, null));
                x++;
            }
            else
            {
                result.Add(new DiffLine(DiffKind.Added, b[y], null, y + 1));
                y++;
            }
        }
        return result;
    }

    private static string[] Lines(string text) => text.Length == 0 ? [] : text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
}

/// <summary>Replaces e-mail addresses and phone numbers in a text, for a copy that can be shared more widely than the original.</summary>
public static partial class PiiRedaction
{
    public const string Email = "[email redacted]";
    public const string Phone = "[phone redacted]";

    public static (string Text, int Emails, int Phones) Redact(string text)
    {
        var emails = 0;
        var phones = 0;
        var withoutEmails = EmailPattern().Replace(text, _ => { emails++; return Email; });
        var redacted = PhonePattern().Replace(withoutEmails, m =>
        {
            // Dates and times (8 digits) stay; a number with a country or area code, or 9+ digits, goes.
            var digits = m.Value.Count(char.IsAsciiDigit);
            if (digits < 7 || (digits < 9 && m.Value[0] is not ('+' or '(')))
            {
                return m.Value;
            }
            phones++;
            return Phone;
        });
        return (redacted, emails, phones);
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex EmailPattern();

    // +44 20 7946 0958, (555) 010-4477, 0151-496-0123: a run of digits with the usual separators, judged by its digits above.
    [GeneratedRegex(@"(?<![\w])(?:\+\d{1,3}[ .\-]?)?(?:\(\d{1,4}\)[ .\-]?)?\d{2,4}(?:[ .\-]?\d{2,4}){1,4}(?![\w])", RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: 1000)]
    private static partial Regex PhonePattern();
}
