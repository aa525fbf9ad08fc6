using System.Text.Json;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Playbooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommandCenter.Core.Persistence.Configurations;

internal sealed class PlaybookConfiguration : IEntityTypeConfiguration<Playbook>
{
    public void Configure(EntityTypeBuilder<Playbook> builder)
    {
        builder.HasKey(p => p.Id);
        builder.HasIndex(p => p.Archetype).IsUnique();
    }
}

internal sealed class PlaybookVersionConfiguration : IEntityTypeConfiguration<PlaybookVersion>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<PlaybookVersion> builder)
    {
        builder.HasKey(v => v.Id);
        builder.HasOne(v => v.Playbook).WithMany().HasForeignKey(v => v.PlaybookId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => new { v.PlaybookId, v.Number }).IsUnique();
        // A version is immutable, so comparing by reference is enough for change tracking.
        builder.Property(v => v.Content)
            .HasConversion(
                content => JsonSerializer.Serialize(content, Json),
                text => JsonSerializer.Deserialize<PlaybookContent>(text, Json)!,
                new ValueComparer<PlaybookContent>((a, b) => ReferenceEquals(a, b), c => c.GetHashCode(), c => c))
            .HasColumnType("TEXT")
            .IsRequired();
        builder.Property(v => v.EditedBy).HasMaxLength(Limits.PersonNameLength).IsRequired();
        builder.Property(v => v.ChangeNote).HasMaxLength(Playbook.ChangeNoteLength).IsRequired();
    }
}

internal sealed class IncidentPlaybookConfiguration : IEntityTypeConfiguration<IncidentPlaybook>
{
    public void Configure(EntityTypeBuilder<IncidentPlaybook> builder)
    {
        builder.HasKey(p => p.Id);
        builder.HasOne<Incident>().WithMany().HasForeignKey(p => p.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.IncidentId).IsUnique();
        builder.HasOne(p => p.PlaybookVersion).WithMany().HasForeignKey(p => p.PlaybookVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PlaybookStepRecordConfiguration : IEntityTypeConfiguration<PlaybookStepRecord>
{
    public void Configure(EntityTypeBuilder<PlaybookStepRecord> builder)
    {
        builder.HasKey(r => r.Id);
        builder.HasOne<Incident>().WithMany().HasForeignKey(r => r.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.StepId).HasMaxLength(Limits.SlugLength).IsRequired();
        builder.HasIndex(r => new { r.IncidentId, r.StepId }).IsUnique();
        builder.Property(r => r.By).HasMaxLength(Limits.PersonNameLength).IsRequired();
        builder.Property(r => r.Note).HasMaxLength(Limits.TimelineTextLength);
    }
}
