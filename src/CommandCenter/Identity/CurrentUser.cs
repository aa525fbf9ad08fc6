using Microsoft.AspNetCore.Authentication;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace CommandCenter.Identity;

/// <summary>
/// Who is using this circuit. For now a display name from the sign-in cookie; accounts replace what stands behind
/// it later without touching the components that ask.
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider authenticationState)
{
    public async Task<string> GetNameAsync()
    {
        var state = await authenticationState.GetAuthenticationStateAsync();
        return state.User.Identity?.Name ?? throw new InvalidOperationException("Nobody is signed in on this circuit.");
    }
}

public static class SignInEndpoints
{
    public const int MaxNameLength = Core.Common.Limits.PersonNameLength;

    /// <summary>POST /signin with a display name sets the cookie; /signout clears it.</summary>
    public static IEndpointRouteBuilder MapSignInEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/signin", async (HttpContext context, [Microsoft.AspNetCore.Mvc.FromForm] string? name,
            [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl) =>
        {
            var trimmed = name?.Trim() ?? "";
            var back = SafeReturnUrl(returnUrl);
            if (trimmed.Length == 0 || trimmed.Length > MaxNameLength)
            {
                var error = trimmed.Length == 0 ? "Enter the name your team knows you by." : $"Use at most {MaxNameLength} characters.";
                return Results.Redirect($"/signin?error={Uri.EscapeDataString(error)}&name={Uri.EscapeDataString(trimmed)}&returnUrl={Uri.EscapeDataString(back)}");
            }
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, trimmed)], Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(new ClaimsPrincipal(identity));
            return Results.LocalRedirect(back);
        }).AllowAnonymous();

        endpoints.MapPost("/signout", async (HttpContext context) =>
        {
            await context.SignOutAsync();
            return Results.LocalRedirect("/signin");
        });
        return endpoints;
    }

    private static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) ? returnUrl : "/";
}
