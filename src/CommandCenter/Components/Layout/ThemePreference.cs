using System.Security.Claims;
using CommandCenter.Identity;

namespace CommandCenter.Components.Layout;

/// <summary>
/// The light/dark choice, remembered per account in a cookie written by <c>js/app.js</c> (war rooms run at night, and
/// a shared laptop keeps each person's choice). Read during the first request so the first paint is already right.
/// </summary>
public static class ThemePreference
{
    public const string CascadingName = "DarkMode";

    public static string CookieName(ClaimsPrincipal user) =>
        "commandcenter.theme." + (user.FindFirst(ActorClaims.UserNameClaim)?.Value ?? "anonymous");

    public static bool IsDark(HttpContext context) =>
        context.Request.Cookies.TryGetValue(CookieName(context.User), out var value) && value == "dark";
}
