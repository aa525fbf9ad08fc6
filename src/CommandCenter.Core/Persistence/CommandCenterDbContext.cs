using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Playbooks;
using CommandCenter.Core.Systems;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CommandCenter.Core.Persistence;

/// <summary>
/// The database. Used only through <see cref="IDbContextFactory{TContext}"/> and a short-lived context per operation.
/// Migrations live in <c>Persistence/Migrations</c>; see docs/decisions/0002-migrations-without-ef-design.md for how to add one.
/// </summary>
public sealed class CommandCenterDbContext(DbContextOptions<CommandCenterDbContext> options) : IdentityUserContext<AppUser>(options)
{
    public DbSet<AiSystem> AiSystems => Set<AiSystem>();
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<TimelineEntry> TimelineEntries => Set<TimelineEntry>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();
    public DbSet<IncidentKeyCounter> IncidentKeyCounters => Set<IncidentKeyCounter>();
    public DbSet<Signal> Signals => Set<Signal>();
    public DbSet<IncidentCandidate> Candidates => Set<IncidentCandidate>();
    public DbSet<ChangeEvent> Changes => Set<ChangeEvent>();
    public DbSet<Integrations.ApiKey> ApiKeys => Set<Integrations.ApiKey>();
    public DbSet<Containment.SystemControl> SystemControls => Set<Containment.SystemControl>();
    public DbSet<Containment.ContainmentAction> ContainmentActions => Set<Containment.ContainmentAction>();
    public DbSet<Communications.StatusUpdate> StatusUpdates => Set<Communications.StatusUpdate>();
    public DbSet<Playbook> Playbooks => Set<Playbook>();
    public DbSet<PlaybookVersion> PlaybookVersions => Set<PlaybookVersion>();
    public DbSet<IncidentPlaybook> IncidentPlaybooks => Set<IncidentPlaybook>();
    public DbSet<PlaybookStepRecord> PlaybookStepRecords => Set<PlaybookStepRecord>();
    public DbSet<Audit.AuditEntry> AuditEntries => Set<Audit.AuditEntry>();
    public DbSet<Evidence.EvidenceItem> EvidenceItems => Set<Evidence.EvidenceItem>();
    public DbSet<Evidence.CustodyEvent> CustodyEvents => Set<Evidence.CustodyEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CommandCenterDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite hands DateTime back as Unspecified; everything we store is UTC, so say so on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        // Enums as their names: the database stays readable to a responder with sqlite3 in the worst hour.
        configurationBuilder.Properties<Severity>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Archetype>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<IncidentStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<IncidentRole>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<TimelineEntryKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<AiSystemKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<RiskTier>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<SignalKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<OrgRole>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Containment.ContainmentActionKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<Containment.ContainmentMode>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Containment.ContainmentState>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Communications.UpdateAudience>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Communications.StatusUpdateState>().HaveConversion<string>().HaveMaxLength(24);
        configurationBuilder.Properties<StepOutcome>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Evidence.EvidenceKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<Evidence.CustodyAction>().HaveConversion<string>().HaveMaxLength(32);
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.AsUtc(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>The last incident number handed out in a year (INC-&lt;year&gt;-&lt;number&gt;).</summary>
public sealed class IncidentKeyCounter
{
    public int Year { get; set; }
    public int Next { get; set; }
}
