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

    /// <summary>
    /// This run as the person <paramref name="me"/> was answered for sees it: per step, whether it is one of theirs and
    /// whether they may handle it now (<see cref="PlaybookProgress.MayHandle"/>, the rule the moves are refused with).
    /// </summary>
    public PlaybookRunView For(IncidentPermissions me)
    {
        ArgumentNullException.ThrowIfNull(me);
        var mine = me.MyRoles.SelectMany(r => NextSteps.FirstOrDefault(n => n.Role == r)?.StepIds ?? []).ToHashSet(StringComparer.Ordinal);
        var steps = Content.Steps.Select(step =>
        {
            var record = RecordOf(step.Id);
            return new PlaybookStepView(step, record, HolderOf(step.Owner), mine.Contains(step.Id),
                MayHandle: record is null && !me.ReadOnly && PlaybookProgress.MayHandle(step, me.MyRoles));
        }).ToList();
        return new PlaybookRunView(this, me.MyRoles, steps);
    }
}

/// <summary>One step of a run for one person: its record, its owner's holder (null when vacant), and their answers.</summary>
/// <param name="IsMine">Open and owned by a role the person holds.</param>
/// <param name="MayHandle">Open, and the person may check, answer or skip it.</param>
public sealed record PlaybookStepView(PlaybookStep Step, StepRecord? Record, string? Holder, bool IsMine, bool MayHandle);

/// <summary>An incident's playbook run as one person sees it (<see cref="IncidentPlaybookRun.For"/>).</summary>
public sealed record PlaybookRunView(IncidentPlaybookRun Run, IReadOnlyList<IncidentRole> MyRoles, IReadOnlyList<PlaybookStepView> Steps)
{
    /// <summary>The open steps owned by the person's roles, in playbook order.</summary>
    public IReadOnlyList<PlaybookStepView> MyNextSteps => Steps.Where(s => s.IsMine).ToList();
}
