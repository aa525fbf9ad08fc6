using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using CommandCenter.Core.Common;

namespace CommandCenter.Core.Incidents;

/// <summary>
/// An incident's key (INC-2026-0042, or EX-2026-0003 for an exercise), normalised once: trimmed and upper-case, so two
/// keys are equal exactly when they name the same incident, however they were typed, routed or posted.
/// </summary>
public readonly partial record struct IncidentKey
{
    private readonly string? _value;

    private IncidentKey(string value) => _value = value;

    public string Value => _value ?? "";

    /// <summary>A key as typed or routed; one that is not shaped like a key names no incident (404, as an unknown one).</summary>
    /// <exception cref="NotFoundException">The text is not an incident key.</exception>
    public static IncidentKey Parse(string? text) =>
        TryParse(text, out var key) ? key : throw new NotFoundException($"No incident {text}.");

    /// <summary>Whether <paramref name="text"/> is shaped like an incident key (INC- or EX-, a year, a number), normalised.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out IncidentKey key)
    {
        var normalized = text is null ? null : Normalize(text);
        key = normalized is not null && Shape().IsMatch(normalized) ? new IncidentKey(normalized) : default;
        return key._value is not null;
    }

    /// <summary>
    /// The normal form a key is stored and compared in, for lookups that answer "no incident" themselves: text that is no
    /// key comes back trimmed and upper-case too, and matches nothing.
    /// </summary>
    public static string Normalize(string text) => text.Trim().ToUpperInvariant();

    /// <summary>Whether two keys as typed name the same incident.</summary>
    public static bool Same(string? a, string? b) => a is not null && b is not null && Normalize(a) == Normalize(b);

    public override string ToString() => Value;

    [GeneratedRegex(@"^(INC|EX)-\d{4}-\d{4,6}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
