using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Core.Learning;

public static class LearningServices
{
    /// <summary>Postmortems, action items, metrics and search. Reads the "Learning" section.</summary>
    public static IServiceCollection AddCommandCenterLearning(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LearningOptions>(configuration.GetSection(LearningOptions.Section));
        services.AddSingleton<PostmortemService>();
        services.AddSingleton<Incidents.IClosingGate, PublishedPostmortemGate>();
        services.AddSingleton<ActionItemService>();
        services.AddSingleton<MetricsService>();
        services.AddSingleton<SearchService>();
        services.AddHostedService<PostmortemOnResolve>();
        services.AddSingleton<Demo.DemoHistory>();
        return services;
    }
}
