using System.Security.Claims;
using CommandCenter.Core.Containment;
using CommandCenter.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CommandCenter.Api;

/// <summary>Containment actions on incidents and the control webhooks of systems; every rule lives in <see cref="ContainmentService"/>.</summary>
internal static class ContainmentEndpoints
{
    public static RouteGroupBuilder MapContainmentEndpoints(this RouteGroupBuilder api)
    {
        var containment = api.MapGroup("/incidents/{key}/containment").WithTags("Containment");
        containment.MapGet("/", GetAsync)
            .WithName("GetContainment").WithSummary("The containment actions available for the incident's system (and whether it has a control webhook), and the history, newest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        containment.MapPost("/", RunAsync)
            .WithName("RunContainmentAction").WithSummary("Runs a containment action (IC or Technical Lead): through the control webhook (succeeded/failed) or as a manual checklist (manual-open). Destructive actions need a reason.")
            .WithCommandProblems();
        containment.MapPost("/{id:int}/retry", RetryAsync)
            .WithName("RetryContainmentAction").WithSummary("Sends a failed webhook action again, with the same idempotency key.")
            .WithCommandProblems();
        containment.MapPost("/{id:int}/checklist/{index:int}", CheckAsync)
            .WithName("CheckContainmentStep").WithSummary("Checks step <index> (0-based) of a manual action; the last step marks the incident contained.")
            .WithCommandProblems();

        var systems = api.MapGroup("/systems/{slug}/control").WithTags("AI systems");
        systems.MapGet("/", GetControlAsync)
            .WithName("GetSystemControl").WithSummary("The system's control webhook URL and whether a secret is set (the secret itself is never returned).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        systems.MapPut("/", SetControlAsync)
            .WithName("SetSystemControl").WithSummary("Sets the control webhook URL and the HMAC secret (16+ characters; blank keeps the current one).")
            .WithCommandProblems();
        return api;
    }

    private static async Task<Ok<ContainmentOverview>> GetAsync(ContainmentService service, string key, CancellationToken ct) =>
        TypedResults.Ok(await service.GetOverviewAsync(key, ct));

    private static async Task<Created<ContainmentActionView>> RunAsync(ContainmentService service, ClaimsPrincipal user, string key,
        [FromBody] RunContainmentRequest body, CancellationToken ct)
    {
        var action = await service.RunAsync(key, body.Action, body.Reason, user.RequireActor(), ct);
        return TypedResults.Created(ActionPath(action), action);
    }

    private static async Task<Ok<ContainmentActionView>> RetryAsync(ContainmentService service, ClaimsPrincipal user, string key, int id,
        CancellationToken ct) =>
        TypedResults.Ok(await service.RetryAsync(key, id, user.RequireActor(), ct));

    private static async Task<Ok<ContainmentActionView>> CheckAsync(ContainmentService service, ClaimsPrincipal user, string key, int id, int index,
        CancellationToken ct) =>
        TypedResults.Ok(await service.CheckItemAsync(key, id, index, user.RequireActor(), ct));

    private static async Task<Ok<SystemControlView>> GetControlAsync(ContainmentService service, string slug, CancellationToken ct) =>
        TypedResults.Ok(await service.GetControlAsync(slug, ct));

    private static async Task<Ok<SystemControlView>> SetControlAsync(ContainmentService service, ClaimsPrincipal user, string slug,
        [FromBody] SetSystemControlRequest body, CancellationToken ct) =>
        TypedResults.Ok(await service.SetControlAsync(slug, body.Url, body.Secret, user.RequireActor(), ct));

    private static string ActionPath(ContainmentActionView action) =>
        $"/api/incidents/{Uri.EscapeDataString(action.IncidentKey)}/containment#{action.Id}";
}
