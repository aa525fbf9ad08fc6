using CommandCenter.Core.Incidents;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Core.Accounts;

/// <summary>A person the roster picker offers first for a role, and why (shown beside the name).</summary>
public sealed record RoleSuggestion(string DisplayName, string UserName, string Why);

/// <summary>An account as the suggestions match contacts against it: user name, display name, e-mail.</summary>
public sealed record SuggestableAccount(string UserName, string DisplayName, string? Email = null);

/// <summary>The affected system's contacts as the inventory writes them: free text that may or may not name a person.</summary>
public sealed record SystemContacts(string SystemName, string OwnerTeam, string OnCallContact);

/// <summary>Someone who held a role on another incident like this one (same system, or else same archetype).</summary>
public sealed record PastRoleHolder(string IncidentKey, IncidentRole Role, string Person, DateTime DeclaredAt, bool SameSystem);

/// <summary>Suggestions for every role of one incident.</summary>
public sealed record RosterSuggestionSet(IReadOnlyDictionary<IncidentRole, IReadOnlyList<RoleSuggestion>> ByRole)
{
    public static readonly RosterSuggestionSet None = new(new Dictionary<IncidentRole, IReadOnlyList<RoleSuggestion>>());

    public IReadOnlyList<RoleSuggestion> For(IncidentRole role) => ByRole.TryGetValue(role, out var suggestions) ? suggestions : [];
}

/// <summary>
/// Whom the roster picker suggests for a role, above the organisation's accounts: the affected system's on-call contact and
/// owner team contact from the inventory (when they name a person with an account: user name, display name or e-mail),
/// then people who held the same role on similar incidents (same system first, then same archetype; most recent first).
/// People already in that seat, and people without an account who may hold a role, are left out.
/// </summary>
public sealed class RosterSuggestions(IDbContextFactory<CommandCenterDbContext> contextFactory)
{
    public const int MaxFromHistory = 3;
    private const int IncidentsLookedAt = 50;

    public async Task<RosterSuggestionSet> ForIncidentAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var normalized = IncidentKey.Normalize(key);
        var incident = await db.Incidents.AsNoTracking().Include(i => i.AiSystem).Include(i => i.Roles)
            .SingleOrDefaultAsync(i => i.Key == normalized, cancellationToken);
        if (incident?.AiSystem is not { } system)
        {
            return RosterSuggestionSet.None;
        }
        var similar = await db.Incidents.AsNoTracking()
            .Where(i => i.Id != incident.Id && (i.AiSystemId == incident.AiSystemId || i.Archetype == incident.Archetype))
            .OrderByDescending(i => i.DetectedAt).Take(IncidentsLookedAt)
            .Select(i => new { i.Key, i.DetectedAt, SameSystem = i.AiSystemId == incident.AiSystemId, Roles = i.Roles.Select(r => new { r.Role, r.Person }) })
            .ToListAsync(cancellationToken);
        var history = similar.SelectMany(i => i.Roles.Select(r => new PastRoleHolder($"{i.Key}", r.Role, r.Person, i.DetectedAt, i.SameSystem))).ToList();
        var accounts = await db.Users.AsNoTracking().Where(u => u.OrgRole != OrgRole.Leadership)
            .Select(u => new SuggestableAccount(u.UserName!, u.DisplayName, u.Email)).ToListAsync(cancellationToken);
        var contacts = new SystemContacts(system.Name, system.OwnerTeam, system.OnCallContact);
        return new RosterSuggestionSet(IncidentRoles.All.ToDictionary(role => role,
            role => Suggest(role, contacts, history, accounts, incident.HolderOf(role))));
    }

    /// <summary>The rule, without a database: contacts first, then past holders of <paramref name="role"/>, each person once.</summary>
    public static IReadOnlyList<RoleSuggestion> Suggest(IncidentRole role, SystemContacts system, IReadOnlyList<PastRoleHolder> history,
        IReadOnlyList<SuggestableAccount> accounts, string? currentHolder)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(accounts);
        var suggestions = new List<RoleSuggestion>();
        void Add(SuggestableAccount? account, string why)
        {
            if (account is null || Same(account.DisplayName, currentHolder) || suggestions.Any(s => Same(s.UserName, account.UserName)))
            {
                return;
            }
            suggestions.Add(new RoleSuggestion(account.DisplayName, account.UserName, why));
        }

        Add(Named(system.OnCallContact, accounts), $"On-call for {system.SystemName}");
        Add(Named(system.OwnerTeam, accounts), $"Owner team contact for {system.SystemName}");
        var fromHistory = history.Where(h => h.Role == role)
            .OrderByDescending(h => h.SameSystem).ThenByDescending(h => h.DeclaredAt)
            .Select(h => (Account: accounts.FirstOrDefault(a => Same(a.DisplayName, h.Person) || Same(a.UserName, h.Person)), Holder: h))
            .Where(x => x.Account is not null && !Same(x.Account.DisplayName, currentHolder)
                && !suggestions.Any(s => Same(s.UserName, x.Account.UserName)))
            .DistinctBy(x => x.Account!.UserName, StringComparer.OrdinalIgnoreCase)
            .Take(MaxFromHistory);
        foreach (var (account, holder) in fromHistory)
        {
            Add(account, $"{role.Title()} on {holder.IncidentKey} ({(holder.SameSystem ? "same system" : "same kind of failure")})");
        }
        return suggestions;
    }

    /// <summary>
    /// The account a contact text names, if any: the text (or one of its parts, split at · , ; / |) is a user name, a
    /// display name or an e-mail, or contains a display name or an e-mail. "PagerDuty: care-primary" names nobody.
    /// </summary>
    public static SuggestableAccount? Named(string? contact, IReadOnlyList<SuggestableAccount> accounts)
    {
        if (string.IsNullOrWhiteSpace(contact))
        {
            return null;
        }
        var parts = contact.Split(['·', ',', ';', '/', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var part in parts)
        {
            var exact = accounts.FirstOrDefault(a => Same(a.UserName, part) || Same(a.DisplayName, part) || Same(a.Email, part));
            if (exact is not null)
            {
                return exact;
            }
            var contained = accounts.FirstOrDefault(a =>
                (a.DisplayName.Contains(' ', StringComparison.Ordinal) && part.Contains(a.DisplayName, StringComparison.OrdinalIgnoreCase))
                || (a.Email is { Length: > 0 } email && part.Contains(email, StringComparison.OrdinalIgnoreCase)));
            if (contained is not null)
            {
                return contained;
            }
        }
        return null;
    }

    private static bool Same(string? a, string? b) =>
        a is not null && b is not null && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
