using System.Security.Claims;
using CommandCenter.Core.Accounts;
using CommandCenter.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CommandCenter.Api;

/// <summary>User accounts under /api/users: administrators only (AccountService refuses everyone else with 403).</summary>
internal static class UserEndpoints
{
    public sealed record ChangeRoleRequest(string? Role);

    public sealed record SetPasswordRequest(string? Password);

    public static RouteGroupBuilder MapUserEndpoints(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/", ListAsync).WithName("ListUsers").WithSummary("Every account with its organisation role and lockout state (administrators).")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        users.MapPost("/", CreateAsync).WithName("CreateUser")
            .WithSummary("Creates an account (administrators): userName, displayName, role (responder, leadership, administrator), password.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        users.MapPost("/{userName}/role", ChangeRoleAsync).WithName("ChangeUserRole").WithSummary("Changes an account's organisation role.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPost("/{userName}/lock", (AccountService accounts, ClaimsPrincipal user, string userName, CancellationToken ct) =>
                accounts.SetLockedAsync(userName, true, user.RequireActor(), ct))
            .WithName("LockUser").WithSummary("Locks an account until unlocked; open sessions end within a minute.");
        users.MapPost("/{userName}/unlock", (AccountService accounts, ClaimsPrincipal user, string userName, CancellationToken ct) =>
                accounts.SetLockedAsync(userName, false, user.RequireActor(), ct))
            .WithName("UnlockUser").WithSummary("Lifts a lockout (an administrator's lock or too many failed sign-ins).");
        users.MapPost("/{userName}/password", SetPasswordAsync).WithName("SetUserPassword").WithSummary("Sets a new password.")
            .ProducesValidationProblem();
        return api;
    }

    private static async Task<Ok<IReadOnlyList<UserView>>> ListAsync(AccountService accounts, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(await accounts.ListAsync(user.RequireActor(), ct));

    private static async Task<Created<UserView>> CreateAsync(AccountService accounts, ClaimsPrincipal user, [FromBody] CreateUser body,
        CancellationToken ct)
    {
        var created = await accounts.CreateAsync(body, user.RequireActor(), ct);
        return TypedResults.Created($"/api/users/{Uri.EscapeDataString(created.UserName)}", created);
    }

    private static async Task<Ok<UserView>> ChangeRoleAsync(AccountService accounts, ClaimsPrincipal user, string userName,
        [FromBody] ChangeRoleRequest body, CancellationToken ct) =>
        TypedResults.Ok(await accounts.ChangeRoleAsync(userName, body.Role, user.RequireActor(), ct));

    private static async Task<Ok<UserView>> SetPasswordAsync(AccountService accounts, ClaimsPrincipal user, string userName,
        [FromBody] SetPasswordRequest body, CancellationToken ct) =>
        TypedResults.Ok(await accounts.SetPasswordAsync(userName, body.Password, user.RequireActor(), ct));
}
