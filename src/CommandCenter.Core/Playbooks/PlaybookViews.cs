using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Playbooks;

/// <summary>A playbook in the list: its archetype, the current version's title and who last changed it.</summary>
public sealed record PlaybookSummary(Archetype Archetype, string Title, int CurrentVersion, string EditedBy, DateTime EditedAt);

/// <summary>One entry of a playbook's version history.</summary>
public sealed record PlaybookVersionInfo(int Number, string EditedBy, DateTime EditedAt, string ChangeNote);

/// <summary>One version of a playbook (the current one unless asked for another) with the whole history, newest first.</summary>
public sealed record PlaybookDetail(
    Archetype Archetype,
    int Version,
    int CurrentVersion,
    PlaybookContent Content,
    string EditedBy,
    DateTime EditedAt,
    string ChangeNote,
    IReadOnlyList<PlaybookVersionInfo> History)
{
    public bool IsCurrent => Version == CurrentVersion;
}

/// <summary>An incident role, who holds it on the incident (null when vacant), and the open steps it owns.</summary>
public sealed record RoleNextSteps(IncidentRole Role, string? Holder, IReadOnlyList<string> StepIds);

/// <summary>
/// An incident's run of its playbook: the version it was attached to (which stays, even when the playbook is edited
/// later), what happened to each step, how far it got, and what each role should do next.
/// </summary>
public sealed record IncidentPlaybookRun(
    string IncidentKey,
    Archetype Archetype,
    int Version,
    int CurrentVersion,
    DateTime AttachedAt,
    PlaybookContent Content,
    IReadOnlyList<StepRecord> Records,
    PlaybookCoverage Coverage,
    IReadOnlyList<RoleNextSteps> NextSteps)
{
    public StepRecord? RecordOf(string stepId) => Records.FirstOrDefault(r => r.StepId == stepId);

    public string? HolderOf(IncidentRole role) => NextSteps.FirstOrDefault(n => n.Role == role)?.Holder;

    /// <summary>The roles <paramref name="person"/> holds on the incident.</summary>
    public IReadOnlyList<IncidentRole> RolesOf(string person) => NextSteps
        .Where(n => IncidentRules.SamePerson(n.Holder, person))
        .Select(n => n.Role).ToList();

    /// <summary>Whether <paramref name="person"/> may handle <paramref name="step"/>: its owner or the Incident Commander (the rule of <see cref="PlaybookProgress"/>).</summary>
    public bool MayHandle(PlaybookStep step, string person)
    {
        var roles = RolesOf(person);
        return roles.Contains(step.Owner) || roles.Contains(IncidentRole.IncidentCommander);
    }

    /// <summary>The open steps owned by any role <paramref name="person"/> holds, in playbook order.</summary>
    public IReadOnlyList<PlaybookStep> NextStepsOf(string person)
    {
        var ids = RolesOf(person).SelectMany(r => NextSteps.First(n => n.Role == r).StepIds).ToHashSet(StringComparer.Ordinal);
        return Content.Steps.Where(s => ids.Contains(s.Id)).ToList();
    }
}
