using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommandCenter.Core.Persistence.Configurations;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> builder)
    {
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Key).HasMaxLength(24).IsRequired();
        builder.HasIndex(i => i.Key).IsUnique();
        builder.Property(i => i.Title).HasMaxLength(Limits.TitleLength).IsRequired();
        builder.Property(i => i.Summary).HasMaxLength(Limits.SummaryLength).IsRequired();
        builder.Property(i => i.DeclaredBy).HasMaxLength(Limits.PersonNameLength).IsRequired();
        builder.Property(i => i.TimelineHeadHash).HasMaxLength(64).IsRequired();
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.Property(i => i.Exposure).HasJsonConversion().HasDefaultValueSql("'{}'");
        builder.Property(i => i.LegalHoldBy).HasMaxLength(Limits.PersonNameLength);
        // A default only so incidents that existed before this column are valid; the app always writes it.
        builder.Property(i => i.LegalHold).HasDefaultValue(false);
        builder.HasIndex(i => i.Status);

        builder.HasOne(i => i.AiSystem).WithMany().HasForeignKey(i => i.AiSystemId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(i => i.Roles).WithOne().HasForeignKey(r => r.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(i => i.Timeline).WithOne().HasForeignKey(e => e.IncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(i => i.Clocks).WithOne().HasForeignKey(c => c.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(i => i.Roles).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(i => i.Clocks).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(i => i.Timeline).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.Ignore(i => i.DomainEvents);
        builder.Ignore(i => i.Metrics);
        builder.Ignore(i => i.IncidentCommander);
        builder.Ignore(i => i.NextStatuses);
    }
}

internal sealed class RoleAssignmentConfiguration : IEntityTypeConfiguration<RoleAssignment>
{
    public void Configure(EntityTypeBuilder<RoleAssignment> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Person).HasMaxLength(Limits.PersonNameLength).IsRequired();
        builder.HasIndex(r => new { r.IncidentId, r.Role }).IsUnique();
    }
}

internal sealed class TimelineEntryConfiguration : IEntityTypeConfiguration<TimelineEntry>
{
    public void Configure(EntityTypeBuilder<TimelineEntry> builder)
    {
        builder.HasKey(e => e.Id);
        builder.HasIndex(e => new { e.IncidentId, e.Sequence }).IsUnique();
        builder.Property(e => e.Text).HasMaxLength(Limits.TimelineTextLength).IsRequired();
        builder.Property(e => e.Author).HasMaxLength(Limits.PersonNameLength).IsRequired();
        builder.Property(e => e.AuthorRole).HasMaxLength(200);
        builder.Property(e => e.PreviousHash).HasMaxLength(64).IsRequired();
        builder.Property(e => e.Hash).HasMaxLength(64).IsRequired();
        // The default only gives rows written before the MAC existed a value until start-up seals them (IntegrityCheck).
        builder.Property(e => e.Mac).HasMaxLength(64).IsRequired().HasDefaultValue("");
    }
}

internal sealed class IncidentKeyCounterConfiguration : IEntityTypeConfiguration<IncidentKeyCounter>
{
    public void Configure(EntityTypeBuilder<IncidentKeyCounter> builder)
    {
        builder.HasKey(c => c.Year);
        builder.Property(c => c.Year).ValueGeneratedNever();
    }
}
