namespace CommandCenter.Core.Incidents;

/// <summary>Who holds one incident role. A person may hold several roles; a role has at most one holder.</summary>
public sealed class RoleAssignment
{
    private RoleAssignment()
    {
    }

    internal RoleAssignment(IncidentRole role, string person, DateTime assignedAt)
    {
        Role = role;
        Person = person;
        AssignedAt = assignedAt;
    }

    public int Id { get; private set; }
    public int IncidentId { get; private set; }
    public IncidentRole Role { get; private set; }
    public string Person { get; private set; } = "";
    public DateTime AssignedAt { get; private set; }

    internal void Reassign(string person, DateTime at)
    {
        Person = person;
        AssignedAt = at;
    }
}
