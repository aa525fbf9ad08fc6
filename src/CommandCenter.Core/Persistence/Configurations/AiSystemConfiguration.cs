using CommandCenter.Core.Common;
using CommandCenter.Core.Systems;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommandCenter.Core.Persistence.Configurations;

internal sealed class AiSystemConfiguration : IEntityTypeConfiguration<AiSystem>
{
    public void Configure(EntityTypeBuilder<AiSystem> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Slug).HasMaxLength(Limits.SlugLength).IsRequired();
        builder.HasIndex(s => s.Slug).IsUnique();
        builder.Property(s => s.Name).HasMaxLength(Limits.SystemNameLength).IsRequired();
        builder.Property(s => s.OwnerTeam).HasMaxLength(Limits.PersonNameLength).IsRequired();
        builder.Property(s => s.CurrentModelVersion).HasMaxLength(80).IsRequired();
        builder.Property(s => s.PreviousStableModelVersion).HasMaxLength(80);
    }
}
