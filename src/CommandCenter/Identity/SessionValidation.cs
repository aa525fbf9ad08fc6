using System.Security.Claims;
using CommandCenter.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CommandCenter.Identity;

/// <summary>
/// Checks the session cookie's security stamp against the account on every request, so signing out, a new password, a
/// changed role or a lock (each of which renews the stamp) ends every cookie issued before it on its very next request,
/// copied ones included. One indexed read per request; the framework's own validator still refreshes the claims every
/// minute (<see cref="SecurityStampValidatorOptions.ValidationInterval"/>).
/// </summary>
internal static class SessionValidation
{
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var identity = context.HttpContext.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<AppUser>>();
        var userId = principal?.FindFirstValue(identity.UserIdClaimType);
        var stamp = principal?.FindFirstValue(identity.SecurityStampClaimType);
        var user = userId is null ? null : await users.FindByIdAsync(userId);
        if (user is null || stamp is null || !string.Equals(stamp, await users.GetSecurityStampAsync(user), StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
