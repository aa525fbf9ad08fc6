using System.Globalization;
using System.Text.Json.Serialization;

namespace CommandCenter.Core.Detection;

/// <summary>What one kind of signal has shown in a candidate: how often, when, and its worst reading.</summary>
public sealed class KindEvidence
{
    public int Count { get; set; }
    public DateTime FirstAt { get; set; }
    public DateTime LastAt { get; set; }
    public double? WorstValue { get; set; }
    public double? LastValue { get; set; }
    public double? Threshold { get; set; }

    /// <summary>How far the worst reading was past its threshold, relative to it (0.5 = 50 % past); 0 without a threshold.</summary>
    public double WorstDeviation { get; set; }
}

/// <summary>
/// A running summary of the signals in a candidate, kept instead of re-reading thousands of rows: per kind the count,
/// first and last time and the worst reading, plus the largest blast radius and whether personal data was confirmed.
/// The estimators read it through <see cref="Readings"/> and <see cref="Counts"/>.
/// </summary>
public sealed class CandidateEvidence
{
    private const int KeptSummaries = 3;

    public Dictionary<SignalKind, KindEvidence> Kinds { get; set; } = [];
    public double MaxAffected { get; set; }
    public bool ConfirmedPersonalData { get; set; }

    /// <summary>The latest few human-readable lines sources sent (alert summaries), newest last.</summary>
    public List<string> Summaries { get; set; } = [];

    [JsonIgnore]
    public int Count => Kinds.Values.Sum(k => k.Count);

    [JsonIgnore]
    public bool IsEmpty => Kinds.Count == 0;

