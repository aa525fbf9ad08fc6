using System.Security.Claims;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Playbooks;
using CommandCenter.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CommandCenter.Api;

/// <summary>Playbooks under /api/playbooks (read by everyone, versioned by administrators) and an incident's run of its playbook.</summary>
internal static class PlaybookEndpoints
{
    public static RouteGroupBuilder MapPlaybookEndpoints(this RouteGroupBuilder api)
    {
        var playbooks = api.MapGroup("/playbooks").WithTags("Playbooks");
        playbooks.MapGet("/", ListAsync)
            .WithName("ListPlaybooks").WithSummary("The playbook of every archetype with its current version and who last edited it.");
        playbooks.MapGet("/{archetype}", GetAsync)
            .WithName("GetPlaybook").WithSummary("A playbook's current version (or ?version=n) with its version history, newest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        playbooks.MapPut("/{archetype}", SaveAsync)
            .WithName("SavePlaybookVersion").WithSummary("Saves the content as the playbook's next version (administrators; a change note is required).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        var run = api.MapGroup("/incidents/{key}/playbook").WithTags("Playbooks");
        run.MapGet("/", ForIncidentAsync)
            .WithName("GetIncidentPlaybook").WithSummary("The incident's playbook run: the version it runs, step records, coverage and next steps per role (404 while none is attached).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        run.MapPost("/attach", AttachAsync)
            .WithName("AttachIncidentPlaybook").WithSummary("Attaches the current playbook of the incident's archetype unless it runs one (declaration does this itself).")
            .WithCommandProblems();
        run.MapPost("/steps/{stepId}/check", CheckAsync)
            .WithName("CheckPlaybookStep").WithSummary("Marks a step done (its owner role's holder or the Incident Commander); writes an action on the timeline.")
            .WithCommandProblems();
        run.MapPost("/steps/{stepId}/skip", SkipAsync)
            .WithName("SkipPlaybookStep").WithSummary("Skips a step with a required reason; writes a note on the timeline.")
            .WithCommandProblems();
        run.MapPost("/steps/{stepId}/answer", AnswerAsync)
            .WithName("AnswerPlaybookGate").WithSummary("Answers a decision gate yes or no; a yes may start regulatory clocks. Writes a decision on the timeline.")
            .WithCommandProblems();
        api.MapPost("/incidents/{key}/archetype", ChangeArchetypeAsync).WithTags("Incidents")
            .WithName("ChangeIncidentArchetype")
            .WithSummary("Corrects the incident's archetype (the IC); swapPlaybook (default true) moves it to that archetype's current playbook.")
            .WithCommandProblems();
        return api;
    }

    private static async Task<Ok<IReadOnlyList<PlaybookSummary>>> ListAsync(PlaybookService service, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(ct));

    private static async Task<Ok<PlaybookDetail>> GetAsync(PlaybookService service, string archetype, int? version, CancellationToken ct) =>
        TypedResults.Ok(await service.GetAsync(ParseArchetype(archetype), version, ct));

    private static async Task<Ok<PlaybookDetail>> SaveAsync(PlaybookService service, ClaimsPrincipal user, string archetype,
        [FromBody] SavePlaybookRequest body, CancellationToken ct) =>
        TypedResults.Ok(await service.SaveVersionAsync(ParseArchetype(archetype), body.Content, body.ChangeNote, user.RequireActor(), ct));

    private static async Task<Ok<IncidentPlaybookRun>> ForIncidentAsync(PlaybookService service, string key, CancellationToken ct) =>
        TypedResults.Ok(await service.ForIncidentAsync(key, ct)
            ?? throw new NotFoundException($"{key} has no playbook attached; POST /api/incidents/{key}/playbook/attach attaches one."));

    private static async Task<Ok<IncidentPlaybookRun>> AttachAsync(PlaybookService service, ClaimsPrincipal user, string key, CancellationToken ct) =>
        TypedResults.Ok(await service.AttachAsync(key, user.RequireActor(), ct));

    private static async Task<Ok<IncidentPlaybookRun>> CheckAsync(PlaybookService service, ClaimsPrincipal user, string key, string stepId,
        [FromBody] CheckPlaybookStepRequest? body, CancellationToken ct) =>
        TypedResults.Ok(await service.CheckAsync(key, stepId, body?.Note, user.RequireActor(), ct));

    private static async Task<Ok<IncidentPlaybookRun>> SkipAsync(PlaybookService service, ClaimsPrincipal user, string key, string stepId,
        [FromBody] SkipPlaybookStepRequest body, CancellationToken ct) =>
        TypedResults.Ok(await service.SkipAsync(key, stepId, body.Reason, user.RequireActor(), ct));

    private static async Task<Ok<IncidentPlaybookRun>> AnswerAsync(PlaybookService service, ClaimsPrincipal user, string key, string stepId,
        [FromBody] AnswerPlaybookGateRequest body, CancellationToken ct)
    {
        if (body.Yes is not { } yes)
        {
            throw ValidationException.For("yes", "Answer yes (true) or no (false).");
        }
        return TypedResults.Ok(await service.AnswerGateAsync(key, stepId, yes, body.Note, user.RequireActor(), ct));
    }

    private static async Task<Ok<IncidentPlaybookRun>> ChangeArchetypeAsync(PlaybookService service, ClaimsPrincipal user, string key,
        [FromBody] ChangeArchetypeRequest body, CancellationToken ct) =>
        TypedResults.Ok(await service.ChangeArchetypeAsync(key, body.Archetype, body.SwapPlaybook, body.Reason, user.RequireActor(), ct));

    private static Archetype ParseArchetype(string archetype) =>
        Archetypes.Parse(archetype) ?? throw new NotFoundException($"There is no archetype '{archetype}'; use one of {Archetypes.Allowed}.");
}
