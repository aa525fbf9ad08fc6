namespace CommandCenter.Core.Detection;

/// <summary>
/// Lone UTF-16 surrogates: a JSON escape like <c>"\ud800"</c> is valid JSON but not text. Such a string can be neither
/// stored as UTF-8 nor written back out as JSON, so ingestion refuses it by field, and never echoes it in an answer.
/// </summary>
public static class UnicodeText
{
    /// <summary>False when the text has a high surrogate without its low one, or a low one on its own.</summary>
    public static bool IsValid(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Safe to put in an answer: lone surrogates become U+FFFD.</summary>
    public static string Printable(string text)
    {
        if (IsValid(text))
        {
            return text;
        }
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }
        return new string(chars);
    }

    /// <summary>At most <paramref name="length"/> characters for a message, printable, never ending in half a pair.</summary>
    public static string Shorten(string? text, int length = 20)
    {
        var clean = Printable(text ?? "");
        if (clean.Length <= length)
        {
            return clean;
        }
        return clean[..(char.IsHighSurrogate(clean[length - 1]) ? length - 1 : length)] + "…";
    }

    public static string Refusal(string what) =>
        $"{what} is not valid Unicode text (it contains a lone UTF-16 surrogate, such as an unpaired \\uD800 escape).";
}
