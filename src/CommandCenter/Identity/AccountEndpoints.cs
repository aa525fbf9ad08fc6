using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CommandCenter.Identity;

/// <summary>Signed-in identity for tools: who am I, and JSON sign-in / sign-out for scripts and API clients.</summary>
public sealed record SessionView(string UserName, string DisplayName, OrgRole Role, IReadOnlyList<string> Permissions);

public sealed record SignInRequest(string? UserName, string? Password);

public static class AccountEndpoints
{
    /// <summary>
    /// Browser sign-in (form posts from /signin and /setup, redirecting back with what to fix) and the JSON session API
    /// under /api/session (cookie for scripts; same lockout rules).
    /// </summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/signin", async (SignInManager<AppUser> signIn, [FromForm] string? userName, [FromForm] string? password,
            [FromForm] string? returnUrl) =>
        {
            var back = SafeReturnUrl(returnUrl);
            var failure = await PasswordSignInAsync(signIn, userName, password);
            return failure is null
                ? Results.LocalRedirect(back)
                : Results.Redirect($"/signin?error={Uri.EscapeDataString(failure)}&userName={Uri.EscapeDataString(userName?.Trim() ?? "")}"
                    + $"&returnUrl={Uri.EscapeDataString(back)}");
        }).AllowAnonymous();

        endpoints.MapPost("/signout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/signin");
        });

        endpoints.MapPost("/setup", async (AccountService accounts, SignInManager<AppUser> signIn, [FromForm] string? userName,
            [FromForm] string? displayName, [FromForm] string? password) =>
        {
            try
            {
                await accounts.CreateFirstAdministratorAsync(new CreateUser(userName, displayName, null, password));
            }
            catch (ValidationException e)
            {
                var error = string.Join(" ", e.Errors.SelectMany(kv => kv.Value));
                return Results.Redirect($"/setup?error={Uri.EscapeDataString(error)}&userName={Uri.EscapeDataString(userName ?? "")}"
                    + $"&displayName={Uri.EscapeDataString(displayName ?? "")}");
            }
            catch (ForbiddenActionException)
            {
                return Results.LocalRedirect("/signin");
            }
            await PasswordSignInAsync(signIn, userName, password);
            return Results.LocalRedirect("/");
        }).AllowAnonymous();

        var session = endpoints.MapGroup("/api/session").WithTags("Session");
        session.MapGet("/", (HttpContext context) =>
        {
            var actor = context.User.RequireActor();
            return TypedResults.Ok(new SessionView(actor.UserName ?? "", actor.Name, actor.Role,
                Enum.GetValues<Permission>().Where(p => AccessPolicy.Allows(actor.Role, p)).Select(p => p.ToString()).ToList()));
        }).RequireAuthorization().WithName("GetSession").WithSummary("Who is signed in, their organisation role and what it allows.");

        session.MapPost("/", async (SignInManager<AppUser> signIn, [FromBody] SignInRequest body) =>
        {
            var failure = await PasswordSignInAsync(signIn, body.UserName, body.Password);
            return failure is null
                ? Results.NoContent()
                : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed.", detail: failure);
        }).AllowAnonymous().WithName("SignIn")
            .WithSummary("Signs in with user name and password; the answer sets the session cookie. Five failures lock the account for 15 minutes.");

        session.MapDelete("/", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.NoContent();
        }).AllowAnonymous().WithName("SignOut").WithSummary("Ends the session.");
        return endpoints;
    }

    /// <summary>Null when signed in; otherwise what to tell the person (never which of name or password was wrong).</summary>
    private static async Task<string?> PasswordSignInAsync(SignInManager<AppUser> signIn, string? userName, string? password)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            return "Enter your user name and password.";
        }
        var result = await signIn.PasswordSignInAsync(userName.Trim(), password, isPersistent: true, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return null;
        }
        return result.IsLockedOut
            ? "This account is locked after too many failed attempts (or by an administrator). Try again in 15 minutes or ask an administrator."
            : "That user name and password do not match an account.";
    }

    private static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) ? returnUrl : "/";
}
