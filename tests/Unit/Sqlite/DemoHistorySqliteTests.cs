using System.Diagnostics;
using CommandCenter.Core.Demo;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Learning;
using CommandCenter.Tests.Unit.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CommandCenter.Tests.Unit;

/// <summary>
/// The year of demo history: deterministic, valid through the aggregates, and the metrics over it match SQL. How long the
/// seeding takes is printed, not asserted (a timed assertion fails on a busy machine, not on slow code).
/// </summary>
public sealed class DemoHistorySqliteTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempDatabaseFolder _folder = new();
    private TestHost _host = null!;
    private TimeSpan _seeding;
    private int _added;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(_folder.PathOf(), seedDemoData: true, addSystem: false);
        var started = Stopwatch.GetTimestamp();
        _added = await _host.Services.GetRequiredService<DemoHistory>().SeedAsync();
        _seeding = Stopwatch.GetElapsedTime(started);
        output.WriteLine($"Demo history: {_added} incidents in {_seeding.TotalMilliseconds:0} ms");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task HistoryAddsAYearOfResolvedOrClosedIncidentsOnlyOnce()
    {
        Assert.Equal(DemoHistory.IncidentCount, _added);
        Assert.Equal(0, await _host.Services.GetRequiredService<DemoHistory>().SeedAsync());
        var all = await _host.Incidents.ListAsync();
        var past = all.Where(i => i.DetectedAt < _host.Clock.UtcNow.AddDays(-30)).ToList();
        Assert.Equal(DemoHistory.IncidentCount, past.Count);
        Assert.All(past, i => Assert.Contains(i.Status, new[] { IncidentStatus.Resolved, IncidentStatus.Closed }));
        Assert.Equal(4, all.Count(i => i.DetectedAt >= _host.Clock.UtcNow.AddDays(-30))); // today's demo is unchanged
        Assert.Null(await _host.Incidents.VerifyTimelineAsync(past[0].Key));
        Assert.Equal(DemoHistory.IncidentCount, _host.Scalar("SELECT COUNT(*) FROM Postmortems"));
        Assert.True(_host.Scalar("SELECT COUNT(DISTINCT State) FROM Postmortems") >= 2);
        Assert.True(_host.Scalar("SELECT COUNT(DISTINCT Status) FROM ActionItems") >= 3);
        Assert.Equal(0, _host.Scalar("SELECT COUNT(*) FROM Incidents i JOIN Postmortems p ON p.IncidentId = i.Id WHERE i.Status = 'Closed' AND p.State <> 'Published'"));
    }

    [Fact]
    public async Task MetricsOverTheHistoryMatchTheSameNumbersComputedInSql()
    {
        var report = await _host.Services.GetRequiredService<MetricsService>().ComputeAsync(new MetricFilter());

        // Worked out independently of LearningMetrics: straight from the stored times with SQLite's date arithmetic.
        var mttrTenths = _host.Scalar("SELECT CAST(ROUND(AVG((julianday(ResolvedAt) - julianday(DetectedAt)) * 24) * 10) AS INTEGER) FROM Incidents WHERE ResolvedAt IS NOT NULL");
        var mttcTenths = _host.Scalar("SELECT CAST(ROUND(AVG((julianday(ContainedAt) - julianday(DetectedAt)) * 1440) * 10) AS INTEGER) FROM Incidents WHERE ContainedAt IS NOT NULL");
        var onTime = _host.Scalar("SELECT COUNT(*) FROM ActionItems WHERE Status = 'Done' AND julianday(CompletedAt) < julianday(date(DueDate, '+1 day'))");
        var due = _host.Scalar($"SELECT COUNT(*) FROM ActionItems WHERE Status = 'Done' OR (Status <> 'WontDo' AND julianday(date(DueDate, '+1 day')) <= julianday('{_host.Clock.UtcNow:yyyy-MM-dd HH:mm:ss}'))");
        var followed = _host.Scalar("SELECT COUNT(DISTINCT IncidentId) FROM PlaybookStepRecords");
        var incidents = _host.Scalar("SELECT COUNT(*) FROM Incidents");

        Assert.Equal(mttrTenths / 10.0, report["mttr"].Value!.Value, 1);
        Assert.Equal(mttcTenths / 10.0, report["mttc"].Value!.Value, 1);
        Assert.Equal(Math.Round(100.0 * onTime / due, 1), report["action-items-on-time"].Value);
        Assert.Equal(Math.Round(100.0 * followed / incidents, 1), report["playbook-coverage"].Value);
        Assert.Equal(0.0, report["exercise-frequency"].Value);
        Assert.True(report.Quarters.Count >= 4);
    }
}
