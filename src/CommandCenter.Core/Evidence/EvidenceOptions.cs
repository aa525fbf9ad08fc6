namespace CommandCenter.Core.Evidence;

/// <summary>The "Evidence" configuration section.</summary>
public sealed class EvidenceOptions
{
    public const string Section = "Evidence";

    /// <summary>The folder store's root; default <c>&lt;database&gt;.evidence</c> next to the database.</summary>
    public string? Path { get; set; }

    /// <summary>Largest artefact accepted (default 25 MB). The API's body limit for uploads is <c>MaxBytes</c> plus room for the form.</summary>
    public long MaxBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>Content types accepted (parameters such as charset ignored).</summary>
    public List<string> AllowedContentTypes { get; set; } =
    [
        "text/plain", "text/markdown", "text/csv", "application/json", "application/x-ndjson", "image/png", "image/jpeg", "image/webp",
        "application/pdf",
    ];

    /// <summary>
    /// Days evidence content is kept after the incident is closed (default 2,190, six years); then the retention job
    /// deletes the bytes (never under legal hold), keeping metadata, hash and custody log.
    /// </summary>
    public int RetentionDays { get; set; } = 6 * 365;

    public TimeSpan RetentionAfterClosure => TimeSpan.FromDays(RetentionDays);

    /// <summary>How often the retention job looks for evidence past its retention (default hourly).</summary>
    public TimeSpan RetentionCheckInterval { get; set; } = TimeSpan.FromHours(1);
}
