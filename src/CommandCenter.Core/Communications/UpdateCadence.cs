using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Communications;

/// <summary>How soon the first update is due after detection, and how often after that.</summary>
public sealed class CadenceRule
{
    public TimeSpan FirstWithin { get; set; }
    public TimeSpan Every { get; set; }

    /// <summary>A rule with a zero interval is switched off; configuration cannot write null over a default.</summary>
    public bool IsOn => Every > TimeSpan.Zero && FirstWithin > TimeSpan.Zero;

    public static CadenceRule Of(TimeSpan firstWithin, TimeSpan every) => new() { FirstWithin = firstWithin, Every = every };
}

/// <summary>The cadence of one severity: internal and leadership share one rule, customers and regulators the other.</summary>
public sealed class SeverityCadence
{
    public CadenceRule? Internal { get; set; }
    public CadenceRule? External { get; set; }
}

/// <summary>
/// Configuration section "Communications:Cadence", e.g. <c>Communications:Cadence:Sev1:External:Every = 00:20:00</c>.
/// Defaults follow published incident-communication practice: the worse the incident, the sooner and more often people hear.
/// </summary>
public sealed class UpdateCadence
{
    public const string Section = "Communications:Cadence";

    public SeverityCadence Sev1 { get; set; } = new()
    {
        Internal = CadenceRule.Of(TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30)),
        External = CadenceRule.Of(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(20)),
    };

    public SeverityCadence Sev2 { get; set; } = new()
    {
        Internal = CadenceRule.Of(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(60)),
        External = CadenceRule.Of(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(60)),
    };

    public SeverityCadence Sev3 { get; set; } = new()
    {
        Internal = CadenceRule.Of(TimeSpan.FromHours(1), TimeSpan.FromHours(4)),
        External = CadenceRule.Of(TimeSpan.FromHours(4), TimeSpan.FromHours(8)),
    };

    /// <summary>SEV-4 has no external cadence: customers hear only if someone decides they should.</summary>
    public SeverityCadence Sev4 { get; set; } = new()
    {
        Internal = CadenceRule.Of(TimeSpan.FromHours(24), TimeSpan.FromHours(24)),
        External = null,
    };

    public SeverityCadence For(Severity severity) => severity switch
    {
        Severity.Sev1 => Sev1,
        Severity.Sev2 => Sev2,
        Severity.Sev3 => Sev3,
        _ => Sev4,
    };

    /// <summary>The rule for this severity and audience, or null when that audience has no cadence.</summary>
    public CadenceRule? For(Severity severity, UpdateAudience audience)
    {
        var bySeverity = For(severity);
        var rule = audience.IsExternal() ? bySeverity.External : bySeverity.Internal;
        return rule is { IsOn: true } ? rule : null;
    }
}
