using CommandCenter.Core.Persistence;

namespace CommandCenter.Core.Incidents;

/// <summary>
/// A refusing variant of <see cref="IClosingCheck"/>: what must hold before an incident may close at all (Learning's
/// published postmortem for SEV1/SEV2). Asked inside the closing write, so the answer and the close commit together;
/// Incidents knows only this interface and imports no feature to ask it.
/// </summary>
public interface IClosingGate
{
    /// <summary>The postmortem requirement for closing <paramref name="incident"/> as seen in <paramref name="db"/>.</summary>
    Task<PostmortemGate> PostmortemAsync(CommandCenterDbContext db, Incident incident, CancellationToken cancellationToken);
}
