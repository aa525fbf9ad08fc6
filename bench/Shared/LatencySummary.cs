using System.Globalization;

namespace CommandCenter.Bench;

/// <summary>Nearest-rank percentiles of a set of latencies in milliseconds.</summary>
internal sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max)
{
    public static LatencySummary Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.ToArray();
        Array.Sort(sorted);
        if (sorted.Length == 0)
        {
            return new LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }
        double Rank(double percentile) => sorted[Math.Max(0, (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1)];
        return new LatencySummary(sorted.Length, Rank(50), Rank(95), Rank(99), sorted[^1]);
    }

    public override string ToString() => Count == 0
        ? "no samples"
        : string.Create(CultureInfo.InvariantCulture, $"p50 {P50,8:0.0}  p95 {P95,8:0.0}  p99 {P99,8:0.0}  max {Max,8:0.0}  ms");
}
