namespace CommandCenter.Core.Integrations;

/// <summary>
/// A monitoring source's credential. Only a hash of the secret is stored; the secret is shown once, at creation.
/// Signals sent with it are attributed to <see cref="Source"/> (idempotency and grouping timers are per source).
/// </summary>
public sealed class ApiKey
{
    public const int NameLength = 100;
    public const int PrefixLength = 12;

    private ApiKey()
    {
    }

    public ApiKey(string name, string source, string prefix, string hash, int requestsPerMinute, string createdBy, DateTime createdAt)
    {
        Name = name;
        Source = source;
        Prefix = prefix;
        Hash = hash;
        RequestsPerMinute = requestsPerMinute;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Source { get; private set; } = "";

    /// <summary>The first characters of the secret, enough for a person to tell keys apart.</summary>
    public string Prefix { get; private set; } = "";

    /// <summary>SHA-256 of the secret, hex.</summary>
    public string Hash { get; private set; } = "";

    public int RequestsPerMinute { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime? RevokedAt { get; private set; }
    public string? RevokedBy { get; private set; }

    public bool IsActive => RevokedAt is null;

    public void Revoke(string by, DateTime now)
    {
        if (RevokedAt is null)
        {
            RevokedAt = now;
            RevokedBy = by;
        }
    }

    public ApiKeyView ToView() => new(Id, Name, Source, Prefix, RequestsPerMinute, CreatedBy, CreatedAt, RevokedAt, RevokedBy);
}

public sealed record ApiKeyView(int Id, string Name, string Source, string Prefix, int RequestsPerMinute, string CreatedBy,
    DateTime CreatedAt, DateTime? RevokedAt, string? RevokedBy)
{
    public bool IsActive => RevokedAt is null;
}

/// <summary>A new key: its view and the secret, which is never shown again.</summary>
public sealed record CreatedApiKey(ApiKeyView Key, string Secret);

/// <summary>Who is calling, once the key checked out.</summary>
public sealed record ApiKeyIdentity(int Id, string Name, string Source, int RequestsPerMinute);

/// <summary>The create form and API body, raw as typed.</summary>
public sealed record CreateApiKey(string? Name, string? Source, int? RequestsPerMinute);
