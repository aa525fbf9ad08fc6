using System.Globalization;
using System.Text;

namespace CommandCenter.Core.Common;

/// <summary>
/// Makes a value that came from a request safe to put in a log message: control characters (CR and LF above all, which
/// would start a fake log line, and ESC, which drives terminals) and the Unicode line and direction-override characters
/// become visible escapes (<c>\r</c>, <c>\n</c>, <c>\u001B</c>), and a long value is cut short.
/// </summary>
public static class LogText
{
    public const int DefaultMaxLength = 500;

    public static string Escape(string? value, int maxLength = DefaultMaxLength)
    {
        if (value is null)
        {
            return "";
        }
        var cut = value.Length > maxLength;
        var text = cut ? value[..maxLength] : value;
        if (!text.Any(NeedsEscape) && !cut)
        {
            return text;
        }
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\r' => escaped.Append("\\r"),
                '\n' => escaped.Append("\\n"),
                '\t' => escaped.Append("\\t"),
                '\0' => escaped.Append("\\0"),
                _ when NeedsEscape(c) => escaped.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)),
                _ => escaped.Append(c),
            };
        }
        return cut ? escaped.Append('…').ToString() : escaped.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
