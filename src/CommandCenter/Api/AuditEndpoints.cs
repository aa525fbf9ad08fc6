using System.Security.Claims;
using System.Text;
using CommandCenter.Core.Audit;
using CommandCenter.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CommandCenter.Api;

/// <summary>The audit trail under /api/audit: administrators and Legal liaisons (403 for everyone else).</summary>
internal static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit");
        audit.MapGet("/verify", VerifyAsync).WithName("VerifyAudit")
            .WithSummary("Verifies the audit trail's MAC chain and every incident timeline: intact up to entry N, or the first broken entry.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        audit.MapGet("/", SearchAsync).WithName("SearchAudit")
            .WithSummary("Audit entries, newest first: who, what, target, from, to, outcome, take; format=json (default) or csv.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }

    private static async Task<Ok<IntegrityReport>> VerifyAsync(IntegrityCheck integrity, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(await integrity.VerifyAsync(user.RequireActor(), ct));

    private static async Task<IResult> SearchAsync(AuditTrail trail, ClaimsPrincipal user, string? who, string? what, string? target,
        DateTime? from, DateTime? to, string? outcome, int? take, string? format, CancellationToken ct)
    {
        var entries = await trail.SearchAsync(new AuditQuery(who, what, target, from?.ToUniversalTime(), to?.ToUniversalTime(), outcome,
            take ?? 500), user.RequireActor(), ct);
        return string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            ? TypedResults.File(Encoding.UTF8.GetBytes(AuditTrail.ToCsv(entries)), "text/csv; charset=utf-8", "audit.csv")
            : TypedResults.Ok(entries);
    }
}

/// <summary>Unhealthy when the last verification (at start-up or on demand) found a broken audit trail or timeline.</summary>
internal sealed class AuditIntegrityHealthCheck(IntegrityCheck integrity) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(integrity.Last switch
        {
            null => HealthCheckResult.Healthy("Not verified yet."),
            { Intact: true } report => HealthCheckResult.Healthy(report.Describe()),
            var report => HealthCheckResult.Unhealthy(report.Describe()),
        });
}
