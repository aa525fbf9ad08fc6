namespace CommandCenter.Bench;

/// <summary>Checks shared by the benches' option parsers.</summary>
internal static class BenchArgs
{
    public static T Positive<T>(string name, T value) where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw new ArgumentException($"{name} must be greater than zero.");

    public static Uri AbsoluteUrl(string value) =>
        Uri.TryCreate(value.TrimEnd('/') + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new ArgumentException($"--url must be an absolute http(s) URL, not '{value}'.");
}
