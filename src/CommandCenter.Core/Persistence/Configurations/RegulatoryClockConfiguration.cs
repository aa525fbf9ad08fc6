using CommandCenter.Core.Common;
using CommandCenter.Core.Regulatory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommandCenter.Core.Persistence.Configurations;

internal sealed class RegulatoryClockConfiguration : IEntityTypeConfiguration<RegulatoryClock>
{
    public void Configure(EntityTypeBuilder<RegulatoryClock> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Code).HasMaxLength(60).IsRequired();
        builder.HasIndex(c => new { c.IncidentId, c.Code }).IsUnique();
        builder.Property(c => c.Name).HasMaxLength(120).IsRequired();
        builder.Property(c => c.Obligation).HasMaxLength(300).IsRequired();
        builder.Property(c => c.Trigger).HasConversion<string>().HasMaxLength(40);
        builder.Property(c => c.StartedBy).HasMaxLength(Limits.PersonNameLength).IsRequired();
        builder.Property(c => c.MetBy).HasMaxLength(Limits.PersonNameLength);
    }
}
