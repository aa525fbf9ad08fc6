using CommandCenter.Core;
using CommandCenter.Core.Integrations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Bench.Ingestion;

/// <summary>Creates the bench's API key straight in the app's database, as the Settings page would, with a limit the run cannot hit.</summary>
internal static class BenchKeys
{
    public static async Task<string> CreateAsync(string databasePath, string source, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:CommandCenter"] = $"Data Source={databasePath}",
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddCommandCenterCore(configuration).BuildServiceProvider();
        var created = await services.GetRequiredService<ApiKeyService>()
            .CreateAsync(new CreateApiKey("Ingestion bench", source, ApiKeyService.MaxRequestsPerMinute), CommandCenter.Core.Accounts.Actor.Automation("Ingestion bench"), cancellationToken);
        SqliteConnection.ClearAllPools();
        return created.Secret;
    }
}
