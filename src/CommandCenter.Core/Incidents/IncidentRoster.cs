using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;

namespace CommandCenter.Core.Incidents;

/// <summary>Who holds which role on an incident. People are accounts: a role goes to someone the directory knows.</summary>
public sealed class IncidentRoster(AccessGuard guard, IncidentWriter writer, PeopleDirectory people)
{
    /// <summary>Gives a role to an account (typed by user name or display name); the roster shows its display name.</summary>
    public Task<IncidentSummary> AssignRoleAsync(string key, string? role, string? person, Actor actor,
        CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.AssignRoles, key, new { key, role, person }, async () =>
    {
        var v = new Validator();
        var who = v.ActorName(actor.Name);
        var parsedRole = v.Parsed("role", role, IncidentRoles.Parse, "Role", IncidentRoles.Allowed);
        var typed = v.RequiredText("person", person, Limits.PersonNameLength, "Person");
        var holder = typed is null ? null : await people.FindAsync(typed, cancellationToken);
        if (typed is not null && holder is null)
        {
            v.Add("person", PeopleDirectory.Unknown(typed));
        }
        v.ThrowIfInvalid();
        return await writer.ChangeAsync(key, actor, (incident, now) =>
            incident.AssignRole(parsedRole!.Value, holder!.DisplayName, who!, now, actorIsAdministrator: actor.Role == OrgRole.Administrator),
            cancellationToken, k => new RolesChangedNotification(k));
    }, nameof(IncidentService));

    public Task<IncidentSummary> UnassignRoleAsync(string key, string? role, Actor actor, CancellationToken cancellationToken = default) =>
        guard.AuditedAsync(actor, Permission.AssignRoles, key, new { key, role }, () =>
    {
        var v = new Validator();
        var who = v.ActorName(actor.Name);
        var parsedRole = v.Parsed("role", role, IncidentRoles.Parse, "Role", IncidentRoles.Allowed);
        v.ThrowIfInvalid();
        return writer.ChangeAsync(key, actor, (incident, now) => incident.UnassignRole(parsedRole!.Value, who!, now), cancellationToken,
            k => new RolesChangedNotification(k));
    }, nameof(IncidentService));
}
