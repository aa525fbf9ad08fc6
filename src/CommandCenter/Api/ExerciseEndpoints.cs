using System.Security.Claims;
using System.Text;
using CommandCenter.Core.Exercises;
using CommandCenter.Core.Learning;
using CommandCenter.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CommandCenter.Api;

/// <summary>Tabletop exercises under /api/exercises: the scenario library, running an exercise, decisions and the after-action review.</summary>
internal static class ExerciseEndpoints
{
    public static RouteGroupBuilder MapExerciseEndpoints(this RouteGroupBuilder api)
    {
        var exercises = api.MapGroup("/exercises").WithTags("Exercises");
        exercises.MapGet("/scenarios", ListScenariosAsync).WithName("ListScenarios")
            .WithSummary("Every exercise scenario with its current version.");
        exercises.MapGet("/scenarios/{scenario}", GetScenarioAsync).WithName("GetScenario")
            .WithSummary("A scenario's current version (or ?version=n) with its version history, newest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        exercises.MapPut("/scenarios/{scenario}", SaveScenarioAsync).WithName("SaveScenarioVersion")
            .WithSummary("Saves the content as the scenario's next version (administrators; a new id creates the scenario; a change note is required).")
            .WithCommandProblems();

        exercises.MapGet("/", ListAsync).WithName("ListExercises").WithSummary("Every exercise, newest first, with its follow-up date.");
        exercises.MapPost("/", OpenAsync).WithName("OpenExercise")
            .WithSummary("Opens an exercise of a scenario: a new exercise incident (EX-<year>-<n>) that is ready for the facilitator to start.")
            .WithCommandProblems();
        exercises.MapGet("/{id:int}", ConsoleAsync).WithName("GetExercise")
            .WithSummary("The facilitator console: exercise clock, injects, who joined in which role and who has not acted, decisions with their timers.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        exercises.MapPost("/{id:int}/start", StartAsync).WithName("StartExercise").WithSummary("Starts the exercise clock (the facilitator).")
            .WithCommandProblems();
        exercises.MapPost("/{id:int}/pause", PauseAsync).WithName("PauseExercise").WithSummary("Pauses the exercise clock.").WithCommandProblems();
        exercises.MapPost("/{id:int}/resume", ResumeAsync).WithName("ResumeExercise").WithSummary("Resumes the exercise clock.").WithCommandProblems();
        exercises.MapPost("/{id:int}/speed", SpeedAsync).WithName("ChangeExerciseSpeed")
            .WithSummary("Runs the exercise clock at 1, 2, 5 or 10 times the wall clock from now on.").WithCommandProblems();
        exercises.MapPost("/{id:int}/finish", FinishAsync).WithName("FinishExercise")
            .WithSummary("Stops the clock for good; unanswered questions count as missed.").WithCommandProblems();
        exercises.MapPost("/{id:int}/release", ReleaseAsync).WithName("ReleaseInject")
            .WithSummary("Releases an inject now (injectId, or the next unreleased one): a timeline entry, its signals through ingestion, its question.")
            .WithCommandProblems();
        exercises.MapPost("/{id:int}/answer", AnswerAsync).WithName("AnswerExerciseDecision")
            .WithSummary("Answers an inject's decision question (the asked role's holder or the IC); reasoning is required.")
            .WithCommandProblems();
        exercises.MapGet("/{id:int}/review", ReviewAsync).WithName("GetExerciseReview")
            .WithSummary("The after-action review generated from what happened, with the facilitator's lessons, proposals and action items.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        exercises.MapGet("/{id:int}/review/export", ExportAsync).WithName("ExportExerciseReview")
            .WithSummary("The after-action review as Markdown.")
            .Produces<string>(StatusCodes.Status200OK, "text/markdown").ProducesProblem(StatusCodes.Status404NotFound);
        exercises.MapPost("/{id:int}/review/lessons", AddLessonAsync).WithName("AddExerciseLesson")
            .WithSummary("Adds a lesson to the review (the facilitator).").WithCommandProblems();
        exercises.MapPost("/{id:int}/review/playbook-proposals", ProposeAsync).WithName("ProposePlaybookChange")
            .WithSummary("Proposes a playbook change from the review (text; the playbook editor applies it).").WithCommandProblems();
        exercises.MapPost("/{id:int}/review/follow-up", FollowUpAsync).WithName("ScheduleFollowUpExercise")
            .WithSummary("Schedules the follow-up exercise (a date).").WithCommandProblems();
        exercises.MapPost("/{id:int}/review/action-items", CreateActionItemAsync).WithName("CreateExerciseActionItem")
            .WithSummary("Creates an action item from the review, linked to the exercise incident.").WithCommandProblems();
        return api;
    }

    private static async Task<Ok<IReadOnlyList<ScenarioSummary>>> ListScenariosAsync(ExerciseService service, CancellationToken ct) =>
        TypedResults.Ok(await service.ListScenariosAsync(ct));

    private static async Task<Ok<ScenarioDetail>> GetScenarioAsync(ExerciseService service, string scenario, int? version, CancellationToken ct) =>
        TypedResults.Ok(await service.GetScenarioAsync(scenario, version, ct));

    private static async Task<Ok<ScenarioDetail>> SaveScenarioAsync(ExerciseService service, ClaimsPrincipal user, string scenario,
        [FromBody] SaveScenarioRequest body, CancellationToken ct) =>
        TypedResults.Ok(await service.SaveScenarioAsync(scenario, body.Content, body.ChangeNote, user.RequireActor(), ct));

    private static async Task<Ok<IReadOnlyList<ExerciseSummary>>> ListAsync(ExerciseService service, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(ct));

    private static async Task<Created<ExerciseSummary>> OpenAsync(ExerciseService service, ClaimsPrincipal user, [FromBody] OpenExerciseRequest body,
        CancellationToken ct)
    {
        var opened = await service.OpenAsync(body.Scenario, user.RequireActor(), ct);
        return TypedResults.Created($"/api/exercises/{opened.Id}", opened);
    }

    private static async Task<Ok<ExerciseConsole>> ConsoleAsync(ExerciseService service, int id, CancellationToken ct) =>
        TypedResults.Ok(await service.ConsoleAsync(id, ct));

    private static async Task<Ok<ExerciseConsole>> StartAsync(ExerciseService service, ClaimsPrincipal user, int id, CancellationToken ct) =>
        TypedResults.Ok(await service.StartAsync(id, user.RequireActor(), ct));

    private static async Task<Ok<ExerciseConsole>> PauseAsync(ExerciseService service, ClaimsPrincipal user, int id, CancellationToken ct) =>
        TypedResults.Ok(await service.PauseAsync(id, user.RequireActor(), ct));

    private static async Task<Ok<ExerciseConsole>> ResumeAsync(ExerciseService service, ClaimsPrincipal user, int id, CancellationToken ct) =>
        TypedResults.Ok(await service.ResumeAsync(id, user.RequireActor(), ct));

    private static async Task<Ok<ExerciseConsole>> FinishAsync(ExerciseService service, ClaimsPrincipal user, int id, CancellationToken ct) =>
        TypedResults.Ok(await service.FinishAsync(id, user.RequireActor(), ct));

    private static async Task<Ok<ExerciseConsole>> SpeedAsync(ExerciseService service, ClaimsPrincipal user, int id,
        [FromBody] ExerciseSpeedRequest body, CancellationToken ct)
    {
        if (body.Speed is not { } speed)
        {
            throw Core.Common.ValidationException.For("speed", $"Speed is required: one of {string.Join(", ", ExerciseClock.Speeds)}.");
        }
        return TypedResults.Ok(await service.ChangeSpeedAsync(id, speed, user.RequireActor(), ct));
    }

    private static async Task<Ok<ExerciseConsole>> ReleaseAsync(ExerciseService service, ClaimsPrincipal user, int id,
        [FromBody] ReleaseInjectRequest? body, CancellationToken ct) =>
        TypedResults.Ok(await service.ReleaseAsync(id, body?.InjectId, user.RequireActor(), ct));

    private static async Task<Ok<DecisionStatus>> AnswerAsync(ExerciseService service, ClaimsPrincipal user, int id,
        [FromBody] AnswerExerciseDecisionRequest body, CancellationToken ct) =>
        TypedResults.Ok(await service.AnswerAsync(id, body.InjectId, body.Answer, body.Reasoning, user.RequireActor(), ct));

    private static async Task<Ok<ExerciseReview>> ReviewAsync(ExerciseService service, int id, CancellationToken ct) =>
        TypedResults.Ok(await service.ReviewAsync(id, ct));

    private static async Task<FileContentHttpResult> ExportAsync(ExerciseService service, int id, CancellationToken ct)
    {
        var markdown = await service.ExportMarkdownAsync(id, ct);
        return TypedResults.File(Encoding.UTF8.GetBytes(markdown), "text/markdown; charset=utf-8", $"exercise-{id}-review.md");
    }

    private static async Task<Ok<ExerciseReview>> AddLessonAsync(ExerciseService service, ClaimsPrincipal user, int id,
        [FromBody] ExerciseNoteRequest body, CancellationToken ct) =>
        TypedResults.Ok(await service.AddLessonAsync(id, body.Text, user.RequireActor(), ct));

    private static async Task<Ok<ExerciseReview>> ProposeAsync(ExerciseService service, ClaimsPrincipal user, int id,
        [FromBody] ExerciseNoteRequest body, CancellationToken ct) =>
        TypedResults.Ok(await service.ProposePlaybookChangeAsync(id, body.Text, user.RequireActor(), ct));

    private static async Task<Ok<ExerciseReview>> FollowUpAsync(ExerciseService service, ClaimsPrincipal user, int id,
        [FromBody] FollowUpRequest body, CancellationToken ct) =>
        TypedResults.Ok(await service.ScheduleFollowUpAsync(id, body.Date, user.RequireActor(), ct));

    private static async Task<Ok<ActionItemView>> CreateActionItemAsync(ExerciseService service, ClaimsPrincipal user, int id,
        [FromBody] ActionItemInput body, CancellationToken ct) =>
        TypedResults.Ok(await service.CreateActionItemAsync(id, body, user.RequireActor(), ct));
}
