using System.Security.Claims;
using CommandCenter.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CommandCenter.Identity;

/// <summary>
/// The cookie carries the display name as the principal's name (it is what the timeline and incident roles use), the
/// sign-in name and the organisation role.
/// </summary>
internal sealed class AccountClaimsFactory(UserManager<AppUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        foreach (var name in identity.FindAll(identity.NameClaimType).ToList())
        {
            identity.RemoveClaim(name);
        }
        identity.AddClaim(new Claim(identity.NameClaimType, user.DisplayName));
        identity.AddClaim(new Claim(ActorClaims.UserNameClaim, user.UserName ?? ""));
        identity.AddClaim(new Claim(ClaimTypes.Role, user.OrgRole.Code()));
        return identity;
    }
}
