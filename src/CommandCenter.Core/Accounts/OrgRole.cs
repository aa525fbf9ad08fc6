using System.Text.Json.Serialization;

namespace CommandCenter.Core.Accounts;

/// <summary>
/// What a person may do across the organisation. Per-incident roles (Incident Commander, Scribe, ...) come on top of
/// this: a Responder holding no incident role can still write notes, but only the IC moves the incident's status.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrgRole>))]
public enum OrgRole
{
    /// <summary>Works incidents: declares, writes, contains, communicates.</summary>
    [JsonStringEnumMemberName("responder")] Responder = 1,

    /// <summary>Reads everything, changes nothing.</summary>
    [JsonStringEnumMemberName("leadership")] Leadership = 2,

    /// <summary>A responder who also manages users, API keys, playbooks and settings.</summary>
    [JsonStringEnumMemberName("administrator")] Administrator = 3,
}

public static class OrgRoles
{
    public static readonly IReadOnlyList<OrgRole> All = Enum.GetValues<OrgRole>();

    /// <summary>The administrator's role claim, for the web layer's role checks (one spelling, here).</summary>
    public const string AdministratorCode = "administrator";

    public static string Allowed { get; } = string.Join(", ", All.Select(r => r.Code()));

    public static string Code(this OrgRole role) => role switch
    {
        OrgRole.Responder => "responder",
        OrgRole.Leadership => "leadership",
        _ => AdministratorCode,
    };

    public static string Label(this OrgRole role) => role switch
    {
        OrgRole.Responder => "Responder",
        OrgRole.Leadership => "Leadership (read-only)",
        _ => "Administrator",
    };

    public static OrgRole? Parse(string? value) =>
        All.Cast<OrgRole?>().FirstOrDefault(r => string.Equals(r!.Value.Code(), value?.Trim(), StringComparison.OrdinalIgnoreCase)
            || string.Equals(r.Value.ToString(), value?.Trim(), StringComparison.OrdinalIgnoreCase));
}
