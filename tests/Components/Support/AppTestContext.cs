using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using CommandCenter.Components.Common;
using CommandCenter.Core;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Persistence;
using CommandCenter.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using MudBlazor.Services;

namespace CommandCenter.Tests.Components.Support;

/// <summary>
/// A bUnit context wired as the app wires a circuit: MudBlazor, the real Core services on a temporary SQLite file
/// (with the demo data unless asked otherwise), the live event bus, the action runner and a signed-in account.
/// Dispose it asynchronously (<c>await using</c>): MudBlazor registers services that are only IAsyncDisposable.
/// </summary>
public sealed class AppTestContext : IAsyncDisposable
{
    private readonly string _folder;

    private readonly BunitAuthorizationContext _authorization;

    private AppTestContext(BunitContext context, BunitAuthorizationContext authorization, string folder)
    {
        Context = context;
        _authorization = authorization;
        _folder = folder;
    }

    public BunitContext Context { get; }

    public IServiceProvider Services => Context.Services;

    public T Get<T>() where T : notnull => Context.Services.GetRequiredService<T>();

    /// <summary>Demo accounts: maya (IC of INC-2026-0001), tom, priya, lars, dana, noor, sam, alex (Leadership), admin.</summary>
    /// <param name="configure">Registers more services (a read counter, a fake) before the first one is resolved.</param>
    public static async Task<AppTestContext> StartAsync(string userName = "maya", bool seedDemoData = true,
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Database:SeedDemoData"] = seedDemoData ? "true" : "false",
            ["Detection:TickInterval"] = "01:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var folder = NewFolder();
        CopyDatabase(await SeededFolderAsync(values), folder);

        var (context, authorization) = Build(values, folder, configure);
        var test = new AppTestContext(context, authorization, folder);
        // Finds the copy migrated and seeded; still run, as the app runs it on every start.
        await context.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        await test.SignInAsync(userName);
        return test;
    }

    /// <summary>
    /// A folder migrated and seeded with <paramref name="values"/>, made once per test run and copied by every context
    /// with the same settings: migrating and seeding for each of 130 tests was most of this project's time.
    /// </summary>
    private static Task<string> SeededFolderAsync(Dictionary<string, string?> values) =>
        Seeds.GetOrAdd(string.Join(";", values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}")),
            _ => new Lazy<Task<string>>(async () =>
            {
                var folder = NewFolder();
                var (context, _) = Build(values, folder, configure: null);
                await context.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
                await context.DisposeAsync();
                SqliteConnection.ClearAllPools();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteFolder(folder);
                return folder;
            })).Value;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<string>>> Seeds = new();

    private static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "commandcenter-components-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    // The database, its log and its audit key; the shared-memory index is rebuilt when the copy is opened.
    private static void CopyDatabase(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from).Where(f => !f.EndsWith("-shm", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    private static (BunitContext Context, BunitAuthorizationContext Authorization) Build(
        Dictionary<string, string?> values, string folder, Action<IServiceCollection>? configure)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values)
            .AddInMemoryCollection([new("ConnectionStrings:CommandCenter", $"Data Source={Path.Combine(folder, "cc.db")}")])
            .Build();

        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        var services = context.Services;
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddCommandCenterCore(configuration);
        services.AddMudServices();
        services.AddScoped<ActionRunner>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<CommandCenter.Components.Incidents.WarRoom.IncidentState>();
        services.AddScoped<CommandCenter.Components.Incidents.WarRoom.IncidentActions>();
        configure?.Invoke(services);

        // Every service is registered before the first one is resolved (bUnit's rule).
        return (context, context.AddAuthorization());
    }

    /// <summary>Signs this context in as an existing account (display name, organisation role and user name claims).</summary>
    public async Task SignInAsync(string userName)
    {
        var account = await FindAccountAsync(userName);
        _authorization.SetAuthorized(account.DisplayName);
        _authorization.SetRoles(account.Role.Code());
        _authorization.SetClaims(new Claim(ClaimTypes.Role, account.Role.Code()), new Claim(ActorClaims.UserNameClaim, account.UserName));
    }

    /// <summary>The actor Core sees for <paramref name="userName"/>, to make changes "from another browser".</summary>
    public async Task<Actor> ActorAsync(string userName)
    {
        var account = await FindAccountAsync(userName);
        return new Actor(account.DisplayName, account.Role, account.UserName);
    }

    private async Task<UserView> FindAccountAsync(string userName) =>
        (await Get<AccountService>().ListAsync()).FirstOrDefault(u => u.UserName == userName)
            ?? throw new InvalidOperationException($"No account '{userName}' (demo data seeded?).");

    /// <summary>Renders <typeparamref name="T"/> inside the providers MudBlazor needs (popovers, dialogs, snackbars).</summary>
    public IRenderedComponent<T> Render<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null) where T : IComponent
    {
        Context.Render<MudPopoverProvider>();
        Context.Render<MudDialogProvider>();
        Context.Render<MudSnackbarProvider>();
        return Context.Render(parameters ?? (_ => { }));
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        SqliteConnection.ClearAllPools();
        DeleteFolder(_folder);
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not worth failing a test over.
        }
    }
}
