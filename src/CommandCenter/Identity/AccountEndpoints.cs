using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Api;
using Microsoft.AspNetCore.Mvc;

namespace CommandCenter.Identity;

/// <summary>Signed-in identity for tools: who am I, and JSON sign-in / sign-out for scripts and API clients.</summary>
public sealed record SessionView(string UserName, string DisplayName, OrgRole Role, IReadOnlyList<string> Permissions);

public sealed record SignInRequest(string? UserName, string? Password);

public static class AccountEndpoints
{
    /// <summary>
    /// Browser sign-in (form posts from /signin and /setup, redirecting back with what to fix) and the JSON session API
    /// under /api/session (cookie for scripts; the same rules, <see cref="PasswordSignIn"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/signin", async (HttpContext http, PasswordSignIn signIn, [FromForm] string? userName, [FromForm] string? password,
            [FromForm] string? returnUrl) =>
        {
            var back = SafeReturnUrl(returnUrl);
            var outcome = await signIn.SignInAsync(http, userName, password);
            if (outcome.Succeeded)
            {
                return Results.LocalRedirect(back);
            }
            if (outcome.RetryAfter is { } wait)
            {
                SetRetryAfter(http, wait);
            }
            return Results.Redirect($"/signin?error={Uri.EscapeDataString(outcome.Failure!)}&userName={Uri.EscapeDataString(OneLine(userName))}"
                + $"&returnUrl={Uri.EscapeDataString(back)}");
        }).AllowAnonymous();

        endpoints.MapPost("/signout", async (HttpContext http, PasswordSignIn signIn) =>
        {
            await signIn.SignOutAsync(http);
            return Results.LocalRedirect("/signin");
        });

        endpoints.MapPost("/setup", async (HttpContext http, AccountService accounts, PasswordSignIn signIn, [FromForm] string? userName,
            [FromForm] string? displayName, [FromForm] string? password) =>
        {
            try
            {
                await accounts.CreateFirstAdministratorAsync(new CreateUser(userName, displayName, null, password));
            }
            catch (ValidationException e)
            {
                var error = string.Join(" ", e.Errors.SelectMany(kv => kv.Value));
                return Results.Redirect($"/setup?error={Uri.EscapeDataString(error)}&userName={Uri.EscapeDataString(OneLine(userName))}"
                    + $"&displayName={Uri.EscapeDataString(OneLine(displayName))}");
            }
            catch (ForbiddenActionException)
            {
                return Results.LocalRedirect("/signin");
            }
            await signIn.SignInAsync(http, userName, password);
            return Results.LocalRedirect("/");
        }).AllowAnonymous();

        var session = endpoints.MapGroup("/api/session").WithTags("Session");
        session.MapGet("/", (HttpContext context) =>
        {
            var actor = context.User.RequireActor();
            return TypedResults.Ok(new SessionView(actor.UserName ?? "", actor.Name, actor.Role,
                Enum.GetValues<Permission>().Where(p => AccessPolicy.Allows(actor.Role, p)).Select(p => p.ToString()).ToList()));
        }).RequireAuthorization().WithName("GetSession").WithSummary("Who is signed in, their organisation role and what it allows.");

        session.MapPost("/", async (HttpContext http, PasswordSignIn signIn, [FromBody] SignInRequest body) =>
        {
            var outcome = await signIn.SignInAsync(http, body.UserName, body.Password);
            if (outcome.Succeeded)
            {
                return Results.NoContent();
            }
            if (outcome.RetryAfter is { } wait)
            {
                SetRetryAfter(http, wait);
                return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.", detail: outcome.Failure,
                    type: ApiProblems.TooManyRequests("").Type);
            }
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed.", detail: outcome.Failure);
        }).AllowAnonymous().WithName("SignIn")
            .WithSummary("Signs in with user name and password; the answer sets the session cookie. Every failure gets the same answer; "
                + "ten failures from one address within five minutes are answered 429 with Retry-After.");

        session.MapDelete("/", async (HttpContext http, PasswordSignIn signIn) =>
        {
            await signIn.SignOutAsync(http);
            return Results.NoContent();
        }).AllowAnonymous().WithName("SignOut")
            .WithSummary("Ends the session: the account's security stamp changes, so every session cookie issued before stops working.");
        return endpoints;
    }

    private static void SetRetryAfter(HttpContext http, TimeSpan wait) =>
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string OneLine(string? value) => new((value ?? "").Trim().Where(c => !char.IsControl(c)).Take(200).ToArray());

    /// <summary>
    /// Where to go after signing in: a path on this site, or the board. Anything else (another host, <c>//host</c>,
    /// <c>/\host</c>, or control characters and spaces, which browsers strip so that <c>/\t/host</c> becomes <c>//host</c>)
    /// falls back to <c>/</c> rather than reaching LocalRedirect, which would refuse it with a 500.
    /// </summary>
    internal static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 and <= 2048 } && returnUrl[0] == '/'
            && (returnUrl.Length == 1 || returnUrl[1] is not ('/' or '\\'))
            && !returnUrl.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
            ? returnUrl
            : "/";
}
