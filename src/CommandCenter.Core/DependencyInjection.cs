using CommandCenter.Core.Demo;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Events;
using CommandCenter.Core.Exercises;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Learning;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CommandCenter.Core;

public static class DependencyInjection
{
    /// <summary>The domain services, persistence and the event bus. Reads ConnectionStrings:CommandCenter and the Database section.</summary>
    public static IServiceCollection AddCommandCenterCore(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName) ?? DatabaseOptions.DefaultConnectionString;
        services.Configure<DatabaseOptions>(configuration.GetSection("Database"));
        services.AddDbContextFactory<CommandCenterDbContext>((sp, options) => options
            .UseSqlite(connectionString)
            .AddInterceptors(new SqliteConnectionSetup(), sp.GetRequiredService<Audit.TimelineSeal>())
            // Migrations are written by hand (no EF Design package on our registry), so there is no model snapshot to
            // compare against; MigrationsTests proves instead that the migrated schema equals the model.
            .ConfigureWarnings(w => w.Ignore(
                RelationalEventId.PendingModelChangesWarning,
                // "Database default without a sentinel" (20601): the inventory's EuAiActRole and DataCategories columns carry
                // database defaults only so rows registered before those columns existed stay valid; the app always writes
                // both explicitly (EuAiActRole is never 0, and DataCategories.None is also the database default).
                RelationalEventId.BoolWithDefaultWarning)));

        services.AddSingleton(TimeProvider.System);
        services.AddAudit(configuration, connectionString);
        services.AddEvidence(configuration, connectionString);
        services.AddSingleton<Accounts.AccessGuard>();
        services.AddSingleton<Accounts.AccountService>();
        services.AddSingleton<Accounts.PeopleDirectory>();
        services.AddSingleton<Accounts.RosterSuggestions>();
        services.AddIdentityCore<Accounts.AppUser>(options =>
            {
                // Length over composition rules (NIST SP 800-63B): a long passphrase beats "Passw0rd!".
                options.Password.RequiredLength = 10;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 4;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<CommandCenterDbContext>()
            .AddDefaultTokenProviders();
        // Password-reset tokens are protected data; the web host adds this too, a test host needs it here.
        services.AddDataProtection();
        services.AddSingleton<WriteGate>();
        services.AddSingleton<IncidentEventBus>();
        services.AddSingleton<IIncidentEventPublisher>(sp => sp.GetRequiredService<IncidentEventBus>());
        services.AddSingleton<IIncidentNotifier>(sp => sp.GetRequiredService<IncidentEventBus>());
        services.AddSingleton<IncidentWriter>();
        services.AddSingleton<IncidentService>();
        services.AddSingleton<IncidentLifecycle>();
        services.AddSingleton<IncidentRoster>();
        services.AddSingleton<IncidentLegalRecords>();
        services.AddSingleton<IClosingCheck, Playbooks.UnfinishedPlaybookSteps>();
        services.AddSingleton<StatusBoardService>();
        services.Configure<Regulatory.RegulatoryOptions>(configuration.GetSection(Regulatory.RegulatoryOptions.Section));

        services.Configure<DetectionOptions>(configuration.GetSection(DetectionOptions.Section));
        services.Configure<TriageOptions>(configuration.GetSection("Triage"));
        services.AddSingleton<SystemDirectory>();
        services.AddSingleton<Systems.IInventoryListener>(sp => sp.GetRequiredService<SystemDirectory>());
        services.AddSingleton<DetectionEventBus>();
        services.AddSingleton<ChangeRecorder>();
        services.AddSingleton<IChangeRecorder>(sp => sp.GetRequiredService<ChangeRecorder>());
        services.AddSingleton<TriageService>();
        services.AddHostedService<TriageOnDeclare>();
        services.AddSingleton<ICandidateStore, CandidateStore>();
        services.AddSingleton<IIncidentLink, IncidentLink>();
        services.AddSingleton<DetectionPublisher>();
        services.AddSingleton<SignalIntake>();
        services.AddSingleton<CandidateDecisions>();
        services.AddSingleton<IngestionStats>();
        services.AddHostedService<WalCheckpointer>();
        services.AddSingleton(sp => new DetectionQueue(DetectionEngine.QueueCapacity,
            sp.GetRequiredService<IOptions<DetectionOptions>>().Value.MaxBatch));
        services.AddSingleton<DetectionEngine>();
        services.AddSingleton<ISignalIngestor>(sp => sp.GetRequiredService<DetectionEngine>());
        services.AddSingleton<ISignalBacklog, SignalBacklog>();
        services.AddHostedService(sp => sp.GetRequiredService<DetectionEngine>());
        services.AddSingleton<CandidateService>();
        services.AddSingleton<SignalQueries>();
        services.AddSingleton<Systems.AiSystemService>();
        services.AddSingleton<Integrations.ApiKeyService>();
        services.AddSingleton<DemoSeeder>();
        services.AddSingleton<DatabaseInitializer>();

        services.AddOptions<Containment.ControlWebhookOptions>().Bind(configuration.GetSection("Containment:Webhook"));
        services.AddOptions<Containment.ContainmentSecurityOptions>().Bind(configuration.GetSection(Containment.ContainmentSecurityOptions.Section));
        services.AddSingleton(sp => new Containment.WebhookTargetPolicy(sp.GetRequiredService<IOptions<Containment.ContainmentSecurityOptions>>().Value));
        services.AddHttpClient(Containment.ContainmentService.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                // A redirect would turn the signed POST into a GET somewhere else: a 3xx counts as the receiver's failure.
                AllowAutoRedirect = false,
                // Every connection dials only addresses the target policy allows; a proxy would hide the real target.
                UseProxy = false,
                ConnectCallback = sp.GetRequiredService<Containment.WebhookTargetPolicy>().ConnectAsync,
            });
        services.AddSingleton<Containment.ContainmentService>();
        services.Configure<Communications.UpdateCadence>(configuration.GetSection(Communications.UpdateCadence.Section));
        services.AddSingleton<Communications.StatusUpdateService>();
        services.AddSingleton<Playbooks.PlaybookService>();
        services.AddHostedService<Playbooks.PlaybookOnDeclare>();
        services.AddCommandCenterLearning(configuration);
        services.AddCommandCenterExercises();
        return services;
    }

