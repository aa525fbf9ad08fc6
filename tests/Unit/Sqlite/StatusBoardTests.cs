using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Unit.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Unit;

public sealed class StatusBoardTests : IAsyncLifetime
{
    private readonly TempDatabaseFolder _folder = new();
    private TestHost _host = null!;

    private StatusBoardService Board => _host.Services.GetRequiredService<StatusBoardService>();

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(_folder.PathOf());

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    private Task<IncidentSummary> DeclareAsync(string title, string severity) =>
        _host.Incidents.DeclareAsync(new DeclareIncident(title, "", severity, "data-leakage", "support-assistant", TakeCommand: true,
            ImpactStartedAt: _host.Clock.UtcNow.AddMinutes(-20)), TestActors.As("Maya Chen"));

    [Fact]
    public async Task ListsActiveIncidentsWorstFirstWithTheNearestLegalDeadline()
    {
        var minor = await DeclareAsync("Minor", "SEV3");
        var major = await DeclareAsync("Major", "SEV1");
        await _host.Legal.StartClocksAsync(major.Key, "personal-data-breach", null, TestActors.As("Maya Chen"));
        _host.Clock.AdvanceMinutes(30);

        var board = await Board.GetAsync();

        Assert.Equal([major.Key, minor.Key], board.Rows.Select(r => r.Incident.Key));
        Assert.Equal("gdpr-art33", board.Rows[0].NextDeadline?.Code);
        Assert.Equal(TimeSpan.FromHours(71.5), board.Rows[0].NextDeadline?.Remaining);
        Assert.Null(board.Rows[1].NextDeadline);
        Assert.Equal(TimeSpan.FromMinutes(30), board.Rows[0].SinceDetection);
        Assert.Equal((2, 1), (board.Metrics.Active, board.Metrics.ActiveSev1));
    }

    [Fact]
    public async Task HeadlineMeansComeFromRecentlyResolvedIncidents()
    {
        var first = await DeclareAsync("First", "SEV2");
        _host.Clock.AdvanceMinutes(10);
        await _host.Lifecycle.ChangeStatusAsync(first.Key, "contained", TestActors.As("Maya Chen"));
        _host.Clock.AdvanceMinutes(50);
        await _host.Lifecycle.ChangeStatusAsync(first.Key, "resolved", TestActors.As("Maya Chen"), "Fixed and verified.");

        var board = await Board.GetAsync();

        Assert.Empty(board.Rows);
        Assert.Equal(1, board.Metrics.ResolvedLast30Days);
        Assert.Equal(TimeSpan.FromMinutes(20), board.Metrics.MeanTimeToDetect);
        Assert.Equal(TimeSpan.FromMinutes(10), board.Metrics.MeanTimeToContain);
        Assert.Equal(TimeSpan.FromMinutes(60), board.Metrics.MeanTimeToResolve);
    }

    [Fact]
    public async Task AResolvedIncidentStaysOnTheBoardUntilItsRegulatoryDeadlineIsMet()
    {
        var leak = await DeclareAsync("Leak", "SEV2");
        await _host.Legal.StartClocksAsync(leak.Key, "personal-data-breach", null, TestActors.As("Maya Chen"));
        await _host.Lifecycle.ChangeStatusAsync(leak.Key, "resolved", TestActors.As("Maya Chen"), "Transcripts purged.");

        var board = await Board.GetAsync();

        var row = Assert.Single(board.Rows);
        Assert.Equal((leak.Key, IncidentStatus.Resolved, "gdpr-art33"), (row.Incident.Key, row.Incident.Status, row.NextDeadline?.Code));
        Assert.Equal(0, board.Metrics.Active);
        await _host.Legal.MeetClockAsync(leak.Key, "gdpr-art33", TestActors.As("Maya Chen"));
        Assert.Empty((await Board.GetAsync()).Rows);
    }
}
