using System.Globalization;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Simulation;

/// <summary>A point of a signal's curve: its value (and blast radius) at a minute from T0; values in between are interpolated.</summary>
public sealed record CurvePoint(double Minute, double Value, double? Affected = null);

/// <summary>
/// One monitored metric of the failing system: sampled every <see cref="EveryMinutes"/> along its curve. An alert (with a
/// fingerprint) fires while the curve breaches the threshold and resolves when it comes back; user reports just arrive.
/// </summary>
public sealed record SignalTrack(
    SignalKind Kind,
    double? Threshold,
    double EveryMinutes,
    IReadOnlyList<CurvePoint> Curve,
    Func<double, string> Describe,
    IReadOnlyDictionary<string, string>? Labels = null,
    string AffectedLabel = "affected_users",
    bool IsAlert = true)
{
    public double Start => Curve[0].Minute;

    public double End => Curve[^1].Minute;

    /// <summary>The curve's value (and blast radius) at <paramref name="minute"/>, linear between points.</summary>
    public (double Value, double? Affected) At(double minute)
    {
        if (minute <= Curve[0].Minute)
        {
            return (Curve[0].Value, Curve[0].Affected);
        }
        for (var i = 1; i < Curve.Count; i++)
        {
            var (a, b) = (Curve[i - 1], Curve[i]);
            if (minute <= b.Minute)
            {
                var t = (minute - a.Minute) / (b.Minute - a.Minute);
                return (a.Value + (b.Value - a.Value) * t,
                    a.Affected is { } fa && b.Affected is { } fb ? fa + (fb - fa) * t : b.Affected ?? a.Affected);
            }
        }
        return (Curve[^1].Value, Curve[^1].Affected);
    }

    /// <summary>Rates (0..1) are clamped to that range by the noise; counts and milliseconds to zero and above.</summary>
    public bool IsRate => Kind is SignalKind.TaskCompletionRate or SignalKind.ToxicityRate or SignalKind.PromptInjectionHit
        or SignalKind.GroundingScore or SignalKind.DownvoteRate;

    public bool IsCount => Kind is SignalKind.PiiDetectorHit or SignalKind.UnauthorizedAgentAction or SignalKind.UserReport;
}

/// <summary>A change to the system before (the likely cause) or during (a mitigation) the failure.</summary>
public sealed record ScenarioChange(double Minute, ChangeKind Kind, string Summary, string? FromVersion, string? ToVersion, string Author);

/// <summary>A realistic failure of one system of the demo inventory, as its monitoring would report it.</summary>
public sealed record Scenario(
    Archetype Archetype,
    string System,
    string Title,
    string Story,
    IReadOnlyList<ScenarioChange> Changes,
    IReadOnlyList<SignalTrack> Tracks,
    string Region = "eu-west")
{
    public string Code => Archetype.Code();

    public static string Percent(double value) => value.ToString("0.0%", CultureInfo.InvariantCulture);

    public static string Number(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);
}
