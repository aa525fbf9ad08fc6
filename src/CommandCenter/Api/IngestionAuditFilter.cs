using CommandCenter.Core.Accounts;
using CommandCenter.Core.Audit;
using CommandCenter.Core.Detection;
using CommandCenter.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommandCenter.Api;

/// <summary>
/// Puts what each ingestion request came to in the audit trail, by the API key <see cref="IngestionAccess"/> admitted:
/// signals (signals, Alertmanager, PagerDuty-style events) as counts in the per-key summary the
/// <see cref="IngestionAuditAggregator"/> writes every interval; a change (POST /api/changes) as one entry of its own.
/// Requests without a known key never reach a tally (the door's throttle and log see them).
/// </summary>
internal sealed class IngestionAuditFilter(IngestionAuditAggregator aggregator, IAuditTrail audit) : IEndpointFilter
{
    private const string ChangeEndpoint = "PostChange";
    private const string ChangeCommand = "Change.Record";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var isChange = http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == ChangeEndpoint;
        object? result;
        try
        {
            result = await next(context);
        }
        catch (Exception e) when (IngestionAccess.AdmittedKey(http) is { } key)
        {
            if (isChange)
            {
                await audit.RecordAsync(new AuditRecord(ActorOf(http, key), ChangeCommand, "{}", key.Source, AuditOutcome.Refused, Reason(e)));
            }
            else
            {
                aggregator.Count(key, Address(http), new IngestionCount(0, 0, 0, Refused: true));
            }
            throw;
        }
        if (IngestionAccess.AdmittedKey(http) is not { } admitted)
        {
            return result;
        }
        switch (result)
        {
            case IValueHttpResult { Value: ChangeView change } when isChange:
                var replay = result is Ok<ChangeView>;
                await audit.RecordAsync(new AuditRecord(ActorOf(http, admitted), ChangeCommand, AuditRedaction.ToJson(new { change, replay }),
                    change.System, AuditOutcome.Done, null));
                break;
            case IValueHttpResult { Value: IngestResult r }:
                aggregator.Count(admitted, Address(http), new IngestionCount(r.Accepted, r.Duplicates, r.Rejected));
                break;
            case IValueHttpResult { Value: IngestionEndpoints.EventAccepted e }:
                aggregator.Count(admitted, Address(http), new IngestionCount(
                    e.Result.Outcome == IngestOutcome.Accepted ? 1 : 0, e.Result.Outcome == IngestOutcome.Duplicate ? 1 : 0,
                    e.Result.Outcome == IngestOutcome.Rejected ? 1 : 0));
                break;
        }
        return result;
    }

    private static string Address(HttpContext http) => SignInThrottle.ClientOf(http);

    // The reason a person reading the trail needs; a refusal's own message is written for the sender, so it serves.
    private static string Reason(Exception e) => e switch
    {
        Core.Common.DomainException or BadHttpRequestException or RateLimitedException => Shorten(e.Message),
        _ => $"Unexpected error ({e.GetType().Name}).",
    };

    private static string Shorten(string text) => text.Length <= 1_000 ? text : text[..1_000] + "…";

    private static Actor ActorOf(HttpContext http, IngestionKey key)
    {
        var userAgent = http.Request.Headers.UserAgent.ToString();
        return new Actor($"API key {key.Name}", OrgRole.Responder, null, new ActorOrigin(Address(http),
            userAgent.Length > RequestOrigin.MaxUserAgentLength ? userAgent[..RequestOrigin.MaxUserAgentLength] : userAgent, key.Prefix));
    }
}
