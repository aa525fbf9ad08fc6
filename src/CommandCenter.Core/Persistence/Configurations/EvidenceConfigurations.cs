using CommandCenter.Core.Evidence;
using CommandCenter.Core.Incidents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommandCenter.Core.Persistence.Configurations;

internal sealed class EvidenceItemConfiguration : IEntityTypeConfiguration<EvidenceItem>
{
    public void Configure(EntityTypeBuilder<EvidenceItem> builder)
    {
        builder.HasKey(e => e.Id);
        builder.HasOne<Incident>().WithMany().HasForeignKey(e => e.IncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => e.IncidentId);
        builder.Property(e => e.Title).HasMaxLength(EvidenceService.TitleLength + 60).IsRequired();
        builder.Property(e => e.Source).HasMaxLength(EvidenceService.SourceLength).IsRequired();
        builder.Property(e => e.Sha256).HasMaxLength(64).IsRequired();
        builder.Property(e => e.ContentType).HasMaxLength(100).IsRequired();
        builder.Property(e => e.FileName).HasMaxLength(260);
        builder.Property(e => e.CollectedBy).HasMaxLength(100).IsRequired();
        builder.HasMany(e => e.Custody).WithOne().HasForeignKey(c => c.EvidenceItemId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(e => e.Custody).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(e => e.IsText);
        builder.Ignore(e => e.ContentRemoved);
    }
}

internal sealed class CustodyEventConfiguration : IEntityTypeConfiguration<CustodyEvent>
{
    public void Configure(EntityTypeBuilder<CustodyEvent> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Who).HasMaxLength(100).IsRequired();
        builder.Property(c => c.Detail).HasMaxLength(500);
    }
}
