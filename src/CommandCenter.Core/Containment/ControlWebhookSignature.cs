using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CommandCenter.Core.Containment;

/// <summary>
/// HMAC-SHA256 over <c>"&lt;unix seconds&gt;.&lt;body&gt;"</c>, sent as <c>X-CommandCenter-Signature: sha256=&lt;hex&gt;</c>
/// beside <c>X-CommandCenter-Timestamp</c>. Signing the timestamp with the body lets a receiver refuse an old
/// request replayed with its original signature.
/// </summary>
public static class ControlWebhookSignature
{
    public const string SignatureHeader = "X-CommandCenter-Signature";
    public const string TimestampHeader = "X-CommandCenter-Timestamp";
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string Prefix = "sha256=";

    /// <summary>How old a timestamp a receiver should accept by default.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The header value, e.g. <c>sha256=3f1a…</c> (lowercase hex).</summary>
    public static string Compute(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(Hash(secret, timestamp, body));

    public static string Compute(string secret, long timestamp, string body) =>
        Compute(secret, timestamp, Encoding.UTF8.GetBytes(body));

    /// <summary>True when the signature header matches the timestamp header and body. Compares in constant time.</summary>
    public static bool Verify(string secret, string? timestampHeader, ReadOnlySpan<byte> body, string? signatureHeader)
    {
        if (string.IsNullOrEmpty(secret) || !TryParseTimestamp(timestampHeader, out var timestamp)
            || signatureHeader is null || !signatureHeader.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        byte[] presented;
        try
        {
            presented = Convert.FromHexString(signatureHeader.AsSpan(Prefix.Length).Trim());
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Hash(secret, timestamp, body), presented);
    }

    public static bool Verify(string secret, string? timestampHeader, string body, string? signatureHeader) =>
        Verify(secret, timestampHeader, Encoding.UTF8.GetBytes(body), signatureHeader);

    /// <summary>As <see cref="Verify(string, string?, ReadOnlySpan{byte}, string?)"/>, and the timestamp is within <paramref name="tolerance"/> of now.</summary>
    public static bool Verify(string secret, string? timestampHeader, ReadOnlySpan<byte> body, string? signatureHeader,
        DateTimeOffset now, TimeSpan tolerance)
    {
        if (!TryParseTimestamp(timestampHeader, out var timestamp))
        {
            return false;
        }
        var age = now - DateTimeOffset.FromUnixTimeSeconds(timestamp);
        return age.Duration() <= tolerance && Verify(secret, timestampHeader, body, signatureHeader);
    }

    public static bool Verify(string secret, string? timestampHeader, string body, string? signatureHeader,
        DateTimeOffset now, TimeSpan tolerance) =>
        Verify(secret, timestampHeader, Encoding.UTF8.GetBytes(body), signatureHeader, now, tolerance);

    private static bool TryParseTimestamp(string? value, out long timestamp) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp)
        && timestamp <= DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private static byte[] Hash(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }
}
