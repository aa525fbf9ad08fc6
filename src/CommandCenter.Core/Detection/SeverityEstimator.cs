using System.Globalization;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Systems;

namespace CommandCenter.Core.Detection;

/// <summary>An estimate with the reasons a responder reads next to it (the Incident Commander can always override).</summary>
public sealed record SeverityEstimate(Severity Severity, IReadOnlyList<string> Reasons);

public static class SeverityEstimator
{
    public static SeverityEstimate Estimate(IReadOnlyCollection<SignalReading> readings, RiskTier riskTier, DetectionRules rules)
    {
        var severity = rules.Baseline;
        var reasons = new List<string>();

        foreach (var rule in rules.SeverityRules.Where(rule => readings.Any(rule.Matches)))
        {
            if (rule.AtLeast < severity)
            {
                severity = rule.AtLeast;
            }
            reasons.Add($"{rule.Reason} → at least {rule.AtLeast.Label()}");
        }

        if (readings.Any(r => r.Kind == SignalKind.PiiDetectorHit && IsTrue(r.Label("confirmed"))))
        {
            if (rules.ConfirmedPersonalDataAtLeast < severity)
            {
                severity = rules.ConfirmedPersonalDataAtLeast;
            }
            reasons.Add($"confirmed personal-data exposure → at least {rules.ConfirmedPersonalDataAtLeast.Label()}");
        }

        var affected = readings.SelectMany(r => rules.BlastRadiusLabels.Select(r.Label))
            .Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(0).Max();
        var step = rules.BlastRadius.Where(s => affected >= s.AtLeastAffected).MaxBy(s => s.AtLeastAffected);
        if (step is not null)
        {
            severity = Raise(severity, step.RaiseBy);
            reasons.Add($"blast radius {affected.ToString("N0", CultureInfo.InvariantCulture)} affected → raised {step.RaiseBy} level(s)");
        }

        if (rules.RaisingRiskTiers.Contains(riskTier))
        {
            var raised = Raise(severity, 1);
            if (raised != severity)
            {
                severity = raised;
                reasons.Add($"{riskTier.ToString().ToLowerInvariant()}-risk system → raised 1 level");
            }
        }

        if (reasons.Count == 0)
        {
            reasons.Add($"no rule matched → {rules.Baseline.Label()}");
        }
        return new SeverityEstimate(severity, reasons);
    }

    private static Severity Raise(Severity severity, int levels) => (Severity)Math.Max(1, (int)severity - levels);

    private static bool IsTrue(string? value) => value is not null
        && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1" || value.Equals("yes", StringComparison.OrdinalIgnoreCase));
}
