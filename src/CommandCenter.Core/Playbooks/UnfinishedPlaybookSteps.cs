using CommandCenter.Core.Incidents;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Core.Playbooks;

/// <summary>Closing an incident whose playbook still has steps nobody handled (done or skipped) needs a reason.</summary>
internal sealed class UnfinishedPlaybookSteps(IDbContextFactory<CommandCenterDbContext> contextFactory) : IClosingCheck
{
    public async Task<string?> OpenWorkAsync(int incidentId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var content = await db.IncidentPlaybooks.AsNoTracking().Where(p => p.IncidentId == incidentId)
            .Select(p => p.PlaybookVersion!.Content).SingleOrDefaultAsync(cancellationToken);
        if (content is null)
        {
            return null;
        }
        var records = await db.PlaybookStepRecords.AsNoTracking().Where(r => r.IncidentId == incidentId).ToListAsync(cancellationToken);
        var open = new PlaybookProgress(content, records.Select(r => r.ToRecord())).Coverage.Remaining;
        return open == 0 ? null : $"{open} playbook step{(open == 1 ? " is" : "s are")} neither done nor skipped";
    }
}
