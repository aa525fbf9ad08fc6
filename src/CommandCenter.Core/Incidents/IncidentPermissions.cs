using CommandCenter.Core.Accounts;

namespace CommandCenter.Core.Incidents;

/// <summary>
/// The per-incident rules: who may do what given the seats they hold. The aggregate refuses with these and the views
/// receive their answers as <see cref="IncidentPermissions"/>, so a button is shown exactly when the command would pass.
/// Before anyone commands, every responder may act; once there is a commander the seats decide.
/// </summary>
public static class IncidentRules
{
    /// <summary>The one "is this the same person" of an incident (<see cref="PersonId"/>): names as held on the roster, case and spacing aside.</summary>
    public static bool SamePerson(string? a, string? b) => PersonId.Same(a, b);

    /// <summary><see cref="SamePerson"/> as a comparer, to list each person once.</summary>
    public static IEqualityComparer<string> People { get; } = new PersonComparer();

    /// <summary>Status, severity, archetype and other people's roles: the Incident Commander, or anyone while there is none.</summary>
    public static bool MayCommand(string? commander, string person) => commander is null || SamePerson(commander, person);

    /// <summary>Containment: the Incident Commander or the Technical Lead, or anyone while there is no commander.</summary>
    public static bool MayContain(string? commander, string? technicalLead, string person) =>
        MayCommand(commander, person) || SamePerson(technicalLead, person);

    /// <summary>Status updates: the Incident Commander or the Communications Lead, or anyone while there is no commander.</summary>
    public static bool MayComposeUpdates(string? commander, string? communicationsLead, string person) =>
        MayCommand(commander, person) || SamePerson(communicationsLead, person);

    /// <summary>Approving what goes outside: the Legal/Compliance Liaison only.</summary>
    public static bool MayApproveUpdates(string? legalLiaison, string person) => SamePerson(legalLiaison, person);

    /// <summary>Regulatory clocks, exposure scope, legal hold: the Incident Commander or the Legal/Compliance Liaison, or anyone while there is no commander.</summary>
    public static bool MayRecordLegalFindings(string? commander, string? legalLiaison, string person) =>
        MayCommand(commander, person) || SamePerson(legalLiaison, person);

    /// <summary>
    /// Seats a response of this kind needs filled and that are empty, most important first: always a commander, scribe,
    /// technical lead and communications lead; a security analyst for attacks; the legal liaison once personal data or a
    /// legal clock is involved. Empty once the response is over (resolved or closed).
    /// </summary>
    /// <param name="holderOf">Who holds a seat on the incident (null when empty).</param>
    public static IReadOnlyList<IncidentRole> RosterGaps(IncidentStatus status, Archetype archetype, bool hasLegalClock,
        Func<IncidentRole, string?> holderOf)
    {
        ArgumentNullException.ThrowIfNull(holderOf);
        if (!status.IsActive())
        {
            return [];
        }
        var needed = new List<IncidentRole> { IncidentRole.IncidentCommander, IncidentRole.Scribe, IncidentRole.TechnicalLead, IncidentRole.CommunicationsLead };
        if (archetype is Archetype.PromptInjection or Archetype.DataLeakage or Archetype.ModelManipulation)
        {
            needed.Add(IncidentRole.SecurityAnalyst);
        }
        if (archetype == Archetype.DataLeakage || hasLegalClock)
        {
            needed.Add(IncidentRole.LegalLiaison);
        }
        return needed.Where(role => holderOf(role) is null).ToList();
    }

    private sealed class PersonComparer : IEqualityComparer<string>
    {
        public bool Equals(string? x, string? y) => PersonId.Of(x) == PersonId.Of(y);

        public int GetHashCode(string obj) => PersonId.Of(obj).GetHashCode();
    }
}

/// <summary>
/// What one person may do on one incident, for the views to read: the organisation role's permission and the seat rule of
/// <see cref="IncidentRules"/> together. The state of the incident is given once as <see cref="IsOpen"/> and
/// <see cref="IsActive"/>; the aggregate refuses a change of a closed record with its own message.
/// </summary>
/// <param name="MyRoles">The incident roles the person holds here, in role order.</param>
/// <param name="ReadOnly">The person follows incidents and changes nothing (leadership).</param>
public sealed record IncidentPermissions(
    IReadOnlyList<IncidentRole> MyRoles,
    bool IsOpen,
    bool IsActive,
    bool ReadOnly,
    bool MayCommand,
    bool MayContain,
    bool MayComposeUpdates,
    bool MayApproveUpdates,
    bool MayWriteTimeline,
    bool MayRecordLegalFindings)
{
    /// <summary>Nobody signed in or nothing loaded: nothing is allowed.</summary>
    public static IncidentPermissions None { get; } = new([], false, false, true, false, false, false, false, false, false);

    public bool Holds(IncidentRole role) => MyRoles.Contains(role);

    /// <param name="holderOf">Who holds a seat on the incident (null when empty).</param>
    /// <param name="roles">Every seat with its holder.</param>
    public static IncidentPermissions For(IncidentStatus status, Func<IncidentRole, string?> holderOf,
        IEnumerable<(IncidentRole Role, string Person)> roles, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var me = actor.Name;
        var commander = holderOf(IncidentRole.IncidentCommander);
        var legal = holderOf(IncidentRole.LegalLiaison);
        bool Allows(Permission permission) => AccessPolicy.Allows(actor.Role, permission);
        return new IncidentPermissions(
            MyRoles: roles.Where(r => IncidentRules.SamePerson(r.Person, me)).Select(r => r.Role).Order().ToList(),
            IsOpen: status.IsOpen(),
            IsActive: status.IsActive(),
            ReadOnly: !Allows(Permission.WriteTimeline),
            MayCommand: Allows(Permission.ChangeStatus) && IncidentRules.MayCommand(commander, me),
            MayContain: Allows(Permission.Contain) && IncidentRules.MayContain(commander, holderOf(IncidentRole.TechnicalLead), me),
            MayComposeUpdates: Allows(Permission.ComposeUpdates)
                && IncidentRules.MayComposeUpdates(commander, holderOf(IncidentRole.CommunicationsLead), me),
            MayApproveUpdates: Allows(Permission.ApproveUpdates) && IncidentRules.MayApproveUpdates(legal, me),
            MayWriteTimeline: Allows(Permission.WriteTimeline),
            MayRecordLegalFindings: Allows(Permission.LegalRecords) && IncidentRules.MayRecordLegalFindings(commander, legal, me));
    }
}
