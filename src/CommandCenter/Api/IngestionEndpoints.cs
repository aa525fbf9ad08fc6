using System.Text.Json;
using CommandCenter.Core.Common;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Integrations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommandCenter.Api;

/// <summary>
/// Where monitoring sends signals and changes. Every call needs a source's API key and is rate-limited per key; an
/// accepted signal or change is committed before the answer. Bodies are read here, after the key is checked, so a
/// caller without a key learns that first.
/// </summary>
internal static class IngestionEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RouteGroupBuilder MapIngestionEndpoints(this RouteGroupBuilder api)
    {
        var ingestion = api.MapGroup("").WithTags("Ingestion");
        ingestion.MapPost("/signals", PostSignalsAsync)
            .WithName("PostSignals")
            .WithSummary("One signal, an array, or {\"signals\": [...]} (up to 1,000). 202 with a result per item; bad items are reported and the rest kept.")
            .Accepts<SignalPayload>("application/json")
            .Produces<IngestResult>(StatusCodes.Status202Accepted)
            .WithIngestionProblems();
        ingestion.MapPost("/integrations/alertmanager", PostAlertmanagerAsync)
            .WithName("PostAlertmanagerWebhook")
            .WithSummary("Prometheus Alertmanager webhook (payload version 4), firing and resolved alerts.")
            .Accepts<AlertmanagerWebhook>("application/json")
            .Produces<IngestResult>(StatusCodes.Status202Accepted)
            .WithIngestionProblems();
        ingestion.MapPost("/integrations/events", PostEventAsync)
            .WithName("PostEvent")
            .WithSummary("A PagerDuty Events API v2 shaped event: trigger, acknowledge or resolve by dedup_key. The key may also be the routing_key.")
            .Accepts<PagerDutyEvent>("application/json")
            .Produces<EventAccepted>(StatusCodes.Status202Accepted)
            .WithIngestionProblems();
        ingestion.MapPost("/changes", PostChangeAsync)
            .WithName("PostChange")
            .WithSummary("A change to an AI system (deploy, rollback, prompt, index, guardrail, config, flag). 201 when stored, 200 with the stored change for a replay.")
            .Accepts<ChangePayload>("application/json")
            .Produces<ChangeView>(StatusCodes.Status201Created)
            .Produces<ChangeView>(StatusCodes.Status200OK)
            .WithIngestionProblems();
        return api;
    }

    private static RouteHandlerBuilder WithIngestionProblems(this RouteHandlerBuilder builder) => builder
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);

    /// <summary>PagerDuty's own answer shape, so tools written for it keep working.</summary>
    public sealed record EventAccepted(string Status, string Message, string DedupKey, IngestItemResult Result);

    /// <summary>The body of POST /api/changes; <c>id</c> is the optional idempotency key.</summary>
    public sealed record ChangePayload(string? System, string? Kind, string? Summary, string? FromVersion, string? ToVersion, string? Author,
        DateTime? OccurredAt, string? Id);

    private static async Task<IResult> PostSignalsAsync(HttpContext http, IngestionAccess access, ISignalIngestor ingestor)
    {
        var key = await access.AdmitAsync(http);
        using var body = await ReadAsync<JsonDocument>(http);
        // TryGetProperty throws on anything but an object, so a scalar body (42, "x", null) must not reach it.
        var root = body.RootElement;
        var isBatch = root.ValueKind == JsonValueKind.Array || (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("signals", out _));
        var items = ReadSignals(root);
        return await IngestAsync(ingestor, key.Source, items, isBatch ? "signals" : null, http.RequestAborted);
    }

    private static async Task<IResult> PostAlertmanagerAsync(HttpContext http, IngestionAccess access, ISignalIngestor ingestor)
    {
        var key = await access.AdmitAsync(http);
        using var body = await ReadAsync<JsonDocument>(http);
        var items = AlertmanagerPayloads.Read(body.RootElement);
        return await IngestAsync(ingestor, key.Source, [.. items], "alerts", http.RequestAborted);
    }

    private static async Task<IResult> PostEventAsync(HttpContext http, IngestionAccess access, ISignalIngestor ingestor)
    {
        var body = await ReadAsync<PagerDutyEvent>(http);
        var key = await access.AdmitAsync(http, body.RoutingKey);
        var (signal, dedupKey) = PagerDutyMapping.ToSignal(body);
        var result = await ingestor.IngestAsync(key.Source, [signal], http.RequestAborted);
        var item = result.Items[0];
        if (item.Outcome == IngestOutcome.Rejected)
        {
            throw new ValidationException(item.Errors!.ToDictionary(e => EventField(e.Key), e => e.Value));
        }
        return TypedResults.Json(new EventAccepted("success", "Event processed", dedupKey, item), Json, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> PostChangeAsync(HttpContext http, IngestionAccess access, IChangeRecorder changes)
    {
        var key = await access.AdmitAsync(http);
        var body = await ReadAsync<ChangePayload>(http);
        var (change, created) = await changes.RecordAsync(key.Source, new RecordChange
        {
            System = body.System, Kind = body.Kind, Summary = body.Summary, FromVersion = body.FromVersion, ToVersion = body.ToVersion,
            Author = body.Author, OccurredAt = body.OccurredAt, IdempotencyKey = body.Id,
        }, http.RequestAborted);
        return created ? TypedResults.Json(change, Json, statusCode: StatusCodes.Status201Created) : TypedResults.Ok(change);
    }

    private static List<PayloadItem> ReadSignals(JsonElement root)
    {
        try
        {
            return [.. SignalPayloads.Read(root)];
        }
        catch (JsonException ex)
        {
            throw ValidationException.For("signals", ex.Message);
        }
    }

    /// <summary>Sends the readable items, puts the unreadable ones back in their places, and answers 202 (or 400 if nothing was usable).</summary>
    private static async Task<IResult> IngestAsync(ISignalIngestor ingestor, string source, List<PayloadItem> items,
        string? itemsField, CancellationToken cancellationToken)
    {
        var readable = items.Select((item, index) => (item.Signal, Index: index)).Where(x => x.Signal is not null).ToList();
        var results = new IngestItemResult[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Error is { } error)
            {
                results[i] = new IngestItemResult(i, IngestOutcome.Rejected, null, null, new Dictionary<string, string[]> { [items[i].Field!] = [error] });
            }
        }
        if (readable.Count > 0)
        {
            var ingested = await ingestor.IngestAsync(source, readable.Select(x => x.Signal!).ToList(), cancellationToken);
            foreach (var item in ingested.Items)
            {
                var original = readable[item.Index].Index;
                results[original] = item with { Index = original };
            }
        }

        if (results.All(r => r.Outcome == IngestOutcome.Rejected))
        {
            throw new ValidationException(results
                .SelectMany(r => r.Errors!.Select(e => (Field: ItemField(itemsField, r.Index, e.Key), e.Value)))
                .GroupBy(e => e.Field)
                .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray()));
        }
        var answer = new IngestResult(
            results.Count(r => r.Outcome == IngestOutcome.Accepted),
            results.Count(r => r.Outcome == IngestOutcome.Duplicate),
            results.Count(r => r.Outcome == IngestOutcome.Rejected),
            results);
        return TypedResults.Json(answer, Json, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>Where in the body an item's field is: <c>alerts[2].labels.region</c>; an error about the item itself names <c>alerts[2]</c>.</summary>
    private static string ItemField(string? itemsField, int index, string field) => itemsField switch
    {
        null => field,
        _ when field is "signal" or "alert" => $"{itemsField}[{index}]",
        _ => $"{itemsField}[{index}].{field}",
    };

    private static string EventField(string field) => field switch
    {
        "system" => "payload.custom_details.system",
        "kind" => "payload.custom_details.kind",
        "summary" => "payload.summary",
        "occurredAt" => "payload.timestamp",
        "fingerprint" => "dedup_key",
        _ => field,
    };

    /// <summary>Reads the body as JSON; unreadable JSON becomes the same 400 the framework's own binding gives.</summary>
    private static async Task<T> ReadAsync<T>(HttpContext http)
    {
        if (!http.Request.HasJsonContentType())
        {
            throw new BadHttpRequestException("Send the body as JSON with Content-Type: application/json.", StatusCodes.Status415UnsupportedMediaType);
        }
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, Json, http.RequestAborted)
                ?? throw new BadHttpRequestException("The request body is empty (JSON null).");
        }
        catch (JsonException ex)
        {
            throw new BadHttpRequestException($"Failed to read the request body as JSON ({typeof(T).Name}).", ex);
        }
    }
}
