using System.Security.Claims;
using CommandCenter.Core.Accounts;
using Microsoft.AspNetCore.Components.Authorization;

namespace CommandCenter.Identity;

/// <summary>Who is using this circuit, as the <see cref="Actor"/> Core services authorize.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authenticationState)
{
    public async Task<Actor> GetActorAsync()
    {
        var state = await authenticationState.GetAuthenticationStateAsync();
        return state.User.ToActor() ?? throw new InvalidOperationException("Nobody is signed in on this circuit.");
    }

    /// <summary>Whether the signed-in person's organisation role allows <paramref name="permission"/> (to show or hide a control).</summary>
    public async Task<bool> CanAsync(Permission permission) => AccessPolicy.Allows((await GetActorAsync()).Role, permission);

    /// <summary>Whether the signed-in person may set a system's control webhook (the form is shown to administrators only).</summary>
    public async Task<bool> MayConfigureWebhookAsync() => Core.Containment.ContainmentRules.MayConfigureWebhook(await GetActorAsync());
}

public static class ActorClaims
{
    public const string UserNameClaim = "cc:username";
    public const string AddressClaim = "cc:origin-address";
    public const string UserAgentClaim = "cc:origin-user-agent";

    /// <summary>The actor behind a signed-in principal, or null when it is anonymous or not one of our accounts.</summary>
    public static Actor? ToActor(this ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true || principal.Identity.Name is not { Length: > 0 } name)
        {
            return null;
        }
        var role = OrgRoles.Parse(principal.FindFirstValue(ClaimTypes.Role));
        return role is null ? null : new Actor(name, role.Value, principal.FindFirstValue(UserNameClaim), OriginOf(principal));
    }

    /// <summary>Where the request (or, in a circuit, the circuit's connection) came from, as <see cref="RequestOrigin"/> noted it.</summary>
    private static ActorOrigin? OriginOf(ClaimsPrincipal principal) =>
        principal.HasClaim(c => c.Type is AddressClaim or UserAgentClaim)
            ? new ActorOrigin(principal.FindFirstValue(AddressClaim), principal.FindFirstValue(UserAgentClaim))
            : null;

    public static Actor RequireActor(this ClaimsPrincipal principal) =>
        principal.ToActor() ?? throw new UnauthorizedAccessException("Sign in first.");
}

/// <summary>
/// Notes each signed-in request's client address and user agent on its principal (in an identity of their own, which
/// authenticates nothing), so every <see cref="Actor"/> built from it, in an endpoint or in the Blazor circuit the
/// request opens, says where its commands came from.
/// </summary>
public sealed class RequestOrigin(RequestDelegate next)
{
    public const int MaxUserAgentLength = 512;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            var userAgent = context.Request.Headers.UserAgent.ToString();
            context.User.AddIdentity(new ClaimsIdentity(
            [
                new Claim(ActorClaims.AddressClaim, context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                new Claim(ActorClaims.UserAgentClaim, userAgent.Length > MaxUserAgentLength ? userAgent[..MaxUserAgentLength] : userAgent),
            ]));
        }
        return next(context);
    }
}
