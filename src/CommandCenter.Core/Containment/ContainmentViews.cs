using CommandCenter.Core.Incidents;
using CommandCenter.Core.Systems;

namespace CommandCenter.Core.Containment;

/// <summary>One action a responder can take on this incident's system.</summary>
public sealed record ContainmentOption(ContainmentActionKind Action, string Title, string Effect, bool IsDestructive);

/// <summary>
/// What can be done to contain an incident and who may do it. <see cref="HasWebhook"/> false means every action runs
/// as a manual checklist.
/// </summary>
public sealed record ContainmentAvailability(
    string IncidentKey,
    string System,
    AiSystemKind SystemKind,
    bool HasWebhook,
    string? IncidentCommander,
    string? TechnicalLead,
    IReadOnlyList<ContainmentOption> Actions)
{
    /// <summary>The per-incident rule, for the UI to explain a disabled button; Core enforces it in <see cref="ContainmentService"/>.</summary>
    public bool MayRun(string person) => ContainmentRules.MayContain(IncidentCommander, TechnicalLead, person);
}

public sealed record ChecklistItemView(int Index, string Text, string? CheckedBy, DateTime? CheckedAt);

public sealed record ContainmentActionView(
    int Id,
    string IncidentKey,
    ContainmentActionKind Action,
    string Title,
    bool IsDestructive,
    string Reason,
    string RequestedBy,
    DateTime RequestedAt,
    ContainmentMode Mode,
    ContainmentState State,
    int AttemptCount,
    int? FinalStatus,
    string? Error,
    string? Summary,
    DateTime? CompletedAt,
    string? CompletedBy,
    IReadOnlyList<ControlWebhookAttempt> Attempts,
    IReadOnlyList<ChecklistItemView> Checklist);

/// <summary>The containment panel's data: what can be done, and what was done, newest first.</summary>
public sealed record ContainmentOverview(ContainmentAvailability Available, IReadOnlyList<ContainmentActionView> History);

/// <summary>A system's control webhook as people see it: the secret only as "set, ends in …".</summary>
public sealed record SystemControlView(string System, string? Url, bool SecretSet, string? SecretEndsWith, DateTime? UpdatedAt, string? UpdatedBy);

public static class ContainmentRules
{
    /// <summary>Whether <paramref name="actor"/> may set a system's control webhook (to show or hide the form).</summary>
    public static bool MayConfigureWebhook(Accounts.Actor actor) =>
        Accounts.AccessPolicy.Allows(actor.Role, Accounts.Permission.ConfigureControlWebhooks);

    /// <summary>The Incident Commander or the Technical Lead; before there is an IC, any responder (<see cref="IncidentRules.MayContain"/>).</summary>
    public static bool MayContain(string? commander, string? technicalLead, string person) =>
        IncidentRules.MayContain(commander, technicalLead, person);

    /// <summary>The actions for a kind of system; for an agent, taking its tools away comes first.</summary>
    public static IReadOnlyList<ContainmentActionKind> Ordered(AiSystemKind kind)
    {
        var actions = ContainmentActions.For(kind);
        return kind == AiSystemKind.Agent
            ? [ContainmentActionKind.RevokeAgentPermissions, .. actions.Where(a => a != ContainmentActionKind.RevokeAgentPermissions)]
            : actions;
    }

    internal static ContainmentActionView ToView(this ContainmentAction action, string incidentKey) => new(
        action.Id, incidentKey, action.Kind, action.Kind.Title(), action.Kind.IsDestructive(), action.Reason, action.RequestedBy,
        action.RequestedAt, action.Mode, action.State, action.Attempts.Count, action.FinalStatus,
        action.State == ContainmentState.Failed ? action.Summary : null,
        action.Summary, action.CompletedAt, action.CompletedBy, action.Attempts,
        action.Checklist.Select((c, i) => new ChecklistItemView(i, c.Text, c.CheckedBy, c.CheckedAt)).ToList());
}
