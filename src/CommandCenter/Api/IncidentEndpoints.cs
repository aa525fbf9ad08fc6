using System.Security.Claims;
using CommandCenter.Identity;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Systems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CommandCenter.Api;

/// <summary>
/// The /api endpoints. Each one translates HTTP to one incident use-case call (IncidentService, IncidentLifecycle,
/// IncidentRoster, IncidentLegalRecords) and back; every rule (validation, lifecycle, roles) lives in Core and surfaces here as an exception that <see cref="ApiExceptionHandler"/> maps.
/// </summary>
internal static class IncidentEndpoints
{
    /// <summary>Largest timeline page the API hands out in one response.</summary>
    public const int MaxTimelinePage = 1000;

    public static RouteGroupBuilder MapIncidentEndpoints(this RouteGroupBuilder api)
    {
        var incidents = api.MapGroup("/incidents").WithTags("Incidents");
        incidents.MapGet("/", ListAsync)
            .WithName("ListIncidents").WithSummary("Lists incidents, worst severity first; filter by status or active=true.")
            .ProducesValidationProblem();
        incidents.MapGet("/{key}", GetAsync)
            .WithName("GetIncident").WithSummary("One incident: detail, roles, phase times, metrics and its whole timeline, newest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        incidents.MapGet("/{key}/timeline", GetTimelineAsync)
            .WithName("GetTimeline").WithSummary("A page of the timeline, newest first; pass before=<oldest sequence you have> to page back.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        incidents.MapGet("/{key}/timeline/{sequence:int}", GetTimelineEntryAsync)
            .WithName("GetTimelineEntry").WithSummary("One timeline entry.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        incidents.MapPost("/", DeclareAsync)
            .WithName("DeclareIncident").WithSummary("Declares an incident (status detected); takeCommand makes the declarer Incident Commander.")
            .ProducesValidationProblem();
        incidents.MapPost("/{key}/timeline", RecordAsync)
            .WithName("RecordTimelineEntry").WithSummary("Adds a note, decision, action, signal or communication, optionally back-dated.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        incidents.MapPost("/{key}/timeline/{sequence:int}/corrections", CorrectAsync)
            .WithName("CorrectTimelineEntry").WithSummary("Appends a correction of an entry; the timeline is append-only, the original stays.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        incidents.MapPost("/{key}/status", ChangeStatusAsync)
            .WithName("ChangeStatus").WithSummary("Moves the incident forward to a later phase.")
            .WithCommandProblems();
        incidents.MapPost("/{key}/severity", ChangeSeverityAsync)
            .WithName("ChangeSeverity").WithSummary("Raises or lowers the severity.")
            .WithCommandProblems();
        incidents.MapPost("/{key}/roles", AssignRoleAsync)
            .WithName("AssignRole").WithSummary("Gives a role to a person. Once there is an Incident Commander only they may, except taking a vacant role for yourself.")
            .WithCommandProblems();
        incidents.MapPost("/{key}/clocks", StartClocksAsync)
            .WithName("StartRegulatoryClocks").WithSummary("Records a finding (personal-data-breach, serious-incident, ...) and starts the legal clocks it triggers from awareAt.")
            .WithCommandProblems();
        incidents.MapPost("/{key}/clocks/{code}/met", MeetClockAsync)
            .WithName("MeetRegulatoryClock").WithSummary("The obligation behind a clock was met (the authority was notified); the clock stops.")
            .WithCommandProblems();
        incidents.MapPost("/{key}/exposure", RecordExposureAsync)
            .WithName("RecordExposure").WithSummary("Records the data-exposure scope: systems, data categories, people affected (null while unknown). IC or Legal liaison.")
            .WithCommandProblems();
        incidents.MapPost("/{key}/legal-hold", SetLegalHoldAsync)
            .WithName("SetLegalHold").WithSummary("Places (on: true) or lifts a legal hold; a held incident cannot be closed. IC or Legal liaison.")
            .WithCommandProblems();
        incidents.MapDelete("/{key}/roles/{role}", UnassignRoleAsync)
            .WithName("UnassignRole").WithSummary("Releases a role (your own, or anyone's if you are the Incident Commander).")
            .WithCommandProblems();
        return api;
    }

    private static async Task<Ok<IReadOnlyList<IncidentSummary>>> ListAsync(IncidentService service, string? status, bool? active,
        CancellationToken ct)
    {
        IncidentStatus? filter = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            var v = new Validator();
            filter = v.Parsed("status", status, IncidentStatuses.Parse, "Status", IncidentStatuses.Allowed);
            v.ThrowIfInvalid();
        }
        return TypedResults.Ok(await service.ListAsync(filter, activeOnly: active == true, ct));
    }

    private static async Task<Ok<IncidentWithTimeline>> GetAsync(IncidentService service, string key, CancellationToken ct) =>
        TypedResults.Ok(await service.GetWithTimelineAsync(key, ct));

    private static async Task<Ok<IReadOnlyList<TimelineEntryView>>> GetTimelineAsync(IncidentService service, string key, int? before,
        int? take, CancellationToken ct)
    {
        if (take is < 1 or > MaxTimelinePage)
        {
            throw ValidationException.For("take", $"Take between 1 and {MaxTimelinePage} entries.");
        }
        return TypedResults.Ok(await service.GetTimelineAsync(key, before, take ?? IncidentService.TimelinePageSize, ct));
    }

    private static async Task<Ok<TimelineEntryView>> GetTimelineEntryAsync(IncidentService service, string key, int sequence,
        CancellationToken ct)
    {
        var page = await service.GetTimelineAsync(key, beforeSequence: sequence + 1, take: 1, ct);
        return page is [{ } entry] && entry.Sequence == sequence
            ? TypedResults.Ok(entry)
            : throw new NotFoundException($"{key} has no timeline entry #{sequence}.");
    }

    private static async Task<Created<IncidentSummary>> DeclareAsync(IncidentService service, ClaimsPrincipal user, [FromBody] DeclareIncidentRequest body,
        CancellationToken ct)
    {
        var command = new DeclareIncident(body.Title, body.Summary, body.Severity, body.Archetype, body.System,
            body.TakeCommand == true, body.ImpactStartedAt?.UtcDateTime);
        var incident = await service.DeclareAsync(command, user.RequireActor(), ct);
        return TypedResults.Created(IncidentPath(incident.Key), incident);
    }

    private static async Task<Created<TimelineEntryView>> RecordAsync(IncidentService service, ClaimsPrincipal user, string key,
        [FromBody] RecordTimelineEntryRequest body, CancellationToken ct)
    {
        var entry = await service.RecordAsync(key, new RecordTimelineEntry(body.Kind, body.Text, body.OccurredAt?.UtcDateTime),
            user.RequireActor(), ct);
        return TypedResults.Created(EntryPath(entry), entry);
    }

    private static async Task<Created<TimelineEntryView>> CorrectAsync(IncidentService service, ClaimsPrincipal user, string key, int sequence,
        [FromBody] CorrectTimelineEntryRequest body, CancellationToken ct)
    {
        var entry = await service.CorrectAsync(key, new CorrectTimelineEntry(sequence, body.Text), user.RequireActor(), ct);
        return TypedResults.Created(EntryPath(entry), entry);
    }

    private static async Task<Ok<IncidentDetail>> StartClocksAsync(IncidentLegalRecords legal, IncidentService service, ClaimsPrincipal user, string key, [FromBody] StartClocksRequest body,
        CancellationToken ct)
    {
        await legal.StartClocksAsync(key, body.Trigger, body.AwareAt?.UtcDateTime, user.RequireActor(), ct);
        return TypedResults.Ok(await service.GetAsync(key, ct));
    }

    private static async Task<Ok<IncidentDetail>> MeetClockAsync(IncidentLegalRecords legal, IncidentService service, ClaimsPrincipal user, string key, string code,
        CancellationToken ct)
    {
        await legal.MeetClockAsync(key, code, user.RequireActor(), ct);
        return TypedResults.Ok(await service.GetAsync(key, ct));
    }

    private static async Task<Ok<IncidentSummary>> ChangeStatusAsync(IncidentLifecycle lifecycle, ClaimsPrincipal user, string key, [FromBody] ChangeStatusRequest body,
        CancellationToken ct) =>
        TypedResults.Ok(await lifecycle.ChangeStatusAsync(key, body.Status, user.RequireActor(), body.Reason, ct));

    private static async Task<Ok<IncidentSummary>> ChangeSeverityAsync(IncidentLifecycle lifecycle, ClaimsPrincipal user, string key, [FromBody] ChangeSeverityRequest body,
        CancellationToken ct) =>
        TypedResults.Ok(await lifecycle.ChangeSeverityAsync(key, body.Severity, user.RequireActor(), body.Reason, ct));

    private static async Task<Ok<IncidentSummary>> AssignRoleAsync(IncidentRoster roster, ClaimsPrincipal user, string key, [FromBody] AssignRoleRequest body,
        CancellationToken ct) =>
        TypedResults.Ok(await roster.AssignRoleAsync(key, body.Role, body.Person, user.RequireActor(), ct));

    private static async Task<Ok<IncidentSummary>> UnassignRoleAsync(IncidentRoster roster, ClaimsPrincipal user, string key, string role,
        CancellationToken ct) =>
        TypedResults.Ok(await roster.UnassignRoleAsync(key, role, user.RequireActor(), ct));

    private static async Task<Ok<IncidentDetail>> RecordExposureAsync(IncidentLegalRecords legal, IncidentService service, ClaimsPrincipal user, string key,
        [FromBody] RecordExposureRequest body, CancellationToken ct)
    {
        await legal.RecordExposureAsync(key, body.Systems, body.DataCategories, body.AffectedUsers, user.RequireActor(), ct);
        return TypedResults.Ok(await service.GetAsync(key, ct));
    }

    private static async Task<Ok<IncidentDetail>> SetLegalHoldAsync(IncidentLegalRecords legal, IncidentService service, ClaimsPrincipal user, string key,
        [FromBody] LegalHoldRequest body, CancellationToken ct)
    {
        await legal.SetLegalHoldAsync(key, body.On, body.Reason, user.RequireActor(), ct);
        return TypedResults.Ok(await service.GetAsync(key, ct));
    }

    private static string IncidentPath(string key) => $"/api/incidents/{Uri.EscapeDataString(key)}";

    private static string EntryPath(TimelineEntryView entry) => $"{IncidentPath(entry.IncidentKey)}/timeline/{entry.Sequence}";
}
