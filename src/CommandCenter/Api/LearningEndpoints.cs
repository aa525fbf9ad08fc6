using System.Security.Claims;
using System.Text;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Learning;
using CommandCenter.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CommandCenter.Api;

/// <summary>Postmortems (/api/incidents/{key}/postmortem), action items (/api/action-items), metrics and search.</summary>
internal static class LearningEndpoints
{
    public sealed record SubmitPostmortemRequest(IReadOnlyList<string>? Reviewers);

    public sealed record CommentRequest(string? Section, string? Text);

    public sealed record ActionItemStatusRequest(string? Status, string? Reason);

    public static RouteGroupBuilder MapLearningEndpoints(this RouteGroupBuilder api)
    {
        var postmortem = api.MapGroup("/incidents/{key}/postmortem").WithTags("Postmortems");
        postmortem.MapGet("/", GetPostmortemAsync).WithName("GetPostmortem")
            .WithSummary("The incident's postmortem (404 until it is opened, which happens when the incident is resolved).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        postmortem.MapPost("/", OpenAsync).WithName("OpenPostmortem")
            .WithSummary("Opens the postmortem of a resolved incident, prefilled from its record (normally opened on resolve).").WithCommandProblems();
        postmortem.MapPut("/", EditAsync).WithName("EditPostmortem")
            .WithSummary("Replaces the sections, pinned key moments and contributing factors of a draft or in-review postmortem.").WithCommandProblems();
        postmortem.MapPost("/submit", SubmitAsync).WithName("SubmitPostmortem")
            .WithSummary("Sends the draft for review to the named reviewers (account user names).").WithCommandProblems();
        postmortem.MapPost("/return", ReturnAsync).WithName("ReturnPostmortemToDraft")
            .WithSummary("Takes a postmortem in review back to draft.").WithCommandProblems();
        postmortem.MapPost("/publish", PublishAsync).WithName("PublishPostmortem")
            .WithSummary("A named reviewer publishes the postmortem; it is read-only from then on.").WithCommandProblems();
        postmortem.MapPost("/comments", CommentAsync).WithName("CommentOnPostmortem")
            .WithSummary("Adds a comment to one section (summary, key-moments, impact, detection-review, response-review, root-cause, prevention-plan).")
            .WithCommandProblems();
        postmortem.MapGet("/export", ExportAsync).WithName("ExportPostmortem")
            .WithSummary("The postmortem as a Markdown download.")
            .Produces<string>(StatusCodes.Status200OK, "text/markdown").ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/incidents/{key}/action-items", IncidentItemsAsync).WithTags("Action items").WithName("ListIncidentActionItems")
            .WithSummary("The action items from this incident's postmortem.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/incidents/{key}/action-items", CreateItemAsync).WithTags("Action items").WithName("CreateActionItem")
            .WithSummary("Adds an action item to the incident's postmortem: title, kind, owner (user name), dueDate, priority, trackerUrl.")
            .WithCommandProblems();
        var items = api.MapGroup("/action-items").WithTags("Action items");
        items.MapGet("/", ListItemsAsync).WithName("ListActionItems").WithSummary("Every action item, the caller's own first.");
        items.MapGet("/{id:int}", GetItemAsync).WithName("GetActionItem").ProducesProblem(StatusCodes.Status404NotFound);
        items.MapPut("/{id:int}", EditItemAsync).WithName("EditActionItem").WithSummary("Changes an unfinished item's fields.").WithCommandProblems();
        items.MapPost("/{id:int}/status", ChangeItemStatusAsync).WithName("ChangeActionItemStatus")
            .WithSummary("open, in-progress, done or wont-do (wont-do needs a reason).").WithCommandProblems();
        items.MapDelete("/{id:int}", DeleteItemAsync).WithName("DeleteActionItem").WithSummary("Removes an item that is still open.").WithCommandProblems();

        api.MapGet("/metrics", MetricsAsync).WithTags("Metrics").WithName("GetMetrics")
            .WithSummary("The learning metrics and their quarterly trend; ?format=csv for a CSV download. Filters: from, to, system, archetype, severity.")
            .ProducesValidationProblem();
        api.MapGet("/search", SearchAsync).WithTags("Search").WithName("Search")
            .WithSummary("Full-text search over incidents, timelines, postmortems, action items and playbooks, ranked, with highlighted snippets.")
            .ProducesValidationProblem();
        return api;
    }

    private static async Task<Ok<PostmortemView>> GetPostmortemAsync(PostmortemService service, string key, CancellationToken ct) =>
        TypedResults.Ok(await service.GetAsync(key, ct));

    private static async Task<Created<PostmortemView>> OpenAsync(PostmortemService service, ClaimsPrincipal user, string key, CancellationToken ct)
    {
        var view = await service.OpenAsync(key, user.RequireActor(), ct);
        return TypedResults.Created($"/api/incidents/{Uri.EscapeDataString(view.IncidentKey)}/postmortem", view);
    }

    private static async Task<Ok<PostmortemView>> EditAsync(PostmortemService service, ClaimsPrincipal user, string key,
        [FromBody] PostmortemEdit body, CancellationToken ct) =>
        TypedResults.Ok(await service.EditAsync(key, body, user.RequireActor(), ct));

    private static async Task<Ok<PostmortemView>> SubmitAsync(PostmortemService service, ClaimsPrincipal user, string key,
        [FromBody] SubmitPostmortemRequest body, CancellationToken ct) =>
        TypedResults.Ok(await service.SubmitForReviewAsync(key, body.Reviewers, user.RequireActor(), ct));

    private static async Task<Ok<PostmortemView>> ReturnAsync(PostmortemService service, ClaimsPrincipal user, string key, CancellationToken ct) =>
        TypedResults.Ok(await service.ReturnToDraftAsync(key, user.RequireActor(), ct));

    private static async Task<Ok<PostmortemView>> PublishAsync(PostmortemService service, ClaimsPrincipal user, string key, CancellationToken ct) =>
        TypedResults.Ok(await service.PublishAsync(key, user.RequireActor(), ct));

    private static async Task<Ok<PostmortemView>> CommentAsync(PostmortemService service, ClaimsPrincipal user, string key,
        [FromBody] CommentRequest body, CancellationToken ct) =>
        TypedResults.Ok(await service.CommentAsync(key, body.Section, body.Text, user.RequireActor(), ct));

    private static async Task<FileContentHttpResult> ExportAsync(PostmortemService service, string key, CancellationToken ct)
    {
        var markdown = await service.ExportMarkdownAsync(key, ct);
        return TypedResults.File(Encoding.UTF8.GetBytes(markdown), "text/markdown; charset=utf-8", $"{IncidentKey.Normalize(key)}-postmortem.md");
    }

    private static async Task<Ok<IReadOnlyList<ActionItemView>>> IncidentItemsAsync(PostmortemService service, string key, CancellationToken ct) =>
        TypedResults.Ok((await service.GetPageAsync(key, ct)).ActionItems);

    private static async Task<Created<ActionItemView>> CreateItemAsync(ActionItemService service, ClaimsPrincipal user, string key,
        [FromBody] ActionItemInput body, CancellationToken ct)
    {
        var item = await service.CreateAsync(key, body, user.RequireActor(), ct);
        return TypedResults.Created($"/api/action-items/{item.Id}", item);
    }

    private static async Task<Ok<IReadOnlyList<ActionItemView>>> ListItemsAsync(ActionItemService service, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(user.RequireActor().UserName, ct));

    private static async Task<Ok<ActionItemView>> GetItemAsync(ActionItemService service, int id, CancellationToken ct) =>
        TypedResults.Ok(await service.GetAsync(id, ct));

    private static async Task<Ok<ActionItemView>> EditItemAsync(ActionItemService service, ClaimsPrincipal user, int id,
        [FromBody] ActionItemInput body, CancellationToken ct) =>
        TypedResults.Ok(await service.EditAsync(id, body, user.RequireActor(), ct));

    private static async Task<Ok<ActionItemView>> ChangeItemStatusAsync(ActionItemService service, ClaimsPrincipal user, int id,
        [FromBody] ActionItemStatusRequest body, CancellationToken ct) =>
        TypedResults.Ok(await service.ChangeStatusAsync(id, body.Status, body.Reason, user.RequireActor(), ct));

    private static async Task<NoContent> DeleteItemAsync(ActionItemService service, ClaimsPrincipal user, int id, CancellationToken ct)
    {
        await service.DeleteAsync(id, user.RequireActor(), ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> MetricsAsync(MetricsService service, DateTime? from, DateTime? to, string? system, string? archetype,
        string? severity, string? format, CancellationToken ct)
    {
        var report = await service.ComputeAsync(MetricsService.ParseFilter(from, to, system, archetype, severity), ct);
        return string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            ? TypedResults.File(Encoding.UTF8.GetBytes(LearningMetrics.ToCsv(report)), "text/csv; charset=utf-8", "metrics.csv")
            : TypedResults.Ok(report);
    }

    private static async Task<Ok<SearchResults>> SearchAsync(SearchService service, string? q, DateTime? from, DateTime? to, string? system,
        string? archetype, string? severity, int? take, CancellationToken ct) =>
        TypedResults.Ok(await service.SearchAsync(q, MetricsService.ParseFilter(from, to, system, archetype, severity), take ?? SearchService.DefaultTake, ct));
}
