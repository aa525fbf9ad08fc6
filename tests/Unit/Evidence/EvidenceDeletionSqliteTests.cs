using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Evidence;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Unit.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static CommandCenter.Tests.Unit.Support.TestIncidents;

namespace CommandCenter.Tests.Unit.Evidence;

/// <summary>Deleting evidence content by hand and by retention: the bytes go, the metadata, hash and custody log stay.</summary>
public sealed class EvidenceDeletionSqliteTests : IAsyncLifetime
{
    private readonly TempDatabaseFolder _folder = new();
    private TestHost _host = null!;
    private string _key = "";

    private EvidenceService Service => _host.Services.GetRequiredService<EvidenceService>();

    private string StoredFile(string sha256) => Path.Combine(_folder.PathOf() + ".evidence", sha256[..2], sha256);

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(_folder.PathOf(), settings: new Dictionary<string, string?> { ["Evidence:RetentionDays"] = "30" });
        _key = (await _host.Incidents.DeclareAsync(new DeclareIncident("Leak", "s", "SEV2", "prompt-injection", "support-assistant", TakeCommand: true),
            TestActors.As(Maya))).Key;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    private Task<EvidenceView> AddAsync(string text) => Service.AddAsync(_key, new AddEvidence("output", "Reply", "ticket 4411", text), TestActors.As(Tom));

    private void Close(DateTime at)
    {
        using var connection = _host.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE Incidents SET ClosedAt = '{at:yyyy-MM-dd HH:mm:ss}' WHERE Key = '{_key}'";
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task TheCommanderDeletesTheContentAndTheCustodyLogSaysWhoAndWhy()
    {
        var added = await AddAsync("card 4111 1111 1111 1111");

        var deleted = await Service.DeleteAsync(_key, added.Id, "pasted a real card number by mistake", TestActors.As(Maya));

        Assert.True(deleted.ContentRemoved);
        Assert.Equal(added.Sha256, deleted.Sha256);
        Assert.False(File.Exists(StoredFile(added.Sha256)));
        var last = deleted.Custody[^1];
        Assert.Equal((CustodyAction.Deleted, Maya), (last.Action, last.Who));
        Assert.Equal("deleted by Maya Chen: pasted a real card number by mistake", last.Detail);
        var refused = await Assert.ThrowsAsync<InvalidTransitionException>(() => Service.OpenAsync(_key, added.Id, TestActors.As(Tom)));
        Assert.Contains("was deleted", refused.Message);
        Assert.True((await Service.ListAsync(_key)).Single().ContentRemoved);
    }

    [Fact]
    public async Task DeletingNeedsAReasonTheCommanderAndNoLegalHold()
    {
        var added = await AddAsync("some output");

        var noReason = await Assert.ThrowsAsync<ValidationException>(() => Service.DeleteAsync(_key, added.Id, " ", TestActors.As(Maya)));
        await Assert.ThrowsAsync<ForbiddenActionException>(() => Service.DeleteAsync(_key, added.Id, "tidy", TestActors.As(Tom)));
        await _host.Legal.SetLegalHoldAsync(_key, true, "regulator", TestActors.As(Maya));
        var held = await Assert.ThrowsAsync<InvalidTransitionException>(() =>
            Service.DeleteAsync(_key, added.Id, "tidy", new Actor("Ada Admin", OrgRole.Administrator)));

        Assert.Equal(["reason"], noReason.Errors.Keys);
        Assert.Contains("legal hold", held.Message);
        Assert.True(File.Exists(StoredFile(added.Sha256)));
    }

    [Fact]
    public async Task BytesSharedWithAnotherArtefactStayUntilBothAreDeleted()
    {
        var first = await AddAsync("same bytes");
        var second = await AddAsync("same bytes");

        await Service.DeleteAsync(_key, first.Id, "duplicate", TestActors.As(Maya));
        Assert.True(File.Exists(StoredFile(first.Sha256)));
        await Service.DeleteAsync(_key, second.Id, "duplicate too", TestActors.As(Maya));

        Assert.False(File.Exists(StoredFile(first.Sha256)));
    }

    [Fact]
    public async Task TheRetentionJobPurgesOnlyAfterTheRetentionDaysAndNeverUnderLegalHold()
    {
        var added = await AddAsync("old output");
        var job = new EvidenceRetentionJob(Service, _host.Services.GetRequiredService<IOptions<EvidenceOptions>>(), _host.Clock,
            NullLogger<EvidenceRetentionJob>.Instance);
        Close(_host.Clock.UtcNow);

        _host.Clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));
        await _host.Legal.SetLegalHoldAsync(_key, true, "regulator", TestActors.As(Maya));
        _host.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));
        Assert.True(File.Exists(StoredFile(added.Sha256)));

        await _host.Legal.SetLegalHoldAsync(_key, false, "inquiry closed", TestActors.As(Maya));
        Assert.Equal(1, await job.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));

        Assert.False(File.Exists(StoredFile(added.Sha256)));
        var purged = (await Service.ListAsync(_key)).Single().Custody[^1];
        Assert.Equal((CustodyAction.Purged, EvidenceService.RetentionActor), (purged.Action, purged.Who));
        Assert.StartsWith("purged by retention (30 days after closure", purged.Detail);
    }
}
