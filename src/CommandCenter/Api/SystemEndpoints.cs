using System.Security.Claims;
using CommandCenter.Identity;
using CommandCenter.Core.Systems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CommandCenter.Api;

/// <summary>The AI system inventory and risk register under /api/systems.</summary>
internal static class SystemEndpoints
{
    public static RouteGroupBuilder MapSystemEndpoints(this RouteGroupBuilder api)
    {
        var systems = api.MapGroup("/systems").WithTags("AI systems");
        systems.MapGet("/", ListAsync)
            .WithName("ListSystems").WithSummary("The AI system inventory, by name.");
        systems.MapGet("/{slug}", GetAsync)
            .WithName("GetSystem").WithSummary("One inventory entry with its risk register fields and dependencies.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        systems.MapGet("/{slug}/dependencies", GetDependenciesAsync)
            .WithName("GetSystemDependencies").WithSummary("What the system depends on (upstream) and what depends on it (downstream).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        systems.MapPost("/", CreateAsync)
            .WithName("CreateSystem").WithSummary("Registers an AI system (201 with a Location).")
            .ProducesValidationProblem();
        systems.MapPut("/{slug}", UpdateAsync)
            .WithName("UpdateSystem").WithSummary("Replaces every editable field of an entry; the slug never changes.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<AiSystemDetail>>> ListAsync(AiSystemService service, CancellationToken ct) =>
        TypedResults.Ok(await service.ListDetailsAsync(ct));

    private static async Task<Ok<AiSystemDetail>> GetAsync(AiSystemService service, string slug, CancellationToken ct) =>
        TypedResults.Ok(await service.GetAsync(slug, ct));

    private static async Task<Ok<DependencyGraph>> GetDependenciesAsync(AiSystemService service, string slug, CancellationToken ct) =>
        TypedResults.Ok(await service.GetDependencyGraphAsync(slug, ct));

    private static async Task<Created<AiSystemDetail>> CreateAsync(AiSystemService service, ClaimsPrincipal user, [FromBody] SaveAiSystem body, CancellationToken ct)
    {
        var created = await service.CreateAsync(body, user.RequireActor(), ct);
        return TypedResults.Created($"/api/systems/{created.System.Slug}", created);
    }

    private static async Task<Ok<AiSystemDetail>> UpdateAsync(AiSystemService service, ClaimsPrincipal user, string slug, [FromBody] SaveAiSystem body,
        CancellationToken ct) =>
        TypedResults.Ok(await service.UpdateAsync(slug, body, user.RequireActor(), ct));
}
