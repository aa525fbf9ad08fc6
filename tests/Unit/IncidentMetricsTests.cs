using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Unit.Support;
using static CommandCenter.Tests.Unit.Support.TestIncidents;

namespace CommandCenter.Tests.Unit;

public sealed class IncidentMetricsTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void TimeToDetectRunsFromImpactStartToDetection()
    {
        var detected = _clock.UtcNow;

        var incident = Declare(detected, impactStartedAt: detected.AddMinutes(-25));

        Assert.Equal(TimeSpan.FromMinutes(25), incident.Metrics.TimeToDetect);
    }

    [Fact]
    public void TimeToDetectIsNullWhenImpactStartIsUnknown()
    {
        var incident = Declare(_clock.UtcNow);

        Assert.Null(incident.Metrics.TimeToDetect);
    }

    [Fact]
    public void EveryLaterPhaseIsNullUntilReached()
    {
        var incident = Declare(_clock.UtcNow, impactStartedAt: _clock.UtcNow.AddMinutes(-5));

        var metrics = incident.Metrics;

        Assert.NotNull(metrics.TimeToDetect);
        Assert.Null(metrics.TimeToTriage);
        Assert.Null(metrics.TimeToContain);
        Assert.Null(metrics.TimeToRecover);
        Assert.Null(metrics.TimeToResolve);
    }

    [Fact]
    public void PhaseTimesAreMeasuredFromDetectionNotFromThePreviousPhase()
    {
        var incident = Declare(_clock.UtcNow, impactStartedAt: _clock.UtcNow.AddMinutes(-30));
        incident.ChangeStatus(IncidentStatus.Triaged, Maya, _clock.AdvanceMinutes(10));
        Assert.Equal(TimeSpan.FromMinutes(10), incident.Metrics.TimeToTriage);
        Assert.Null(incident.Metrics.TimeToContain);

        incident.ChangeStatus(IncidentStatus.Contained, Maya, _clock.AdvanceMinutes(20));
        Assert.Equal(TimeSpan.FromMinutes(30), incident.Metrics.TimeToContain);
        Assert.Null(incident.Metrics.TimeToRecover);

        incident.ChangeStatus(IncidentStatus.Recovered, Maya, _clock.AdvanceMinutes(15));
        Assert.Equal(TimeSpan.FromMinutes(45), incident.Metrics.TimeToRecover);
        Assert.Null(incident.Metrics.TimeToResolve);

        incident.ChangeStatus(IncidentStatus.Resolved, Maya, _clock.AdvanceMinutes(75), "Fixed and verified.");

        Assert.Equal(
            new IncidentMetrics(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30),
                TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(120)),
            incident.Metrics);
    }

    [Fact]
    public void SkippedPhasesShareTheJumpTime()
    {
        var incident = Declare(_clock.UtcNow);

        incident.ChangeStatus(IncidentStatus.Recovered, Maya, _clock.AdvanceMinutes(60));

        Assert.Equal(TimeSpan.FromMinutes(60), incident.Metrics.TimeToTriage);
        Assert.Equal(TimeSpan.FromMinutes(60), incident.Metrics.TimeToContain);
        Assert.Equal(TimeSpan.FromMinutes(60), incident.Metrics.TimeToRecover);
        Assert.Null(incident.Metrics.TimeToResolve);
    }

    [Fact]
    public void ClosingAndLaterChangesDoNotMoveTheMetrics()
    {
        var incident = Declare(_clock.UtcNow, impactStartedAt: _clock.UtcNow.AddMinutes(-3));
        incident.ChangeStatus(IncidentStatus.Resolved, Maya, _clock.AdvanceMinutes(50), "Fixed and verified.");
        var atResolve = incident.Metrics;

        incident.Record(TimelineEntryKind.Note, "postmortem written", Maya, _clock.AdvanceMinutes(60 * 24));
        incident.ChangeStatus(IncidentStatus.Closed, Maya, _clock.AdvanceMinutes(60));

        Assert.Equal(atResolve, incident.Metrics);
    }

    [Fact]
    public void TheDetailViewCarriesTheSameMetrics()
    {
        var incident = Declare(_clock.UtcNow, impactStartedAt: _clock.UtcNow.AddMinutes(-7));
        incident.ChangeStatus(IncidentStatus.Contained, Maya, _clock.AdvanceMinutes(12));

        var detail = incident.ToDetail(incident.UpdatedAt, new CommandCenter.Core.Regulatory.RegulatoryOptions());

        Assert.Equal(incident.Metrics, detail.Metrics);
        Assert.Equal(incident.ContainedAt, detail.Phases.At(IncidentStatus.Contained));
        Assert.Null(detail.Phases.At(IncidentStatus.Recovered));
    }
}
