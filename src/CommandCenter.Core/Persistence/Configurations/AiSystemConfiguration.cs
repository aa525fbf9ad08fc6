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
        // Columns added with the inventory carry database defaults so rows written before it stay valid.
        builder.Property(s => s.Purpose).HasMaxLength(AiSystemService.PurposeLength).IsRequired().HasDefaultValueSql("''");
        builder.Property(s => s.OnCallContact).HasMaxLength(AiSystemService.ContactLength).IsRequired().HasDefaultValueSql("''");
        builder.Property(s => s.EuAiActRole).HasConversion<string>().HasMaxLength(16).HasDefaultValueSql("'Deployer'");
        builder.Property(s => s.DataCategories).HasConversion<string>().HasMaxLength(60).HasDefaultValueSql("'None'");
        builder.Property(s => s.CurrentSystemPromptVersion).HasMaxLength(AiSystemService.VersionLength);
        builder.Property(s => s.PreviousSystemPromptVersion).HasMaxLength(AiSystemService.VersionLength);
        builder.Property(s => s.RetrievalIndexes).HasJsonConversion().HasDefaultValueSql("'[]'");
        builder.Property(s => s.AgentTools).HasJsonConversion().HasDefaultValueSql("'[]'");
        builder.Property(s => s.Dependencies).HasJsonConversion().HasDefaultValueSql("'[]'");
        builder.Property(s => s.UpdatedBy).HasMaxLength(Limits.PersonNameLength);
    }
}
