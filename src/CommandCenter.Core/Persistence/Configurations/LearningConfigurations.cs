using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Learning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommandCenter.Core.Persistence.Configurations;

internal sealed class PostmortemConfiguration : IEntityTypeConfiguration<Postmortem>
{
    public void Configure(EntityTypeBuilder<Postmortem> builder)
    {
        builder.ToTable("Postmortems");
        builder.HasKey(p => p.Id);
        builder.HasOne<Incident>().WithMany().HasForeignKey(p => p.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.IncidentId).IsUnique();
        builder.Property(p => p.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.OpenedBy).HasMaxLength(Limits.PersonNameLength).IsRequired();
        builder.Property(p => p.UpdatedBy).HasMaxLength(Limits.PersonNameLength).IsRequired();
        builder.Property(p => p.PublishedBy).HasMaxLength(Limits.PersonNameLength);
        foreach (var section in new[] { nameof(Postmortem.Summary), nameof(Postmortem.Impact), nameof(Postmortem.DetectionReview),
                     nameof(Postmortem.ResponseReview), nameof(Postmortem.RootCause), nameof(Postmortem.PreventionPlan) })
        {
            builder.Property<string>(section).HasMaxLength(Postmortem.SectionLength).IsRequired();
        }
        builder.Property(p => p.KeyMoments).HasJsonConversion();
        builder.Property(p => p.Factors).HasJsonConversion();
        builder.Property(p => p.Reviewers).HasJsonConversion();
        builder.Property(p => p.Comments).HasJsonConversion();
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.Ignore(p => p.Content);
        builder.Ignore(p => p.IsPublished);
    }
}

internal sealed class ActionItemConfiguration : IEntityTypeConfiguration<ActionItem>
{
    public void Configure(EntityTypeBuilder<ActionItem> builder)
    {
        builder.ToTable("ActionItems");
        builder.HasKey(a => a.Id);
        builder.HasOne<Incident>().WithMany().HasForeignKey(a => a.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Postmortem>().WithMany().HasForeignKey(a => a.PostmortemId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(a => a.IncidentId);
        builder.HasIndex(a => a.PostmortemId);
        builder.HasIndex(a => new { a.Owner, a.Status });
        builder.Property(a => a.Source).HasMaxLength(16).IsRequired();
        builder.Property(a => a.Title).HasMaxLength(ActionItem.TitleLength).IsRequired();
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Priority).HasConversion<string>().HasMaxLength(8);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Owner).HasMaxLength(Limits.PersonNameLength).IsRequired();
        builder.Property(a => a.CreatedBy).HasMaxLength(Limits.PersonNameLength).IsRequired();
        builder.Property(a => a.TrackerUrl).HasMaxLength(ActionItem.UrlLength);
        builder.Property(a => a.WontDoReason).HasMaxLength(ActionItem.ReasonLength);
        builder.Ignore(a => a.DoneOnTime);
        builder.Ignore(a => a.EndOfDueDay);
    }
}
