using CommandCenter.Core.Common;
using CommandCenter.Core.Communications;
using CommandCenter.Core.Incidents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommandCenter.Core.Persistence.Configurations;

internal sealed class StatusUpdateConfiguration : IEntityTypeConfiguration<StatusUpdate>
{
    public void Configure(EntityTypeBuilder<StatusUpdate> builder)
    {
        builder.ToTable("StatusUpdates");
        builder.HasKey(u => u.Id);
        builder.HasOne<Incident>().WithMany().HasForeignKey(u => u.IncidentId).OnDelete(DeleteBehavior.Cascade);
        // The war room lists one incident's updates; the Legal queue asks for every update awaiting approval.
        builder.HasIndex(u => new { u.IncidentId, u.State });
        builder.Ignore(u => u.Content);
        builder.Ignore(u => u.NeedsApproval);
        builder.Property(u => u.WhatHappened).HasMaxLength(StatusUpdateContent.PartLength).IsRequired();
        builder.Property(u => u.WhatWeAreTesting).HasMaxLength(StatusUpdateContent.PartLength).IsRequired();
        builder.Property(u => u.WhatWeAreDoing).HasMaxLength(StatusUpdateContent.PartLength).IsRequired();
        builder.Property(u => u.WhatWeDontKnowYet).HasMaxLength(StatusUpdateContent.PartLength).IsRequired();
        builder.Property(u => u.DraftedBy).HasMaxLength(Limits.PersonNameLength).IsRequired();
        builder.Property(u => u.RevisedBy).HasMaxLength(Limits.PersonNameLength);
        builder.Property(u => u.SubmittedBy).HasMaxLength(Limits.PersonNameLength);
        builder.Property(u => u.ApprovedBy).HasMaxLength(Limits.PersonNameLength);
        builder.Property(u => u.RejectedBy).HasMaxLength(Limits.PersonNameLength);
        builder.Property(u => u.SentBy).HasMaxLength(Limits.PersonNameLength);
        builder.Property(u => u.RejectionReason).HasMaxLength(StatusUpdate.ReasonLength);
    }
}
