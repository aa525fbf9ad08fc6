using CommandCenter.Core.Common;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Core.Accounts;

/// <summary>
/// Checks <see cref="AccessPolicy"/> at the top of every mutating Core call and logs every denial (who, what, on what,
/// when), including the per-incident ones the aggregate raises, so a security review can see who tried what.
/// </summary>
public sealed class AccessGuard(ILogger<AccessGuard> logger, TimeProvider clock)
{
    /// <summary>Throws <see cref="ForbiddenActionException"/> (and logs it) unless <paramref name="actor"/>'s role allows <paramref name="permission"/>.</summary>
    public void Demand(Actor actor, Permission permission, string? target = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!AccessPolicy.Allows(actor.Role, permission))
        {
            var denial = new ForbiddenActionException(AccessPolicy.Explain(actor.Role, permission));
            Denied(actor, permission.Describe(), target, denial.Message);
            throw denial;
        }
    }

    /// <summary>Records a denial decided elsewhere (e.g. "only the Incident Commander can change the status").</summary>
    public void Denied(Actor actor, string what, string? target, string reason) =>
        logger.LogWarning("Access denied at {At:O}: {Who} (role {Role}) tried to {What} on {Target}: {Reason}",
            clock.GetUtcNow().UtcDateTime, LogText.Escape(actor.UserName ?? actor.Name), actor.Role.Code(), LogText.Escape(what),
            LogText.Escape(target ?? "-"), LogText.Escape(reason));

    /// <summary>Runs <paramref name="call"/>; a per-incident denial coming out of it is logged before it propagates.</summary>
    public async Task<T> LoggingDenialsAsync<T>(Actor actor, string what, string? target, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ForbiddenActionException e)
        {
            Denied(actor, what, target, e.Message);
            throw;
        }
    }
}
