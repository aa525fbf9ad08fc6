using CommandCenter.Core.Common;
using CommandCenter.Core.Containment;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Systems;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommandCenter.Core.Persistence.Configurations;

internal sealed class SystemControlConfiguration : IEntityTypeConfiguration<SystemControl>
{
    public void Configure(EntityTypeBuilder<SystemControl> builder)
    {
        builder.HasKey(c => c.Id);
        builder.HasOne<AiSystem>().WithMany().HasForeignKey(c => c.AiSystemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.AiSystemId).IsUnique();
        builder.Property(c => c.WebhookUrl).HasMaxLength(SystemControl.UrlLength).IsRequired();
        builder.Property(c => c.Secret).HasMaxLength(SystemControl.MaxSecretLength).IsRequired();
        builder.Property(c => c.UpdatedBy).HasMaxLength(Limits.PersonNameLength).IsRequired();
        builder.Ignore(c => c.SecretHint);
    }
}

internal sealed class ContainmentActionConfiguration : IEntityTypeConfiguration<ContainmentAction>
{
    public void Configure(EntityTypeBuilder<ContainmentAction> builder)
    {
        builder.HasKey(a => a.Id);
        builder.HasOne<Incident>().WithMany().HasForeignKey(a => a.IncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => a.IncidentId);
        builder.Property(a => a.Reason).HasMaxLength(Limits.TimelineTextLength).IsRequired();
        builder.Property(a => a.RequestedBy).HasMaxLength(Limits.PersonNameLength).IsRequired();
        builder.Property(a => a.RequestJson);
        builder.Property(a => a.Attempts).HasJsonConversion();
        builder.Property(a => a.Summary).HasMaxLength(Limits.TimelineTextLength);
        builder.Property(a => a.CompletedBy).HasMaxLength(Limits.PersonNameLength);
        builder.Property(a => a.Checklist).HasJsonConversion();
        builder.Ignore(a => a.IsSuccess);
    }
}
