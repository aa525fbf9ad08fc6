using System.Globalization;
using CommandCenter.Core.Detection;

namespace CommandCenter.Core.Simulation;

/// <summary>
/// Turns a <see cref="Scenario"/> into timed items the way monitoring reports them: a metric is sent while it breaches its
/// threshold (as an alert with a fingerprint, one sample per interval) and resolved when it comes back; user reports are
/// sent as they come. Pure: the same scenario and options always give the same feed.
/// </summary>
public static class FeedGenerator
{
    private static readonly TimeSpan MaxTimingJitter = TimeSpan.FromSeconds(12);
    private const double RelativeValueNoise = 0.06;

    public static Feed Generate(Scenario scenario, FeedOptions options)
    {
        var noise = Math.Clamp(options.Noise, 0, FeedOptions.MaxNoise);
        var random = new Random(options.Seed);
        var items = new List<FeedItem>();
        string Summary(string text) => options.SummaryPrefix is { Length: > 0 } prefix ? $"{prefix}: {text}" : text;

        for (var c = 0; c < scenario.Changes.Count; c++)
        {
            var change = scenario.Changes[c];
            items.Add(new ChangeFeedItem(TimeSpan.FromMinutes(change.Minute), $"{scenario.Code}/change/{c}", new RecordChange
            {
                System = scenario.System,
                Kind = ChangeRecorder.Code(change.Kind),
                Summary = Summary(change.Summary),
                FromVersion = change.FromVersion,
                ToVersion = change.ToVersion,
                Author = change.Author,
            }));
        }

        for (var t = 0; t < scenario.Tracks.Count; t++)
        {
            items.AddRange(TrackItems(scenario, t, random, noise, Summary));
        }

        if (options.Background)
        {
            var first = items.Min(i => i.Offset).TotalMinutes;
            var last = items.Max(i => i.Offset).TotalMinutes;
            items.AddRange(BackgroundItems(scenario, first, last, new Random(unchecked(options.Seed * 7919 + 17)), Summary));
        }

        // Stable order: by offset, then as generated (a resolve never overtakes its own last trigger).
        var ordered = items.Select((item, index) => (item, index)).OrderBy(x => x.item.Offset).ThenBy(x => x.index).Select(x => x.item).ToList();
        return new Feed(scenario, ordered);
    }

    public static Feed Generate(string scenario, FeedOptions options) =>
        Generate(Scenarios.Find(scenario) ?? throw new ArgumentException($"No scenario '{scenario}'; scenarios are {Scenarios.Allowed}.", nameof(scenario)),
            options);

    private static IEnumerable<FeedItem> TrackItems(Scenario scenario, int trackIndex, Random random, double noise, Func<string, string> summary)
    {
        var track = scenario.Tracks[trackIndex];
        var fingerprint = track.IsAlert ? $"sim-{scenario.Code}-{track.Kind.Code()}-{trackIndex}" : null;
        var firing = false;
        var sample = 0;
        for (var minute = track.Start; minute <= track.End + 1e-9; minute += track.EveryMinutes, sample++)
        {
            var (curve, affected) = track.At(minute);
            var value = Noisy(track, curve, random, noise);
            var offset = TimeSpan.FromMinutes(minute) + MaxTimingJitter * (noise / FeedOptions.MaxNoise * 2 * random.NextDouble());
            var labels = Labels(scenario, track.Labels);
            if (affected is { } a)
            {
                labels[track.AffectedLabel] = Math.Round(a * (1 + noise * RelativeValueNoise * Gaussian(random))).ToString(CultureInfo.InvariantCulture);
            }
            var id = $"{scenario.Code}/{trackIndex}/{sample}";
            if (Breaches(track.Kind, value, track.Threshold))
            {
                firing = true;
                yield return new SignalFeedItem(offset, id, new IncomingSignal
                {
                    System = scenario.System, Kind = track.Kind.Code(), Value = value, Threshold = track.Threshold, Labels = labels,
                    Fingerprint = fingerprint, Summary = summary(track.Describe(value)),
                });
            }
            else if (firing && fingerprint is not null)
            {
                firing = false;
                yield return Resolve(offset, id, scenario.System, track.Kind, fingerprint, labels,
                    summary($"Resolved: {track.Describe(value)}"));
            }
        }
    }

    private static IEnumerable<FeedItem> BackgroundItems(Scenario scenario, double fromMinute, double toMinute, Random random,
        Func<string, string> summary)
    {
        var others = Scenarios.Background.Where(b => b.System != scenario.System).ToList();
        var flap = 0;
        for (var minute = fromMinute + random.NextDouble() * 3; minute < toMinute; minute += 3 + random.NextDouble() * 3, flap++)
        {
            var (system, kind, threshold, low, high, what) = others[random.Next(others.Count)];
            var fingerprint = $"sim-background-{system}-{kind.Code()}-{flap}";
            var labels = new Dictionary<string, string> { ["region"] = scenario.Region, ["simulated"] = "true", ["background"] = "true" };
            var samples = 1 + random.Next(3);
            for (var s = 0; s < samples; s++)
            {
                var value = Math.Round(low + (high - low) * random.NextDouble(), kind.LowerIsWorse() ? 3 : 0);
                yield return new SignalFeedItem(TimeSpan.FromMinutes(minute + s), $"background/{flap}/{s}", new IncomingSignal
                {
                    System = system, Kind = kind.Code(), Value = value, Threshold = threshold, Labels = labels, Fingerprint = fingerprint,
                    Summary = summary(string.Format(CultureInfo.InvariantCulture, what, value)),
                });
            }
            yield return Resolve(TimeSpan.FromMinutes(minute + samples), $"background/{flap}/resolve", system, kind, fingerprint, labels,
                summary($"Resolved: {kind.Code()} back to normal on {system}"));
        }
    }

    private static SignalFeedItem Resolve(TimeSpan offset, string id, string system, SignalKind kind, string fingerprint,
        Dictionary<string, string> labels, string summary) =>
        new(offset, id, new IncomingSignal
        {
            System = system, Kind = kind.Code(), Labels = labels, Fingerprint = fingerprint, Summary = summary, Action = SignalAction.Resolve,
        });

    private static Dictionary<string, string> Labels(Scenario scenario, IReadOnlyDictionary<string, string>? own)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["region"] = scenario.Region,
            ["simulated"] = "true",
            ["scenario"] = scenario.Code,
        };
        foreach (var (key, value) in own ?? new Dictionary<string, string>())
        {
            labels[key] = value;
        }
        return labels;
    }

    /// <summary>A user report or count breaches when above zero; a metric when on the wrong side of its threshold.</summary>
    public static bool Breaches(SignalKind kind, double value, double? threshold) => threshold is not { } limit
        || (kind.LowerIsWorse() ? value < limit : value > limit);

    private static double Noisy(SignalTrack track, double value, Random random, double noise)
    {
        var noisy = value * (1 + noise * RelativeValueNoise * Gaussian(random));
        if (track.IsCount)
        {
            return Math.Max(0, Math.Round(noisy));
        }
        return track.IsRate ? Math.Round(Math.Clamp(noisy, 0, 1), 4) : Math.Round(Math.Max(0, noisy), noisy < 10 ? 3 : 0);
    }

    /// <summary>Standard normal (Box–Muller) from the seeded generator.</summary>
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
