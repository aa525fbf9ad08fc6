using CommandCenter.Core.Incidents;
using CommandCenter.Core.Systems;

namespace CommandCenter.Tests.Unit.Support;

/// <summary>Builds aggregates in known states through the aggregate's own (legal) methods.</summary>
internal static class TestIncidents
{
    public const string Key = "INC-2026-0042";
    public const string Maya = "Maya Chen";
    public const string Tom = "Tom Okafor";
    public const string Priya = "Priya Raman";
    public const string Sam = "Sam Rivera";

    public static AiSystem System() => new("support-assistant", "Support assistant", AiSystemKind.Generative,
        "Customer Care Platform", RiskTier.Limited, "care-llm 2026.11.1", "care-llm 2026.10.3", hasFallback: true);

    public static Incident Declare(DateTime now, string declaredBy = Maya, DateTime? impactStartedAt = null,
        Severity severity = Severity.Sev2) =>
        Incident.Declare(Key, "Assistant hands out discount codes", "Hidden text in a community article.", severity,
            Archetype.PromptInjection, System(), declaredBy, now, impactStartedAt);

    /// <summary>Walks the incident forward to <paramref name="target"/> with legal moves only.</summary>
    public static void MoveTo(Incident incident, IncidentStatus target, string actor, DateTime now)
    {
        if (incident.Status == target)
        {
            return;
        }
        if (target == IncidentStatus.Closed)
        {
            if (incident.Status != IncidentStatus.Resolved)
            {
                incident.ChangeStatus(IncidentStatus.Resolved, actor, now, "Fixed and verified.");
            }
            incident.ChangeStatus(IncidentStatus.Closed, actor, now);
            return;
        }
        incident.ChangeStatus(target, actor, now, target >= IncidentStatus.Resolved ? "Fixed and verified." : null);
    }

    public static DateTime? PhaseAt(Incident incident, IncidentStatus status) => status switch
    {
        IncidentStatus.Detected => incident.DetectedAt,
        IncidentStatus.Triaged => incident.TriagedAt,
        IncidentStatus.Contained => incident.ContainedAt,
        IncidentStatus.Recovered => incident.RecoveredAt,
        IncidentStatus.Resolved => incident.ResolvedAt,
        _ => incident.ClosedAt,
    };

    /// <summary>Sets a private-setter property, to simulate tampering or an id assigned by the database.</summary>
    public static void ForceSet<T>(T target, string property, object? value) where T : class =>
        typeof(T).GetProperty(property)!.SetValue(target, value);
}

/// <summary>Actors for service calls: a responder unless a test says otherwise.</summary>
internal static class TestActors
{
    public static CommandCenter.Core.Accounts.Actor As(string name,
        CommandCenter.Core.Accounts.OrgRole role = CommandCenter.Core.Accounts.OrgRole.Responder) => new(name, role);
}
