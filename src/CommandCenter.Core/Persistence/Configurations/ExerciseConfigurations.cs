using System.Text.Json;
using CommandCenter.Core.Common;
using CommandCenter.Core.Exercises;
using CommandCenter.Core.Incidents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommandCenter.Core.Persistence.Configurations;

internal sealed class ScenarioConfiguration : IEntityTypeConfiguration<Scenario>
{
    public void Configure(EntityTypeBuilder<Scenario> builder)
    {
        builder.ToTable("Scenarios");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Slug).HasMaxLength(Limits.SlugLength).IsRequired();
        builder.HasIndex(s => s.Slug).IsUnique();
    }
}

internal sealed class ScenarioVersionConfiguration : IEntityTypeConfiguration<ScenarioVersion>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<ScenarioVersion> builder)
    {
        builder.ToTable("ScenarioVersions");
        builder.HasKey(v => v.Id);
        builder.HasOne(v => v.Scenario).WithMany().HasForeignKey(v => v.ScenarioId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => new { v.ScenarioId, v.Number }).IsUnique();
        // A version is immutable, so comparing by reference is enough for change tracking.
        builder.Property(v => v.Content)
            .HasConversion(
                content => JsonSerializer.Serialize(content, Json),
                text => JsonSerializer.Deserialize<ScenarioContent>(text, Json)!,
                new ValueComparer<ScenarioContent>((a, b) => ReferenceEquals(a, b), c => c.GetHashCode(), c => c))
            .HasColumnType("TEXT")
            .IsRequired();
        builder.Property(v => v.EditedBy).HasMaxLength(Limits.PersonNameLength).IsRequired();
        builder.Property(v => v.ChangeNote).HasMaxLength(Scenario.ChangeNoteLength).IsRequired();
    }
}

internal sealed class ExerciseConfiguration : IEntityTypeConfiguration<Exercise>
{
    public void Configure(EntityTypeBuilder<Exercise> builder)
    {
        builder.ToTable("Exercises");
        builder.HasKey(e => e.Id);
        builder.HasOne<Incident>().WithMany().HasForeignKey(e => e.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => e.IncidentId).IsUnique();
        builder.Property(e => e.IncidentKey).HasMaxLength(32).IsRequired();
        builder.HasIndex(e => e.IncidentKey).IsUnique();
        builder.HasOne(e => e.ScenarioVersion).WithMany().HasForeignKey(e => e.ScenarioVersionId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(e => e.ScenarioTitle).HasMaxLength(Limits.TitleLength).IsRequired();
        builder.Property(e => e.Facilitator).HasMaxLength(Limits.PersonNameLength).IsRequired();
        builder.Property(e => e.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Log).HasJsonConversion().HasColumnType("TEXT");
    }
}

/// <summary>
/// The exercise flag on incidents. Kept beside the exercise tables (not in IncidentConfiguration) because it belongs to
/// this feature; the database default lets incidents from before the column exist stay real ones.
/// </summary>
internal sealed class IncidentExerciseFlagConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> builder) =>
        builder.Property(i => i.IsExercise).HasDefaultValue(false);
}