    private static void AddAudit(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.AddSingleton(sp => Audit.ChainKey.Load(configuration, connectionString,
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Audit.ChainKey>>()));
        services.AddSingleton<Audit.TimelineSeal>();
        services.AddSingleton<Audit.AuditAccess>();
        services.AddSingleton<Audit.AuditTrail>();
        services.AddSingleton<Audit.IAuditTrail>(sp => sp.GetRequiredService<Audit.AuditTrail>());
        services.AddSingleton<Audit.IntegrityCheck>();
        services.Configure<Audit.AuditOptions>(configuration.GetSection(Audit.AuditOptions.Section));
        services.AddSingleton<Audit.IngestionAuditAggregator>();
        services.AddHostedService<Audit.IngestionAuditFlusher>();
    }

    private static void AddEvidence(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.Configure<Evidence.EvidenceOptions>(configuration.GetSection(Evidence.EvidenceOptions.Section));
        services.AddSingleton<Evidence.IEvidenceStore>(sp => new Evidence.FolderEvidenceStore(
            sp.GetRequiredService<IOptions<Evidence.EvidenceOptions>>().Value.Path
            ?? (Audit.ChainKey.DefaultKeyFile(connectionString) is { } keyFile
                ? keyFile[..^".audit-key".Length] + ".evidence"
                : Path.Combine(Path.GetTempPath(), "commandcenter-evidence"))));
        services.AddSingleton<Evidence.EvidenceService>();
        services.AddHostedService<Evidence.EvidenceRetentionJob>();
        services.AddSingleton(sp => Evidence.ExportSigner.Load(
            configuration["Export:SigningKeyFile"] ?? (Audit.ChainKey.DefaultKeyFile(connectionString) is { } keyFile
                ? keyFile[..^".audit-key".Length] + ".export-key.pem"
                : null),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Evidence.ExportSigner>>()));
        services.AddSingleton<Evidence.IncidentRecordService>();
    }
}
