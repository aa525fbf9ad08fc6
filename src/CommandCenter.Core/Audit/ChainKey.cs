using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Core.Audit;

/// <summary>The "Audit" configuration section.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>The MAC key itself (base64 of at least 32 bytes), e.g. from a secret store. Wins over <see cref="KeyFile"/>.</summary>
    public string? Key { get; set; }

    /// <summary>A file holding the key (base64). Without Key or KeyFile, <c>&lt;database&gt;.audit-key</c> next to the database is used (and created on first run).</summary>
    public string? KeyFile { get; set; }

    /// <summary>How often the ingestion summaries (one audit entry per API key) are written; default one minute.</summary>
    public TimeSpan IngestionSummaryInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// The secret behind the keyed MACs (HMAC-SHA256) that seal the audit trail and the incident timelines. It lives outside
/// the database: someone who can write the database file but not read the key cannot recompute a valid chain, so a
/// dropped trigger followed by an edit, or recomputed plain SHA-256 hashes, still fail verification.
/// </summary>
public sealed class ChainKey
{
    public const int MinimumKeyBytes = 32;
    private readonly byte[] _key;

    public ChainKey(byte[] key)
    {
        if (key.Length < MinimumKeyBytes)
        {
            throw new InvalidOperationException($"The audit key must be at least {MinimumKeyBytes} bytes.");
        }
        _key = key;
    }

    /// <summary>Where the key came from ("configuration", a file path, or "memory" for a database with no file).</summary>
    public string Source { get; private init; } = "memory";

    /// <summary>HMAC-SHA256 of <paramref name="text"/> (UTF-8) under the key, as lower-case hex.</summary>
    public string Mac(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text)));

    /// <summary>Compares two MACs in constant time.</summary>
    public static bool Same(string? expected, string? actual) =>
        expected is not null && actual is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual));

    /// <summary>Loads the key from configuration or its file, creating the file next to the database on first run.</summary>
    public static ChainKey Load(IConfiguration configuration, string? connectionString, ILogger logger)
    {
        var options = configuration.GetSection(AuditOptions.Section).Get<AuditOptions>() ?? new AuditOptions();
        if (!string.IsNullOrWhiteSpace(options.Key))
        {
            return new ChainKey(Decode(options.Key, "Audit:Key")) { Source = "configuration (Audit:Key)" };
        }
        var file = options.KeyFile ?? DefaultKeyFile(connectionString);
        if (file is null)
        {
            logger.LogWarning("The database has no file, so the audit key is generated in memory and lasts as long as this process");
            return new ChainKey(RandomNumberGenerator.GetBytes(MinimumKeyBytes));
        }
        file = Path.GetFullPath(file);
        if (File.Exists(file))
        {
            return new ChainKey(Decode(File.ReadAllText(file), file)) { Source = file };
        }
        var key = RandomNumberGenerator.GetBytes(MinimumKeyBytes);
        WriteSecretFile(file, Convert.ToBase64String(key));
        logger.LogWarning("Generated a new audit key in {KeyFile}: back it up and keep it apart from database backups; " +
            "without it the audit trail and the timelines cannot be verified", file);
        return new ChainKey(key) { Source = file };
    }

    /// <summary>Creates <paramref name="path"/> (never overwrites) readable and writable by the service account only.</summary>
    internal static void WriteSecretFile(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var writer = new StreamWriter(path, Encoding.ASCII, options);
        writer.Write(text);
    }

    /// <summary><c>&lt;database file&gt;.audit-key</c> beside the database, or null for an in-memory database.</summary>
    public static string? DefaultKeyFile(string? connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        return string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal)
            ? null
            : Path.GetFullPath(dataSource) + ".audit-key";
    }

    private static byte[] Decode(string text, string where)
    {
        try
        {
            return Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The audit key in {where} is not base64.");
        }
    }
}
