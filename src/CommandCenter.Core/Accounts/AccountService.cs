using CommandCenter.Core.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Core.Accounts;

public sealed record UserView(string Id, string UserName, string DisplayName, OrgRole Role, bool LockedOut, DateTime? LockedOutUntil, DateTime CreatedAt);

public sealed record CreateUser(string? UserName, string? DisplayName, string? Role, string? Password);

/// <summary>
/// User accounts: administrators create them, change roles, lock and unlock them and set new passwords. Each call runs
/// in its own DI scope because Identity's UserManager is scoped (and a Blazor circuit lives far longer than a request).
/// </summary>
public sealed class AccountService(IServiceScopeFactory scopes, AccessGuard guard, TimeProvider clock)
{
    public const int UserNameLength = 64;

    /// <summary>Every account with its role and lockout state: administrators only (who exists and who is locked is an attacker's map).</summary>
    public Task<IReadOnlyList<UserView>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        guard.Demand(actor, Permission.ManageUsers, "accounts");
        return ListAsync(cancellationToken);
    }

    /// <summary>
    /// Unchecked listing for the administrators' page (authorized by its route) and Core's own use; anything serving a
    /// request from a person calls <see cref="ListAsync(Actor, CancellationToken)"/>.
    /// </summary>
    public async Task<IReadOnlyList<UserView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().Users;
        var all = await users.AsNoTracking().ToListAsync(cancellationToken);
        return all.OrderBy(u => u.DisplayName, StringComparer.OrdinalIgnoreCase).Select(View).ToList();
    }

    /// <summary>Display names of everyone who can hold an incident role (leadership reads, so it is left out).</summary>
    public async Task<IReadOnlyList<string>> ResponderNamesAsync(CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).Where(u => u.Role != OrgRole.Leadership && !u.LockedOut).Select(u => u.DisplayName).ToList();

    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().Users.AnyAsync(cancellationToken);
    }

    public Task<UserView> CreateAsync(CreateUser command, Actor actor, CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.ManageUsers, command.UserName, new { command }, async () =>
    {
        return await CreateUncheckedAsync(command, cancellationToken);
    });

    /// <summary>
    /// Creates the very first administrator on a new installation (only while there are no accounts at all), and the demo
    /// accounts. Not reachable with an actor: nobody is signed in yet.
    /// </summary>
    public async Task<UserView> CreateFirstAdministratorAsync(CreateUser command, CancellationToken cancellationToken = default)
    {
        if (await AnyAsync(cancellationToken))
        {
            throw new ForbiddenActionException("This installation already has accounts; ask an administrator to create yours.");
        }
        return await CreateUncheckedAsync(command with { Role = OrgRole.Administrator.Code() }, cancellationToken);
    }

    internal async Task<UserView> CreateUncheckedAsync(CreateUser command, CancellationToken cancellationToken)
    {
        var v = new Validator();
        var userName = v.RequiredText("userName", command.UserName, UserNameLength, "User name");
        if (userName is not null && !userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
        {
            v.Add("userName", "Use letters, digits and . - _ @ only.");
        }
        var displayName = v.RequiredText("displayName", command.DisplayName, Limits.PersonNameLength, "Display name");
        var role = v.Parsed("role", command.Role, OrgRoles.Parse, "Role", OrgRoles.Allowed);
        if (string.IsNullOrEmpty(command.Password))
        {
            v.Add("password", "Password is required.");
        }
        v.ThrowIfInvalid();

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByNameAsync(userName!) is not null)
        {
            throw ValidationException.For("userName", $"There is already an account '{userName}'.");
        }
        if (await users.Users.AnyAsync(u => u.DisplayName.ToLower() == displayName!.ToLower(), cancellationToken))
        {
            // Incident roles and timeline authorship go by display name, so two people may not share one.
            throw ValidationException.For("displayName", $"Someone is already called '{displayName}'; add an initial.");
        }
        var user = new AppUser
        {
            UserName = userName,
            DisplayName = displayName!,
            OrgRole = role!.Value,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            LockoutEnabled = true,
        };
        var result = await users.CreateAsync(user, command.Password!);
        ThrowIfFailed(result);
        return View(user);
    }

    public Task<UserView> ChangeRoleAsync(string userName, string? role, Actor actor, CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.ManageUsers, userName, new { userName, role }, () =>
    {
        var v = new Validator();
        var parsed = v.Parsed("role", role, OrgRoles.Parse, "Role", OrgRoles.Allowed);
        v.ThrowIfInvalid();
        return ChangeAsync(userName, async (users, user) =>
        {
            if (user.OrgRole == OrgRole.Administrator && parsed != OrgRole.Administrator
                && await users.Users.CountAsync(u => u.OrgRole == OrgRole.Administrator, cancellationToken) == 1)
            {
                throw new InvalidTransitionException($"{user.DisplayName} is the last administrator; make someone else one first.");
            }
            user.OrgRole = parsed!.Value;
            // A new stamp signs the person out of open tabs and cookies, so the new role applies at once.
            return await users.UpdateSecurityStampAsync(user);
        });
    });

    /// <summary>Locks an account until unlocked (e.g. a leaver, a lost laptop) or lifts a lockout.</summary>
    public Task<UserView> SetLockedAsync(string userName, bool locked, Actor actor, CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.ManageUsers, userName, new { userName, locked }, () =>
    {
        if (locked && string.Equals(userName, actor.UserName, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidTransitionException("You cannot lock your own account.");
        }
        return ChangeAsync(userName, async (users, user) =>
        {
            var result = await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
            if (result.Succeeded)
            {
                result = locked ? await users.UpdateSecurityStampAsync(user) : await users.ResetAccessFailedCountAsync(user);
            }
            return result;
        });
    });

    public Task<UserView> SetPasswordAsync(string userName, string? password, Actor actor, CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.ManageUsers, userName, new { userName, password }, () =>
    {
        if (string.IsNullOrEmpty(password))
        {
            throw ValidationException.For("password", "Password is required.");
        }
        return ChangeAsync(userName, async (users, user) =>
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            return await users.ResetPasswordAsync(user, token, password);
        });
    });

    private async Task<UserView> ChangeAsync(string userName, Func<UserManager<AppUser>, AppUser, Task<IdentityResult>> change)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new NotFoundException($"No account '{userName}'.");
        ThrowIfFailed(await change(users, user));
        return View(user);
    }

    private static void ThrowIfFailed(IdentityResult result)
    {
        if (result.Succeeded)
        {
            return;
        }
        var v = new Validator();
        foreach (var error in result.Errors)
        {
            v.Add(error.Code.StartsWith("Password", StringComparison.Ordinal) ? "password"
                : error.Code.Contains("UserName", StringComparison.Ordinal) ? "userName" : "account", error.Description);
        }
        v.ThrowIfInvalid();
    }

    private UserView View(AppUser user)
    {
        var lockedUntil = user.LockoutEnd is { } end && end > clock.GetUtcNow() ? end.UtcDateTime : (DateTime?)null;
        return new UserView(user.Id, user.UserName ?? "", user.DisplayName, user.OrgRole, lockedUntil is not null, lockedUntil, user.CreatedAt);
    }
}
