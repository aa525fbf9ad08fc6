using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.OpenApi;

namespace CommandCenter.Api;

/// <summary>The HTTP API under /api: JSON, problem details for every error, OpenAPI at /openapi/v1.json.</summary>
public static class ApiExtensions
{
    public static IServiceCollection AddCommandCenterApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddOptions<ApiKeyThrottleOptions>().BindConfiguration(ApiKeyThrottleOptions.Section);
        services.AddSingleton<IngestionAccess>();
        services.AddExceptionHandler<ApiExceptionHandler>();
        // ApiExceptionHandler logs every exception itself (see there); this stops a second, error-level copy of each.
        services.AddLogging(logging => logging.AddFilter(typeof(ExceptionHandlerMiddleware).FullName, LogLevel.None));
        // Without this, minimal APIs answer an unreadable body with a bare 400; thrown, it reaches the handler,
        // which says what was wrong with it.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            // Domain enums carry [JsonStringEnumMemberName] (SEV2, model-drift, ...), which wins over this policy;
            // the rest (a system's kind and risk tier) become kebab-case strings instead of numbers.
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        });
        services.AddOpenApi(options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "CommandCenter API",
                    Version = "v1",
                    Description = "Incidents, timelines and roles of the AI incident war room. Errors are RFC 7807 problem details. "
                        + "Live updates: the SignalR hub at /hubs/incidents (see docs/api.md).",
                };
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static WebApplication UseCommandCenterApiErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"),
            api => api.UseMiddleware<RequestBodyLimit>());
        return app;
    }

    public static IEndpointRouteBuilder MapCommandCenterApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi().AllowAnonymous();
        // People's API: the session cookie (browser, or POST /api/session); every call acts as that account.
        endpoints.MapGroup("/api").RequireAuthorization().MapIncidentEndpoints().MapSystemEndpoints().MapCandidateEndpoints().MapUserEndpoints()
            .MapContainmentEndpoints().MapStatusUpdateEndpoints().MapPlaybookEndpoints().MapAuditEndpoints()
            .MapEvidenceEndpoints().MapLearningEndpoints().MapExerciseEndpoints();
        // Machines' API: ingestion authenticates with per-source API keys (IngestionAccess), not accounts, so the
        // same-origin check for cookie sessions does not apply to it.
        endpoints.MapGroup("/api").AllowAnonymous().WithMetadata(Identity.ApiKeyAuthenticatedEndpoint.Instance)
            .AddEndpointFilter<IngestionAuditFilter>().MapIngestionEndpoints();
        return endpoints;
    }

    /// <summary>What a command endpoint may answer besides success: a bad field, a refusal, an unknown target, a wrong state.</summary>
    internal static RouteHandlerBuilder WithCommandProblems(this RouteHandlerBuilder builder) => builder
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
