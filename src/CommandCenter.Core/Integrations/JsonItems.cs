using System.Text.Json;
using CommandCenter.Core.Detection;

namespace CommandCenter.Core.Integrations;

/// <summary>One item of a batch as read from a payload: the signal, or the field that made it unreadable and why.</summary>
public sealed record PayloadItem(IncomingSignal? Signal, string? Field = null, string? Error = null)
{
    public static PayloadItem Unreadable(string field, string error) => new(null, field, error);
}

/// <summary>Reading batch items one by one, so an unreadable item is reported by itself instead of failing the batch.</summary>
internal static class JsonItems
{
    /// <summary>
    /// The field a JsonException points at (relative to the item, from its path) and a message for the sender. Text with
    /// a lone UTF-16 surrogate escape (<c>"\ud800"</c>) cannot become a .NET string: the reader reports that as an
    /// InvalidOperationException inside the JsonException.
    /// </summary>
    public static (string? Field, string Message) Describe(JsonException ex, string item)
    {
        var field = ex.Path is ['$', '.', .. var rest] && rest.Length > 0 ? UnicodeText.Printable(rest) : null;
        if (IsInvalidText(ex))
        {
            return (field, NotText(field is null ? $"A text in this {item}" : $"'{field}'"));
        }
        // The serializer's own message names .NET types; say where instead.
        return (field, field is null
            ? $"Not a valid {item}: the JSON has the wrong shape (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})."
            : $"'{field}' has the wrong type.");
    }

    public static bool IsInvalidText(JsonException ex) => ex.InnerException is InvalidOperationException;

    public static string NotText(string what) => UnicodeText.Refusal(what);

    /// <summary>A string value's text, numbers and booleans as written; false for a string that is not valid Unicode.</summary>
    public static bool TryGetText(JsonElement value, out string text)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            text = value.GetRawText();
            return true;
        }
        try
        {
            text = value.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    /// <summary>A property's name; false when it is not valid Unicode.</summary>
    public static bool TryGetName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }
}
