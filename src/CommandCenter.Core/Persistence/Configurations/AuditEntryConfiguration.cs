using CommandCenter.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommandCenter.Core.Persistence.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.Property(e => e.UserName).HasMaxLength(100);
        builder.Property(e => e.DisplayName).HasMaxLength(200).IsRequired();
        builder.Property(e => e.Role).HasMaxLength(16).IsRequired();
        builder.Property(e => e.Command).HasMaxLength(100).IsRequired();
        builder.Property(e => e.Arguments).IsRequired();
        builder.Property(e => e.Target).HasMaxLength(200);
        builder.Property(e => e.Address).HasMaxLength(64);
        builder.Property(e => e.UserAgent).HasMaxLength(512);
        builder.Property(e => e.ApiKeyPrefix).HasMaxLength(16);
        builder.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.PreviousMac).HasMaxLength(64).IsRequired();
        builder.Property(e => e.Mac).HasMaxLength(64).IsRequired();
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => e.Target);
    }
}
