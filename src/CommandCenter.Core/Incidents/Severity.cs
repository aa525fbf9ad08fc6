using System.Text.Json.Serialization;

namespace CommandCenter.Core.Incidents;

/// <summary>SEV-1 is the worst. Serialized as <c>SEV1</c>..<c>SEV4</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
public enum Severity
{
    [JsonStringEnumMemberName("SEV1")] Sev1 = 1,
    [JsonStringEnumMemberName("SEV2")] Sev2 = 2,
    [JsonStringEnumMemberName("SEV3")] Sev3 = 3,
    [JsonStringEnumMemberName("SEV4")] Sev4 = 4,
}

public static class SeverityText
{
    public const string Allowed = "SEV1, SEV2, SEV3, SEV4";

    /// <summary>Accepts SEV1, sev-1, SEV 1 or a bare 1..4.</summary>
    public static Severity? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var compact = value.Trim().ToUpperInvariant().Replace("-", "").Replace(" ", "").Replace("_", "");
        if (compact.StartsWith("SEV", StringComparison.Ordinal))
        {
            compact = compact[3..];
        }
        return compact is ['1' or '2' or '3' or '4'] ? (Severity)(compact[0] - '0') : null;
    }

    public static string Code(this Severity severity) => $"SEV{(int)severity}";

    public static string Label(this Severity severity) => $"SEV-{(int)severity}";

    public static string Meaning(this Severity severity) => severity switch
    {
        Severity.Sev1 => "Critical: widespread harm or a stopped service",
        Severity.Sev2 => "Major: significant harm or degraded for many",
        Severity.Sev3 => "Minor: limited impact, workaround exists",
        _ => "Low: cosmetic or a single user",
    };
}
