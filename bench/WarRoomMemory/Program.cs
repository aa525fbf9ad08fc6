using System.Globalization;
using System.Security.Claims;
using CommandCenter.Bench;
using CommandCenter.Components.Incidents.WarRoom;
using CommandCenter.Core;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Persistence;
using CommandCenter.Core.Playbooks;
using CommandCenter.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// What one open war room keeps on the server: the managed heap held by one circuit's IncidentState (detail, first
// timeline page, containment, playbook, updates, triage, system), measured over many states after a full GC.
const string Usage = """
    Managed heap held per open war-room state (one IncidentState per circuit), on a fresh SQLite file with the demo data.

      dotnet run -c Release --project bench/WarRoomMemory -- [--states 20] [--rounds 5]

    --states  war-room states held open at once per round (default 20)
    --rounds  measurements; each prints its figure and the median is reported (default 5)
    """;

return await BenchMain.RunAsync(args, Usage, Parse, RunAsync);

static (int States, int Rounds) Parse(IReadOnlyList<string> args)
{
    var (states, rounds) = (20, 5);
    for (var i = 0; i < args.Count; i++)
    {
        var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
        switch (args[i])
        {
            case "--states": states = BenchArgs.Positive("--states", int.Parse(value, CultureInfo.InvariantCulture)); i++; break;
            case "--rounds": rounds = BenchArgs.Positive("--rounds", int.Parse(value, CultureInfo.InvariantCulture)); i++; break;
            default: throw new ArgumentException($"Unknown option {args[i]}.");
        }
    }
    return (states, rounds);
}

static async Task<int> RunAsync((int States, int Rounds) options, CancellationToken cancellationToken)
{
    var folder = Path.Combine(Path.GetTempPath(), "commandcenter-memory-" + Guid.NewGuid().ToString("N")[..12]);
    Directory.CreateDirectory(folder);
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:CommandCenter"] = $"Data Source={Path.Combine(folder, "cc.db")}",
        ["Database:SeedDemoData"] = "true",
    }).Build();
    var services = new ServiceCollection().AddLogging().AddCommandCenterCore(configuration);
    services.AddSingleton<AuthenticationStateProvider, MayaSignedIn>();
    services.AddScoped<CurrentUser>();
    services.AddScoped<IncidentState>();
    await using var provider = services.BuildServiceProvider();
    try
    {
        await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
        var key = $"INC-{DateTime.UtcNow.Year}-0001";
        const IncidentParts all = IncidentParts.Containment | IncidentParts.Playbook | IncidentParts.Updates | IncidentParts.Triage
            | IncidentParts.System;
        // The app attaches playbooks to the demo incidents at start-up (a hosted service this bench does not run).
        await provider.GetRequiredService<PlaybookService>().AttachAsync(key, new Actor("Maya Chen", OrgRole.Responder, "maya"), cancellationToken);
        // Warm up (code, caches, the EF model) before anything is measured.
        using (var warm = provider.CreateScope())
        {
            await warm.ServiceProvider.GetRequiredService<IncidentState>().LoadAsync(key, all);
        }
        var figures = new List<long>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            var before = FullGcHeap();
            var scopes = new List<IServiceScope>();
            for (var i = 0; i < options.States; i++)
            {
                var scope = provider.CreateScope();
                var state = scope.ServiceProvider.GetRequiredService<IncidentState>();
                await state.LoadAsync(key, all);
                // An empty state would measure nothing: every part must be there.
                if (state.Detail is null || state.Timeline.Count == 0 || state.LoadError is not null || state.Containment is null
                    || state.Updates is null || state.System is null || state.Playbook is null || state.Triage is null)
                {
                    throw new InvalidOperationException($"The war room of {key} did not load: {state.LoadError ?? state.TriageError ?? "a part is missing"}.");
                }
                scopes.Add(scope);
            }
            var perState = (FullGcHeap() - before) / options.States;
            GC.KeepAlive(scopes);
            scopes.ForEach(s => s.Dispose());
            figures.Add(perState);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round}: {perState / 1024.0,6:0} KB per open war room ({options.States} states)"));
        }
        figures.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Managed heap per open war-room state, median of {options.Rounds}: {figures[figures.Count / 2] / 1024.0:0} KB"));
        return 0;
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

static long FullGcHeap()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    return GC.GetTotalMemory(forceFullCollection: true);
}

/// <summary>The demo's Maya Chen (responder), signed in on every circuit the bench opens.</summary>
internal sealed class MayaSignedIn : AuthenticationStateProvider
{
    private static readonly Task<AuthenticationState> State = Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, "Maya Chen"), new Claim(ClaimTypes.Role, "responder"), new Claim(ActorClaims.UserNameClaim, "maya")],
        "bench", ClaimTypes.Name, ClaimTypes.Role))));

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => State;
}
