using System.Security.Claims;
using CommandCenter.Identity;
using CommandCenter.Core.Detection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CommandCenter.Api;

/// <summary>Incident candidates and detection quality under /api/candidates, and an incident's triage pack.</summary>
internal static class CandidateEndpoints
{
    public sealed record PromoteRequest(string? Title = null, string? Severity = null, string? Archetype = null, bool TakeCommand = true);

    public sealed record MergeRequest(string? IncidentKey);

    public sealed record DismissRequest(string? Reason);

    public static RouteGroupBuilder MapCandidateEndpoints(this RouteGroupBuilder api)
    {
        var candidates = api.MapGroup("/candidates").WithTags("Detection");
        candidates.MapGet("/", ListAsync)
            .WithName("ListCandidates").WithSummary("Candidates awaiting a decision (worst first), then recently decided ones.");
        candidates.MapGet("/{id:long}", GetAsync)
            .WithName("GetCandidate").WithSummary("One candidate with its evidence per signal kind and the reasons for its estimates.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        candidates.MapPost("/{id:long}/promote", PromoteAsync)
            .WithName("PromoteCandidate").WithSummary("Opens an incident from the candidate; title, severity and archetype may be corrected; the promoter takes command unless takeCommand is false.")
            .WithDecisionProblems();
        candidates.MapPost("/{id:long}/merge", MergeAsync)
            .WithName("MergeCandidate").WithSummary("Adds the candidate's signals to an open incident (it was the same failure).")
            .WithDecisionProblems();
        candidates.MapPost("/{id:long}/dismiss", DismissAsync)
            .WithName("DismissCandidate").WithSummary("Marks the candidate a false positive, with the reason.")
            .WithDecisionProblems();
        api.MapGet("/detection/metrics", MetricsAsync).WithTags("Detection")
            .WithName("DetectionMetrics").WithSummary("False-positive rate, duplicate ratio and signals per candidate, from recorded decisions.");
        api.MapGet("/incidents/{key}/triage", TriageAsync).WithTags("Incidents")
            .WithName("GetTriagePack").WithSummary("The triage pack: change snapshot, top anomalies, dependency graph, similar incidents, known mitigations.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static RouteHandlerBuilder WithDecisionProblems(this RouteHandlerBuilder builder) => builder
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Ok<IReadOnlyList<CandidateView>>> ListAsync(CandidateService service, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(cancellationToken: ct));

    private static async Task<Ok<CandidateView>> GetAsync(CandidateService service, long id, CancellationToken ct) =>
        TypedResults.Ok(await service.GetAsync(id, ct));

    private static async Task<Ok<CandidateView>> PromoteAsync(CandidateService service, ClaimsPrincipal user, long id, [FromBody] PromoteRequest body, CancellationToken ct) =>
        TypedResults.Ok(await service.PromoteAsync(id, user.RequireActor(), new PromoteCandidate(body.Title, body.Severity, body.Archetype, body.TakeCommand), ct));

    private static async Task<Ok<CandidateView>> MergeAsync(CandidateService service, ClaimsPrincipal user, long id, [FromBody] MergeRequest body, CancellationToken ct) =>
        TypedResults.Ok(await service.MergeAsync(id, body.IncidentKey ?? "", user.RequireActor(), ct));

    private static async Task<Ok<CandidateView>> DismissAsync(CandidateService service, ClaimsPrincipal user, long id, [FromBody] DismissRequest body, CancellationToken ct) =>
        TypedResults.Ok(await service.DismissAsync(id, body.Reason ?? "", user.RequireActor(), ct));

    private static async Task<Ok<DetectionMetrics>> MetricsAsync(CandidateService service, CancellationToken ct) =>
        TypedResults.Ok(await service.MetricsAsync(ct));

    private static async Task<Ok<TriagePack>> TriageAsync(TriageService service, string key, CancellationToken ct) =>
        TypedResults.Ok(await service.AssembleAsync(key, ct));
}
