using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommandCenter.Core.Persistence.Configurations;

/// <summary>Our columns on Identity's AspNetUsers table (the rest is Identity's own mapping).</summary>
internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(Limits.PersonNameLength).IsRequired();
        builder.Property(u => u.OrgRole).IsRequired();
        builder.HasIndex(u => u.DisplayName).IsUnique();
    }
}
