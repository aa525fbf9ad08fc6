using System.Security.Claims;
using System.Text;
using CommandCenter.Core.Communications;
using CommandCenter.Core.Incidents;
using CommandCenter.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CommandCenter.Api;

/// <summary>"What We Know" status updates of an incident under /api/incidents/{key}/updates, and the Legal queue.</summary>
internal static class StatusUpdateEndpoints
{
    /// <summary>A new update: <c>audience</c> internal, leadership, customers or regulators, the four parts and when the next update comes.</summary>
    public sealed record DraftUpdateRequest(string? Audience, string? WhatHappened, string? WhatWeAreTesting, string? WhatWeAreDoing,
        string? WhatWeDontKnow, DateTimeOffset? NextUpdateAt);

    /// <summary>The new text of an unsent update (the audience stays).</summary>
    public sealed record ReviseUpdateRequest(string? WhatHappened, string? WhatWeAreTesting, string? WhatWeAreDoing, string? WhatWeDontKnow,
        DateTimeOffset? NextUpdateAt);

    public sealed record RejectUpdateRequest(string? Reason);

    public static RouteGroupBuilder MapStatusUpdateEndpoints(this RouteGroupBuilder api)
    {
        var updates = api.MapGroup("/incidents/{key}/updates").WithTags("Status updates");
        updates.MapGet("/", ListAsync)
            .WithName("ListStatusUpdates").WithSummary("Every status update of the incident, newest first, and when the next one is due per audience.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        updates.MapGet("/prefill", PrefillAsync)
            .WithName("PrefillStatusUpdate").WithSummary("A starting text for an audience, from the incident's timeline; nothing is stored.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        updates.MapGet("/export", ExportAsync)
            .WithName("ExportStatusUpdates").WithSummary("What each audience was told (sent updates), as a markdown download.")
            .Produces<string>(StatusCodes.Status200OK, "text/markdown").ProducesProblem(StatusCodes.Status404NotFound);
        updates.MapPost("/", DraftAsync)
            .WithName("DraftStatusUpdate").WithSummary("Drafts an update. Once there is an Incident Commander, only they or the Communications Lead may.")
            .WithCommandProblems();
        updates.MapPut("/{id:int}", ReviseAsync)
            .WithName("ReviseStatusUpdate").WithSummary("Changes the text of an unsent update; an approved external update goes back to Legal.")
            .WithCommandProblems();
        updates.MapPost("/{id:int}/submit", SubmitAsync)
            .WithName("SubmitStatusUpdate").WithSummary("Submits a customer or regulator update for approval by the Legal/Compliance Liaison.")
            .WithCommandProblems();
        updates.MapPost("/{id:int}/approve", ApproveAsync)
            .WithName("ApproveStatusUpdate").WithSummary("The incident's Legal/Compliance Liaison approves an update awaiting approval.")
            .WithCommandProblems();
        updates.MapPost("/{id:int}/reject", RejectAsync)
            .WithName("RejectStatusUpdate").WithSummary("The incident's Legal/Compliance Liaison sends an update back to draft, with the reason.")
            .WithCommandProblems();
        updates.MapPost("/{id:int}/sent", MarkSentAsync)
            .WithName("MarkStatusUpdateSent").WithSummary("Records that the update went out (external ones once approved); writes it on the timeline.")
            .WithCommandProblems();
        api.MapGet("/updates/pending-approval", PendingAsync).WithTags("Status updates")
            .WithName("ListPendingApprovals").WithSummary("Updates awaiting Legal approval on active incidents, oldest submission first.");
        return api;
    }

    private static async Task<Ok<IncidentStatusUpdates>> ListAsync(StatusUpdateService service, string key, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(key, ct));

    private static async Task<Ok<StatusUpdateContent>> PrefillAsync(StatusUpdateService service, string key, string? audience, CancellationToken ct) =>
        TypedResults.Ok(await service.PrefillAsync(key, audience, ct));

    private static async Task<FileContentHttpResult> ExportAsync(StatusUpdateService service, string key, CancellationToken ct)
    {
        var markdown = await service.ExportMarkdownAsync(key, ct);
        return TypedResults.File(Encoding.UTF8.GetBytes(markdown), "text/markdown; charset=utf-8",
            $"{IncidentKey.Normalize(key)}-status-updates.md");
    }

    private static async Task<Created<StatusUpdateView>> DraftAsync(StatusUpdateService service, ClaimsPrincipal user, string key,
        [FromBody] DraftUpdateRequest body, CancellationToken ct)
    {
        var update = await service.DraftAsync(key, body.Audience,
            new StatusUpdateText(body.WhatHappened, body.WhatWeAreTesting, body.WhatWeAreDoing, body.WhatWeDontKnow, body.NextUpdateAt?.UtcDateTime),
            user.RequireActor(), ct);
        return TypedResults.Created($"/api/incidents/{Uri.EscapeDataString(update.IncidentKey)}/updates/{update.Id}", update);
    }

    private static async Task<Ok<StatusUpdateView>> ReviseAsync(StatusUpdateService service, ClaimsPrincipal user, string key, int id,
        [FromBody] ReviseUpdateRequest body, CancellationToken ct) =>
        TypedResults.Ok(await service.ReviseAsync(key, id,
            new StatusUpdateText(body.WhatHappened, body.WhatWeAreTesting, body.WhatWeAreDoing, body.WhatWeDontKnow, body.NextUpdateAt?.UtcDateTime),
            user.RequireActor(), ct));

    private static async Task<Ok<StatusUpdateView>> SubmitAsync(StatusUpdateService service, ClaimsPrincipal user, string key, int id,
        CancellationToken ct) =>
        TypedResults.Ok(await service.SubmitAsync(key, id, user.RequireActor(), ct));

    private static async Task<Ok<StatusUpdateView>> ApproveAsync(StatusUpdateService service, ClaimsPrincipal user, string key, int id,
        CancellationToken ct) =>
        TypedResults.Ok(await service.ApproveAsync(key, id, user.RequireActor(), ct));

    private static async Task<Ok<StatusUpdateView>> RejectAsync(StatusUpdateService service, ClaimsPrincipal user, string key, int id,
        [FromBody] RejectUpdateRequest body, CancellationToken ct) =>
        TypedResults.Ok(await service.RejectAsync(key, id, body.Reason, user.RequireActor(), ct));

    private static async Task<Ok<StatusUpdateView>> MarkSentAsync(StatusUpdateService service, ClaimsPrincipal user, string key, int id,
        CancellationToken ct) =>
        TypedResults.Ok(await service.MarkSentAsync(key, id, user.RequireActor(), ct));

    private static async Task<Ok<IReadOnlyList<PendingApproval>>> PendingAsync(StatusUpdateService service, CancellationToken ct) =>
        TypedResults.Ok(await service.PendingApprovalsAsync(ct));
}
