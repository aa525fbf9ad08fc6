using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Unit.Support;

namespace CommandCenter.Tests.Unit;

/// <summary>The database spelling of "active" says what <see cref="IncidentStatuses.IsActive"/> says, for every status.</summary>
public sealed class ActiveIncidentQueryTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc);

    private static Incident At(IncidentStatus status)
    {
        var incident = TestIncidents.Declare(Now);
        TestIncidents.MoveTo(incident, status, TestIncidents.Maya, Now.AddHours(1));
        return incident;
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public void TheQueryPredicateAgreesWithIsActive(IncidentStatus status)
    {
        Assert.Equal(status.IsActive(), IncidentStatuses.ActiveIncident.Compile()(At(status)));
    }

    [Fact]
    public void WhereActiveKeepsOnlyIncidentsBeforeResolved()
    {
        var incidents = IncidentStatuses.All.Select(At).ToList();

        Assert.Equal([IncidentStatus.Detected, IncidentStatus.Triaged, IncidentStatus.Contained, IncidentStatus.Recovered],
            incidents.AsQueryable().WhereActive().Select(i => i.Status));
    }

    [Fact]
    public void WhereActiveOrAddsWhatTheOtherConditionPicks()
    {
        var incidents = IncidentStatuses.All.Select(At).ToList();

        Assert.Equal([IncidentStatus.Detected, IncidentStatus.Triaged, IncidentStatus.Contained, IncidentStatus.Recovered, IncidentStatus.Closed],
            incidents.AsQueryable().WhereActiveOr(i => i.Status == IncidentStatus.Closed).Select(i => i.Status));
    }

    public static TheoryData<IncidentStatus> Statuses() => [.. IncidentStatuses.All];
}
