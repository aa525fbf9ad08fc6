using System.Runtime.CompilerServices;
using CommandCenter.Core.Audit;
using CommandCenter.Core.Common;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Core.Accounts;

/// <summary>
/// Checks <see cref="AccessPolicy"/> at the top of every mutating Core call and logs every denial (who, what, on what,
/// when), including the per-incident ones the aggregate raises, so a security review can see who tried what.
/// Every command entry point of a Core service runs through <see cref="AuditedAsync"/>, the one place that writes the
/// command and its outcome to the audit trail.
/// </summary>
public sealed class AccessGuard(ILogger<AccessGuard> logger, TimeProvider clock, IAuditTrail? audit = null)
{
    // A command that calls another public command (RunAsync(string) → RunAsync(kind)) is written down once, as the outer one.
    private static readonly AsyncLocal<bool> InsideCommand = new();

    /// <summary>
    /// Demands <paramref name="permission"/>, runs <paramref name="command"/> and writes one audit entry saying who ran
    /// which command with which arguments (secrets redacted), from where, and whether it was done or refused and why.
    /// The command name is the calling service and method, e.g. <c>Incident.ChangeStatus</c>.
    /// </summary>
    /// <param name="service">
    /// The service part of the command name when it is not the calling file's: use cases split out of a service keep the
    /// names the audit trail already holds, so a reviewer's filter still finds them.
    /// </param>
    public async Task<T> AuditedAsync<T>(Actor actor, Permission permission, string? target, object? arguments, Func<Task<T>> command,
        string? service = null, [CallerMemberName] string method = "", [CallerFilePath] string file = "")
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(command);
        if (InsideCommand.Value || audit is null)
        {
            Demand(actor, permission, target);
            return await command();
        }
        InsideCommand.Value = true;
        var name = service is null ? CommandName(file, method) : CommandName(service, method);
        T result;
        try
        {
            Demand(actor, permission, target);
            result = await command();
        }
        catch (Exception e)
        {
            var (outcome, reason) = e switch
            {
                OperationCanceledException => (AuditOutcome.Refused, "Cancelled before it completed."),
                DomainException => (AuditOutcome.Refused, e.Message),
                _ => (AuditOutcome.Failed, $"Unexpected error ({e.GetType().Name})."),
            };
            await WriteAsync(new AuditRecord(actor, name, AuditRedaction.ToJson(arguments), target, outcome, reason));
            throw;
        }
        await WriteAsync(new AuditRecord(actor, name, AuditRedaction.ToJson(arguments), target, AuditOutcome.Done, null));
        return result;
    }

    // The command's own outcome stands: a change that committed is not reported as failed because its entry could not be
    // written, but the missing entry is logged as critical (and shows as a gap nowhere else, so monitoring must alert on it).
    private async Task WriteAsync(AuditRecord record)
    {
        try
        {
            await audit!.RecordAsync(record);
        }
        catch (Exception writeError)
        {
            logger.LogCritical(writeError, "Could not write the audit entry for {Command} by {Who} ({Outcome})", record.Command,
                LogText.Escape(record.Actor.UserName ?? record.Actor.Name), record.Outcome);
        }
    }

    /// <summary><c>IncidentService.cs</c> + <c>ChangeStatusAsync</c> → <c>Incident.ChangeStatus</c>.</summary>
    internal static string CommandName(string file, string method)
    {
        var service = Path.GetFileNameWithoutExtension(file.Replace('\\', '/'));
        service = service.EndsWith("Service", StringComparison.Ordinal) && service.Length > "Service".Length ? service[..^"Service".Length] : service;
        method = method.EndsWith("Async", StringComparison.Ordinal) ? method[..^"Async".Length] : method;
        return $"{service}.{method}";
    }

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
