using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Communications;

/// <summary>One status update as the war room and the API show it.</summary>
public sealed record StatusUpdateView(
    int Id,
    string IncidentKey,
    UpdateAudience Audience,
    StatusUpdateState State,
    string WhatHappened,
    string WhatWeAreTesting,
    string WhatWeAreDoing,
    string WhatWeDontKnowYet,
    DateTime NextUpdateAt,
    bool NeedsApproval,
    string DraftedBy,
    DateTime DraftedAt,
    string? RevisedBy,
    DateTime? RevisedAt,
    string? SubmittedBy,
    DateTime? SubmittedAt,
    string? ApprovedBy,
    DateTime? ApprovedAt,
    bool ApprovedByAuthor,
    string? RejectionReason,
    string? RejectedBy,
    DateTime? RejectedAt,
    string? SentBy,
    DateTime? SentAt)
{
    public static StatusUpdateView From(StatusUpdate u, string incidentKey) => new(
        u.Id, incidentKey, u.Audience, u.State, u.WhatHappened, u.WhatWeAreTesting, u.WhatWeAreDoing, u.WhatWeDontKnowYet,
        u.NextUpdateAt, u.NeedsApproval, u.DraftedBy, u.DraftedAt, u.RevisedBy, u.RevisedAt, u.SubmittedBy, u.SubmittedAt,
        u.ApprovedBy, u.ApprovedAt, u.ApprovedByAuthor, u.RejectionReason, u.RejectedBy, u.RejectedAt, u.SentBy, u.SentAt);

    /// <summary>Ready to go out: internal text at once, external text once Legal approved it.</summary>
    public bool CanBeSent => State == StatusUpdateState.Approved || (State == StatusUpdateState.Draft && !NeedsApproval);
}

/// <summary>Every update of one incident, newest first, the next-update clock per audience, and who holds the seats that matter.</summary>
public sealed record IncidentStatusUpdates(
    string IncidentKey,
    string IncidentTitle,
    Severity Severity,
    IncidentStatus Status,
    string? IncidentCommander,
    string? CommunicationsLead,
    string? LegalLiaison,
    IReadOnlyList<StatusUpdateView> Updates,
    IncidentUpdateSchedule Schedule)
{
    public bool MayCompose(string person) => StatusUpdateRules.MayCompose(IncidentCommander, CommunicationsLead, person);

    public bool MayApprove(string person) => StatusUpdateRules.IsHolder(LegalLiaison, person);
}

/// <summary>One update waiting for the Legal/Compliance Liaison, with enough of its incident to act on it from a queue.</summary>
public sealed record PendingApproval(string IncidentKey, string IncidentTitle, Severity Severity, string? LegalLiaison, StatusUpdateView Update);

/// <summary>The text of a new or revised update as typed; <see cref="StatusUpdateService"/> validates it and names the fields to fix.</summary>
public sealed record StatusUpdateText(
    string? WhatHappened,
    string? WhatWeAreTesting,
    string? WhatWeAreDoing,
    string? WhatWeDontKnow,
    DateTime? NextUpdateAt);

/// <summary>Who may write and who may approve, shared by the service (which enforces it) and the views (which hide what would be refused).</summary>
public static class StatusUpdateRules
{
    /// <summary>Before anyone commands, every responder may write; after that the Communications Lead and the Incident Commander.</summary>
    public static bool MayCompose(string? incidentCommander, string? communicationsLead, string person) =>
        IncidentRules.MayComposeUpdates(incidentCommander, communicationsLead, person);

    public static bool IsHolder(string? holder, string person) => IncidentRules.SamePerson(holder, person);
}
