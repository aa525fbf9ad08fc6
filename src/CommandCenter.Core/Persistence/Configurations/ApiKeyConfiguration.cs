using CommandCenter.Core.Common;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Integrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommandCenter.Core.Persistence.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Name).HasMaxLength(ApiKey.NameLength).IsRequired();
        builder.Property(k => k.Source).HasMaxLength(DetectionLimits.SourceLength).IsRequired();
        builder.Property(k => k.Prefix).HasMaxLength(ApiKey.PrefixLength).IsRequired();
        builder.Property(k => k.Hash).HasMaxLength(64).IsRequired();
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.Property(k => k.CreatedBy).HasMaxLength(Limits.PersonNameLength).IsRequired();
        builder.Property(k => k.RevokedBy).HasMaxLength(Limits.PersonNameLength);
        builder.Ignore(k => k.IsActive);
    }
}
