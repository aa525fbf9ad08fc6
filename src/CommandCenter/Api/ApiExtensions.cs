namespace CommandCenter.Api;

/// <summary>The HTTP API under /api (filled in by the API work).</summary>
public static class ApiExtensions
{
    public static IServiceCollection AddCommandCenterApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddOpenApi();
        return services;
    }

    public static WebApplication UseCommandCenterApiErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        return app;
    }

    public static IEndpointRouteBuilder MapCommandCenterApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi().AllowAnonymous();
        return endpoints;
    }
}
