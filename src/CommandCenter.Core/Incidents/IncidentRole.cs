using System.Text.Json.Serialization;

namespace CommandCenter.Core.Incidents;

[JsonConverter(typeof(JsonStringEnumConverter<IncidentRole>))]
public enum IncidentRole
{
    [JsonStringEnumMemberName("incident-commander")] IncidentCommander = 1,
    [JsonStringEnumMemberName("scribe")] Scribe = 2,
    [JsonStringEnumMemberName("technical-lead")] TechnicalLead = 3,
    [JsonStringEnumMemberName("security-analyst")] SecurityAnalyst = 4,
    [JsonStringEnumMemberName("communications-lead")] CommunicationsLead = 5,
    [JsonStringEnumMemberName("legal-liaison")] LegalLiaison = 6,
}

public static class IncidentRoles
{
    public static readonly IReadOnlyList<IncidentRole> All = Enum.GetValues<IncidentRole>();

    public static string Allowed { get; } = string.Join(", ", All.Select(r => r.Code()));

    public static string Code(this IncidentRole role) => role switch
    {
        IncidentRole.IncidentCommander => "incident-commander",
        IncidentRole.Scribe => "scribe",
        IncidentRole.TechnicalLead => "technical-lead",
        IncidentRole.SecurityAnalyst => "security-analyst",
        IncidentRole.CommunicationsLead => "communications-lead",
        _ => "legal-liaison",
    };

    public static string Title(this IncidentRole role) => role switch
    {
        IncidentRole.IncidentCommander => "Incident Commander",
        IncidentRole.Scribe => "Scribe",
        IncidentRole.TechnicalLead => "Technical Lead",
        IncidentRole.SecurityAnalyst => "Security Analyst",
        IncidentRole.CommunicationsLead => "Communications Lead",
        _ => "Legal/Compliance Liaison",
    };

    public static string Responsibility(this IncidentRole role) => role switch
    {
        IncidentRole.IncidentCommander => "Runs the response: severity, status, decisions",
        IncidentRole.Scribe => "Keeps the timeline",
        IncidentRole.TechnicalLead => "Diagnoses the model and system, leads mitigation",
        IncidentRole.SecurityAnalyst => "Assesses attack, exposure and evidence",
        IncidentRole.CommunicationsLead => "Writes status updates for every audience",
        _ => "Regulatory clocks and notifications",
    };

    /// <summary>
    /// Whether a person may take this seat for themselves when it is vacant ("I'll scribe"). The Legal/Compliance Liaison
    /// approves what customers and regulators are told, so that seat is always appointed by someone else: the Incident
    /// Commander or an administrator (<see cref="Incident.AssignRole"/>).
    /// </summary>
    public static bool MayBeTakenForYourself(this IncidentRole role) => role != IncidentRole.LegalLiaison;

    public static IncidentRole? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        // Separators go, digits stay: "scribe2" is a typo, not the Scribe.
        var normalized = new string(value.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        return All.Cast<IncidentRole?>().FirstOrDefault(r =>
            r!.Value.ToString().ToLowerInvariant() == normalized || r.Value.Code().Replace("-", "") == normalized
            || new string(r.Value.Title().Where(char.IsLetter).Select(char.ToLowerInvariant).ToArray()) == normalized);
    }
}
