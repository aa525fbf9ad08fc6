using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Systems;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommandCenter.Core.Persistence.Configurations;

internal sealed class SignalConfiguration : IEntityTypeConfiguration<Signal>
{
    public void Configure(EntityTypeBuilder<Signal> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Source).HasMaxLength(DetectionLimits.SourceLength).IsRequired();
        builder.Property(s => s.IdempotencyKey).HasMaxLength(DetectionLimits.IdempotencyKeyLength).IsRequired();
        builder.HasIndex(s => s.KeyHash);
        builder.HasIndex(s => new { s.CandidateId, s.OccurredAt });
        builder.Property(s => s.RawKind).HasMaxLength(DetectionLimits.KindLength);
        builder.Property(s => s.LabelsJson).IsRequired();
        builder.Property(s => s.Fingerprint).HasMaxLength(DetectionLimits.FingerprintLength);
        builder.Property(s => s.Summary).HasMaxLength(DetectionLimits.SummaryLength);
        builder.Property(s => s.Action).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<IncidentCandidate>().WithMany().HasForeignKey(s => s.CandidateId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AiSystem>().WithMany().HasForeignKey(s => s.AiSystemId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IncidentCandidateConfiguration : IEntityTypeConfiguration<IncidentCandidate>
{
    public void Configure(EntityTypeBuilder<IncidentCandidate> builder)
    {
        builder.ToTable("Candidates");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.GroupKey).HasMaxLength(400).IsRequired();
        builder.HasIndex(c => c.GroupKey);
        builder.HasIndex(c => c.ResolvedAt);
        builder.Property(c => c.SystemSlug).HasMaxLength(Common.Limits.SlugLength).IsRequired();
        builder.Property(c => c.SystemName).HasMaxLength(Common.Limits.SystemNameLength).IsRequired();
        builder.Property(c => c.Source).HasMaxLength(DetectionLimits.SourceLength).IsRequired();
        builder.Property(c => c.IdentifyingLabels).HasJsonConversion();
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Decision).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.ArchetypeReason).HasMaxLength(400).IsRequired();
        builder.Property(c => c.SeverityReasons).HasJsonConversion();
        builder.Property(c => c.Evidence).HasJsonConversion();
        builder.Property(c => c.Unreported).HasJsonConversion();
        builder.Property(c => c.FiringAlerts).HasJsonConversion();
        builder.Property(c => c.ResolvedReason).HasMaxLength(200);
        builder.Property(c => c.IncidentKey).HasMaxLength(24);
        builder.Property(c => c.DecidedBy).HasMaxLength(Common.Limits.PersonNameLength);
        builder.Property(c => c.DismissReason).HasMaxLength(IncidentCandidate.DismissReasonLength);
        builder.HasOne<AiSystem>().WithMany().HasForeignKey(c => c.AiSystemId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Incident>().WithMany().HasForeignKey(c => c.IncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(c => c.IsOpen);
        builder.Ignore(c => c.IsSymptomsOnly);
        builder.Ignore(c => c.Title);
    }
}

internal sealed class ChangeEventConfiguration : IEntityTypeConfiguration<ChangeEvent>
{
    public void Configure(EntityTypeBuilder<ChangeEvent> builder)
    {
        builder.ToTable("Changes");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(c => c.Summary).HasMaxLength(DetectionLimits.SummaryLength).IsRequired();
        builder.Property(c => c.FromVersion).HasMaxLength(DetectionLimits.VersionLength);
        builder.Property(c => c.ToVersion).HasMaxLength(DetectionLimits.VersionLength);
        builder.Property(c => c.Author).HasMaxLength(Common.Limits.PersonNameLength);
        builder.Property(c => c.Source).HasMaxLength(DetectionLimits.SourceLength).IsRequired();
        builder.Property(c => c.IdempotencyKey).HasMaxLength(DetectionLimits.IdempotencyKeyLength).IsRequired();
        builder.HasIndex(c => new { c.Source, c.IdempotencyKey }).IsUnique();
        builder.HasIndex(c => new { c.AiSystemId, c.OccurredAt });
        builder.HasOne(c => c.AiSystem).WithMany().HasForeignKey(c => c.AiSystemId).OnDelete(DeleteBehavior.Restrict);
    }
}