    public void Add(SignalReading reading, DateTime occurredAt, string? summary, IReadOnlyList<string> blastRadiusLabels)
    {
        if (!Kinds.TryGetValue(reading.Kind, out var kind))
        {
            Kinds[reading.Kind] = kind = new KindEvidence { FirstAt = occurredAt, LastAt = occurredAt };
        }
        kind.Count++;
        kind.FirstAt = occurredAt < kind.FirstAt ? occurredAt : kind.FirstAt;
        kind.LastAt = occurredAt > kind.LastAt ? occurredAt : kind.LastAt;
        if (reading.Value is { } value)
        {
            kind.LastValue = value;
            var deviation = Deviation(reading.Kind, value, reading.Threshold);
            if (kind.WorstValue is null || IsWorse(reading.Kind, value, kind.WorstValue.Value))
            {
                kind.WorstValue = value;
                kind.Threshold = reading.Threshold ?? kind.Threshold;
                kind.WorstDeviation = Math.Max(kind.WorstDeviation, deviation);
            }
        }
        foreach (var label in blastRadiusLabels)
        {
            if (reading.Label(label) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var affected)
                && double.IsFinite(affected))
            {
                MaxAffected = Math.Max(MaxAffected, affected);
            }
        }
        if (reading.Kind == SignalKind.PiiDetectorHit && IsConfirmed(reading.Label("confirmed")))
        {
            ConfirmedPersonalData = true;
        }
        if (!string.IsNullOrWhiteSpace(summary))
        {
            Summaries.Remove(summary);
            Summaries.Add(summary);
            if (Summaries.Count > KeptSummaries)
            {
                Summaries.RemoveAt(0);
            }
        }
    }

    public void Merge(CandidateEvidence other)
    {
        foreach (var (kind, theirs) in other.Kinds)
        {
            if (!Kinds.TryGetValue(kind, out var ours))
            {
                Kinds[kind] = new KindEvidence
                {
                    Count = theirs.Count, FirstAt = theirs.FirstAt, LastAt = theirs.LastAt, WorstValue = theirs.WorstValue,
                    LastValue = theirs.LastValue, Threshold = theirs.Threshold, WorstDeviation = theirs.WorstDeviation,
                };
                continue;
            }
            ours.Count += theirs.Count;
            ours.FirstAt = theirs.FirstAt < ours.FirstAt ? theirs.FirstAt : ours.FirstAt;
            if (theirs.LastAt >= ours.LastAt)
            {
                ours.LastAt = theirs.LastAt;
                ours.LastValue = theirs.LastValue ?? ours.LastValue;
            }
            if (theirs.WorstValue is { } worst && (ours.WorstValue is null || IsWorse(kind, worst, ours.WorstValue.Value)))
            {
                ours.WorstValue = worst;
                ours.Threshold = theirs.Threshold ?? ours.Threshold;
            }
            ours.WorstDeviation = Math.Max(ours.WorstDeviation, theirs.WorstDeviation);
        }
        MaxAffected = Math.Max(MaxAffected, other.MaxAffected);
        ConfirmedPersonalData |= other.ConfirmedPersonalData;
        foreach (var summary in other.Summaries)
        {
            Summaries.Remove(summary);
            Summaries.Add(summary);
        }
        while (Summaries.Count > KeptSummaries)
        {
            Summaries.RemoveAt(0);
        }
    }

    /// <summary>The worst reading of each kind, carrying the blast radius and confirmation: enough for every severity rule.</summary>
    public IReadOnlyList<SignalReading> Readings(IReadOnlyList<string> blastRadiusLabels)
    {
        var labels = new Dictionary<string, string>();
        if (MaxAffected > 0 && blastRadiusLabels.Count > 0)
        {
            labels[blastRadiusLabels[0]] = MaxAffected.ToString(CultureInfo.InvariantCulture);
        }
        return Kinds.Select(k =>
        {
            var own = k.Key == SignalKind.PiiDetectorHit && ConfirmedPersonalData
                ? new Dictionary<string, string>(labels) { ["confirmed"] = "true" }
                : labels;
            return new SignalReading(k.Key, k.Value.WorstValue, k.Value.Threshold, own);
        }).ToList();
    }

    public IReadOnlyDictionary<SignalKind, int> Counts() => Kinds.ToDictionary(k => k.Key, k => k.Value.Count);

    /// <summary>One line for the timeline, worst deviation first: "prompt-injection-hit ×12 (worst 0.08, threshold 0.01)".</summary>
    public string Describe()
    {
        var parts = Kinds.OrderByDescending(k => k.Value.WorstDeviation).ThenByDescending(k => k.Value.Count).Select(k =>
        {
            var text = $"{k.Key.Code()} ×{k.Value.Count}";
            if (k.Value.WorstValue is { } worst)
            {
                text += $" (worst {Format(worst)}" + (k.Value.Threshold is { } t ? $", threshold {Format(t)})" : ")");
            }
            return text;
        });
        return string.Join("; ", parts);
    }

    /// <summary>
    /// How far past its threshold a value is, relative to the threshold, in the direction that is bad for the kind. Never
    /// infinite (JSON cannot carry it): ingestion refuses readings whose <see cref="UnboundedDeviation"/> overflows, and a
    /// worst value and threshold that came from different readings are capped at <see cref="double.MaxValue"/>.
    /// </summary>
    public static double Deviation(SignalKind kind, double value, double? threshold) =>
        threshold is { } t ? Math.Min(UnboundedDeviation(kind, value, t), double.MaxValue) : 0;

    /// <summary>The deviation as computed, which overflows to infinity for finite but extreme readings (1.7e308 against 1e-300).</summary>
    public static double UnboundedDeviation(SignalKind kind, double value, double threshold)
    {
        var past = kind.LowerIsWorse() ? threshold - value : value - threshold;
        if (!(past > 0))
        {
            return 0;
        }
        return threshold == 0 ? past : past / Math.Abs(threshold);
    }

    private static bool IsWorse(SignalKind kind, double candidate, double current) =>
        kind.LowerIsWorse() ? candidate < current : candidate > current;

    private static bool IsConfirmed(string? value) => value is not null
        && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1" || value.Equals("yes", StringComparison.OrdinalIgnoreCase));

    private static string Format(double value) => value.ToString(Math.Abs(value) >= 100 ? "N0" : "0.###", CultureInfo.InvariantCulture);
}
