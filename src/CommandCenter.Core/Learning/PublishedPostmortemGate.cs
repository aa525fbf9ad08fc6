using CommandCenter.Core.Incidents;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommandCenter.Core.Learning;

/// <summary>Closing a SEV1/SEV2 incident waits for its published postmortem (Learning:RequirePostmortemToClose).</summary>
internal sealed class PublishedPostmortemGate(IOptions<LearningOptions> options) : IClosingGate
{
    public async Task<PostmortemGate> PostmortemAsync(CommandCenterDbContext db, Incident incident, CancellationToken cancellationToken)
    {
        var published = await db.Set<Postmortem>()
            .AnyAsync(p => p.IncidentId == incident.Id && p.State == PostmortemState.Published, cancellationToken);
        return new PostmortemGate(options.Value.PostmortemRequiredToClose(incident.Severity), published);
    }
}
