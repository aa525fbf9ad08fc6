namespace CommandCenter.Core.Accounts;

/// <summary>Every kind of change a Core service makes. Reading needs no permission: every signed-in role may read.</summary>
public enum Permission
{
    DeclareIncident = 1,
    WriteTimeline,
    ChangeStatus,
    ChangeSeverity,
    AssignRoles,
    RegulatoryClocks,
    LegalRecords,
    DecideCandidates,
    RunPlaybook,
    Contain,
    ComposeUpdates,
    ApproveUpdates,
    ManageSystems,
    ManageApiKeys,
    ManageUsers,
    EditPlaybooks,

    /// <summary>Where a system's containment requests go and the secret they are signed with: a server-side request target.</summary>
    ConfigureControlWebhooks,

    /// <summary>Open and facilitate tabletop exercises (their incidents are exercise incidents, never real ones).</summary>
    RunExercises,

    EditScenarios,
}

/// <summary>
/// The organisation-level half of authorization: which role may attempt which change at all. The incident aggregate then
/// applies the per-incident half (only the IC changes status once there is one, only Legal approves external text, ...).
/// </summary>
public static class AccessPolicy
{
    private static readonly HashSet<Permission> AdministratorOnly =
        [Permission.ManageApiKeys, Permission.ManageUsers, Permission.EditPlaybooks, Permission.ConfigureControlWebhooks,
        Permission.EditScenarios];

    public static bool Allows(OrgRole role, Permission permission) => role switch
    {
        OrgRole.Administrator => true,
        OrgRole.Responder => !AdministratorOnly.Contains(permission),
        _ => false,
    };

    /// <summary>What a person asking for <paramref name="permission"/> is told when their role does not allow it.</summary>
    public static string Explain(OrgRole role, Permission permission) => role == OrgRole.Leadership
        ? "Leadership accounts are read-only: ask a responder or the Incident Commander to make this change."
        : $"Only administrators can {Describe(permission)}.";

    public static string Describe(this Permission permission) => permission switch
    {
        Permission.DeclareIncident => "declare incidents",
        Permission.WriteTimeline => "write on timelines",
        Permission.ChangeStatus => "change an incident's status",
        Permission.ChangeSeverity => "change an incident's severity",
        Permission.AssignRoles => "assign incident roles",
        Permission.RegulatoryClocks => "start or close regulatory clocks",
        Permission.LegalRecords => "record the data-exposure scope or a legal hold",
        Permission.DecideCandidates => "promote, merge or dismiss incident candidates",
        Permission.RunPlaybook => "check off playbook steps",
        Permission.Contain => "run containment actions",
        Permission.ComposeUpdates => "draft or send status updates",
        Permission.ApproveUpdates => "approve status updates",
        Permission.ManageSystems => "change the AI system inventory",
        Permission.ManageApiKeys => "manage API keys",
        Permission.ManageUsers => "manage user accounts",
        Permission.EditPlaybooks => "edit playbooks",
        Permission.ConfigureControlWebhooks => "set a system's control webhook",
        Permission.RunExercises => "run tabletop exercises",
        Permission.EditScenarios => "edit exercise scenarios",
        _ => permission.ToString(),
    };
}
