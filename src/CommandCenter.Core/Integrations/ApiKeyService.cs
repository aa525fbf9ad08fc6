using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CommandCenter.Core.Common;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Core.Integrations;

/// <summary>
/// Creates, lists and revokes the API keys monitoring sources use, and checks a presented key. Checking is from memory
/// after the first use of a key (ingestion at thousands of requests a second must not query the database for each).
/// Revoking here removes the key from memory at once; a key revoked elsewhere (another instance on the same database,
/// or by hand) stops working within <see cref="KnownKeyMemory"/>, when the remembered answer is checked again.
/// </summary>
public sealed class ApiKeyService(IDbContextFactory<CommandCenterDbContext> contextFactory, WriteGate writeGate, TimeProvider clock,
    Accounts.AccessGuard guard)
{
    public const string SecretPrefix = "cck_";
    public const int DefaultRequestsPerMinute = 6_000;
    public const int MaxRequestsPerMinute = 600_000;

    /// <summary>How long a valid key is trusted from memory before the database is asked again.</summary>
    public static readonly TimeSpan KnownKeyMemory = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan UnknownKeyMemory = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, (ApiKeyIdentity Identity, DateTimeOffset CheckedAt)> _known = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _unknown = new(StringComparer.Ordinal);

    // Revoked here: never remembered again, even by a lookup that read the key just before it was revoked.
    private readonly ConcurrentDictionary<string, bool> _revoked = new(StringComparer.Ordinal);

    public Task<CreatedApiKey> CreateAsync(CreateApiKey command, Accounts.Actor actor, CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Accounts.Permission.ManageApiKeys, command.Name, new { command }, async () =>
    {
        var v = new Validator();
        var who = v.RequiredText("actor", actor.Name, Limits.PersonNameLength, "Your name");
        var name = v.RequiredText("name", command.Name, ApiKey.NameLength, "Name");
        var source = v.RequiredText("source", command.Source, DetectionLimits.SourceLength, "Source");
        if (source is not null && !source.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            v.Add("source", "Source may use letters, digits, '-', '_' and '.' only (it names the sender in signals and settings).");
        }
        var limit = command.RequestsPerMinute ?? DefaultRequestsPerMinute;
        if (limit is < 1 or > MaxRequestsPerMinute)
        {
            v.Add("requestsPerMinute", $"Requests per minute must be between 1 and {MaxRequestsPerMinute:N0}.");
        }
        v.ThrowIfInvalid();

        // 32 random bytes: a fast hash is right for a secret this long (nothing to brute-force, unlike a password).
        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = new ApiKey(name!, source!, secret[..ApiKey.PrefixLength], Hash(secret), limit, who!, clock.GetUtcNow().UtcDateTime);
        await writeGate.RunAsync(async ct =>
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            db.ApiKeys.Add(key);
            return await db.SaveChangesAsync(ct);
        }, cancellationToken);
        _unknown.Clear();
        return new CreatedApiKey(key.ToView(), secret);
    });

    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().ToListAsync(cancellationToken);
        return keys.OrderBy(k => k.RevokedAt is not null).ThenByDescending(k => k.CreatedAt).Select(k => k.ToView()).ToList();
    }

    public Task<ApiKeyView> RevokeAsync(int id, Accounts.Actor actor, CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Accounts.Permission.ManageApiKeys, $"API key #{id}", new { id }, async () =>
    {
        var v = new Validator();
        var who = v.RequiredText("actor", actor.Name, Limits.PersonNameLength, "Your name");
        v.ThrowIfInvalid();
        var key = await writeGate.RunAsync(async ct =>
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            var found = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct) ?? throw new NotFoundException($"No API key #{id}.");
            found.Revoke(who!, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
            return found;
        }, cancellationToken);
        _revoked[key.Hash] = true;
        _known.TryRemove(key.Hash, out _);
        return key.ToView();
    });

    /// <summary>The identity behind a presented secret, or null when it is unknown or revoked.</summary>
    public async Task<ApiKeyIdentity?> AuthenticateAsync(string? secret, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(secret) || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length > 200)
        {
            return null;
        }
        var hash = Hash(secret.Trim());
        var now = clock.GetUtcNow();
        if (_known.TryGetValue(hash, out var known))
        {
            if (now - known.CheckedAt < KnownKeyMemory)
            {
                return known.Identity;
            }
            _known.TryRemove(hash, out _);
        }
        if (_unknown.TryGetValue(hash, out var seen) && now - seen < UnknownKeyMemory)
        {
            return null;
        }
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, cancellationToken);
        if (key is null)
        {
            if (_unknown.Count > 10_000)
            {
                _unknown.Clear();
            }
            _unknown[hash] = now;
            return null;
        }
        var identity = new ApiKeyIdentity(key.Id, key.Name, key.Source, key.RequestsPerMinute);
        _known[hash] = (identity, now);
        // Checked after remembering, so a revocation that raced this lookup is never outlived (it marks, then forgets).
        if (_revoked.ContainsKey(hash))
        {
            _known.TryRemove(hash, out _);
            return null;
        }
        return identity;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
