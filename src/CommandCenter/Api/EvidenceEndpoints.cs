using System.Security.Claims;
using System.Text.Json;
using CommandCenter.Core.Common;
using CommandCenter.Core.Evidence;
using CommandCenter.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommandCenter.Api;

/// <summary>Evidence under /api/incidents/{key}/evidence: collect (multipart file or JSON text), list, view with custody, download.</summary>
internal static class EvidenceEndpoints
{
    /// <summary>Body limit for an upload: the largest accepted artefact (Evidence:MaxBytes, 25 MB by default) plus the form around it.</summary>
    public const long UploadMaxBytes = 32L * 1024 * 1024;

    public sealed record AddEvidenceRequest(string? Kind, string? Title, string? Source, string? Text);

    public sealed record DeleteEvidenceRequest(string? Reason);

    public static RouteGroupBuilder MapEvidenceEndpoints(this RouteGroupBuilder api)
    {
        var evidence = api.MapGroup("/incidents/{key}/evidence").WithTags("Evidence");
        evidence.MapPost("/", AddAsync).WithName("AddEvidence")
            .WithSummary("Collects evidence: multipart/form-data with kind, title, source and a file, or JSON {kind, title, source, text}.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        evidence.MapGet("/", ListAsync).WithName("ListEvidence").WithSummary("The incident's evidence with hashes and custody logs.");
        evidence.MapGet("/{id:long}", ViewAsync).WithName("GetEvidence")
            .WithSummary("One artefact's metadata and custody log (the look is logged).").ProducesProblem(StatusCodes.Status404NotFound);
        evidence.MapGet("/{id:long}/content", ContentAsync).WithName("GetEvidenceContent")
            .WithSummary("The artefact's bytes, as an attachment (the download is logged).").ProducesProblem(StatusCodes.Status404NotFound);
        evidence.MapDelete("/{id:long}", DeleteAsync).WithName("DeleteEvidence")
            .WithSummary("Deletes the artefact's content (Incident Commander or administrator; JSON {reason} required; 409 under legal hold). " +
                "Metadata, hash and custody log stay; answers the artefact with its custody log.")
            .WithCommandProblems();
        api.MapGet("/incidents/{key}/record", RecordAsync).WithTags("Evidence").WithName("GetIncidentRecord")
            .WithSummary("The incident record: format=json (default), md (Markdown) or zip (evidence files + manifest.json signed with ECDSA P-256).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> RecordAsync(IncidentRecordService records, ClaimsPrincipal user, HttpContext context, string key,
        string? format, CancellationToken ct)
    {
        var actor = user.RequireActor();
        var record = await records.BuildAsync(key, actor, ct);
        var name = $"{record.Incident.Incident.Key}-record";
        switch (format?.ToLowerInvariant())
        {
            case "md":
                return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(IncidentRecordService.ToMarkdown(record)), "text/markdown; charset=utf-8", name + ".md");
            case "zip":
                var zip = new MemoryStream();
                await records.WriteZipAsync(record, zip, actor, ct);
                zip.Position = 0;
                return TypedResults.File(zip, "application/zip", name + ".zip");
            case null or "" or "json":
                return TypedResults.Text(IncidentRecordService.ToJson(record), "application/json", System.Text.Encoding.UTF8);
            default:
                throw ValidationException.For("format", $"'{format}' is not a known format; use json, md or zip.");
        }
    }

    private static async Task<Created<EvidenceView>> AddAsync(EvidenceService service, ClaimsPrincipal user, HttpRequest request, string key,
        CancellationToken ct)
    {
        var actor = user.RequireActor();
        EvidenceView added;
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(ct);
            }
            catch (InvalidDataException)
            {
                throw ValidationException.For("file", "The multipart/form-data body could not be read (is its boundary missing?).");
            }
            var file = form.Files.GetFile("file");
            await using var content = file?.OpenReadStream();
            added = await service.AddAsync(key, new AddEvidence(form["kind"], form["title"], form["source"], form["text"], content,
                file?.ContentType, file?.FileName), actor, ct);
        }
        else if (request.HasJsonContentType())
        {
            AddEvidenceRequest? body;
            try
            {
                body = await request.ReadFromJsonAsync<AddEvidenceRequest>(ct);
            }
            catch (JsonException e)
            {
                throw new BadHttpRequestException("The body is not valid JSON.", StatusCodes.Status400BadRequest, e);
            }
            added = await service.AddAsync(key, new AddEvidence(body?.Kind, body?.Title, body?.Source, body?.Text), actor, ct);
        }
        else
        {
            throw new BadHttpRequestException("Send multipart/form-data or JSON.", StatusCodes.Status415UnsupportedMediaType);
        }
        return TypedResults.Created($"/api/incidents/{Uri.EscapeDataString(added.IncidentKey)}/evidence/{added.Id}", added);
    }

    private static async Task<Ok<IReadOnlyList<EvidenceView>>> ListAsync(EvidenceService service, string key, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(key, ct));

    private static async Task<Ok<EvidenceView>> ViewAsync(EvidenceService service, ClaimsPrincipal user, string key, long id, CancellationToken ct) =>
        TypedResults.Ok(await service.ViewAsync(key, id, user.RequireActor(), ct));

    private static async Task<Ok<EvidenceView>> DeleteAsync(EvidenceService service, ClaimsPrincipal user, string key, long id,
        [Microsoft.AspNetCore.Mvc.FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] DeleteEvidenceRequest? body,
        CancellationToken ct) =>
        TypedResults.Ok(await service.DeleteAsync(key, id, body?.Reason, user.RequireActor(), ct));

    private static async Task<FileStreamHttpResult> ContentAsync(EvidenceService service, ClaimsPrincipal user, string key, long id,
        CancellationToken ct)
    {
        var (evidence, content) = await service.OpenAsync(key, id, user.RequireActor(), ct);
        return TypedResults.File(content, evidence.ContentType, evidence.FileName ?? $"evidence-{evidence.Id}-{evidence.Sha256[..12]}");
    }
}
