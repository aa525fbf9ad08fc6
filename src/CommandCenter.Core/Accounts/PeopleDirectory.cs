using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Core.Accounts;

/// <summary>A person who can hold an incident role: an account, shown by display name, known by user name.</summary>
public sealed record Person(string UserName, string DisplayName);

/// <summary>
/// The organisation's people as incidents refer to them. Roles are given to accounts, not to typed names: "tom",
/// "Tom Okafor" and " tom okafor " are the same person, and a name with no account behind it is refused instead of
/// becoming a seat nobody can act from. Leadership reads and holds no incident role.
/// </summary>
public sealed class PeopleDirectory(IDbContextFactory<CommandCenterDbContext> contextFactory)
{
    /// <summary>Everyone who may hold an incident role, by display name.</summary>
    public async Task<IReadOnlyList<Person>> RespondersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var people = await db.Users.AsNoTracking().Where(u => u.OrgRole != OrgRole.Leadership)
            .Select(u => new Person(u.UserName!, u.DisplayName)).ToListAsync(cancellationToken);
        return people.OrderBy(p => p.DisplayName, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>The account a typed name means (its user name or display name, any case, spaces trimmed), or null.</summary>
    public async Task<Person?> FindAsync(string typed, CancellationToken cancellationToken = default)
    {
        var wanted = typed.Trim();
        return (await RespondersAsync(cancellationToken)).FirstOrDefault(p =>
            string.Equals(p.UserName, wanted, StringComparison.OrdinalIgnoreCase)
            || string.Equals(p.DisplayName, wanted, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Why <paramref name="typed"/> cannot hold a role: said so the person at the keyboard knows what to do.</summary>
    public static string Unknown(string typed) =>
        $"Nobody called '{typed.Trim()}' can hold an incident role: pick a person from the list (an administrator adds accounts under Settings → Users).";
}
