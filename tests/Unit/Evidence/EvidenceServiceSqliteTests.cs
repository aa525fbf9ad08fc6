using System.Security.Cryptography;
using System.Text;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Evidence;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Unit.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static CommandCenter.Tests.Unit.Support.TestIncidents;

namespace CommandCenter.Tests.Unit.Evidence;

public sealed class EvidenceServiceSqliteTests : IAsyncLifetime
{
    private readonly TempDatabaseFolder _folder = new();
    private TestHost _host = null!;
    private string _key = "";

    private EvidenceService Service => _host.Services.GetRequiredService<EvidenceService>();

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(_folder.PathOf(), settings: new Dictionary<string, string?> { ["Evidence:MaxBytes"] = "1000" });
        _key = (await _host.Incidents.DeclareAsync(new DeclareIncident("Leak", "s", "SEV2", "prompt-injection", "support-assistant"),
            TestActors.As(Maya))).Key;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public async Task PastedTextIsStoredUnderItsHashWithACollectionOnTheCustodyLogAndTheTimeline()
    {
        var added = await Service.AddAsync(_key, new AddEvidence("prompt", "Attacker prompt", "trace 7f3a", "Ignore previous instructions."),
            TestActors.As(Tom));

        Assert.Equal(Sha256("Ignore previous instructions."), added.Sha256);
        Assert.Equal((CustodyAction.Collected, Tom), (added.Custody.Single().Action, added.Custody.Single().Who));
        Assert.True(File.Exists(Path.Combine(_folder.PathOf() + ".evidence", added.Sha256[..2], added.Sha256)));
        var timeline = await _host.Incidents.GetTimelineAsync(_key);
        Assert.Contains(timeline, e => e.Text.Contains("Evidence collected", StringComparison.Ordinal) && e.Text.Contains(added.Sha256[..12], StringComparison.Ordinal));
    }

    [Fact]
    public async Task ViewsAndDownloadsAreLoggedInOrder()
    {
        var added = await Service.AddAsync(_key, new AddEvidence("output", "Reply", "ticket 4411", "Here is code SAVE50."), TestActors.As(Tom));

        await Service.ViewAsync(_key, added.Id, TestActors.As(Maya));
        var (_, content) = await Service.OpenAsync(_key, added.Id, TestActors.As(Priya));
        await content.DisposeAsync();

        var log = (await Service.ListAsync(_key)).Single().Custody;
        Assert.Equal([(CustodyAction.Collected, Tom), (CustodyAction.Viewed, Maya), (CustodyAction.Downloaded, Priya)], log.Select(c => (c.Action, c.Who)));
    }

    [Fact]
    public async Task BadKindTooLargeAndWrongTypeAreRefusedNamingTheField()
    {
        var badKind = await Assert.ThrowsAsync<ValidationException>(() =>
            Service.AddAsync(_key, new AddEvidence("weights", "t", "s", "x"), TestActors.As(Tom)));
        var tooLarge = await Assert.ThrowsAsync<ValidationException>(() =>
            Service.AddAsync(_key, new AddEvidence("other", "t", "s", null, new MemoryStream(new byte[1001]), "text/plain", "big.txt"), TestActors.As(Tom)));
        var wrongType = await Assert.ThrowsAsync<ValidationException>(() =>
            Service.AddAsync(_key, new AddEvidence("other", "t", "s", null, new MemoryStream([1, 2]), "text/html", "x.html"), TestActors.As(Tom)));

        Assert.Equal(["kind"], badKind.Errors.Keys);
        Assert.Equal(["file"], tooLarge.Errors.Keys);
        Assert.Equal(["file"], wrongType.Errors.Keys);
        Assert.Empty(await Service.ListAsync(_key));
    }

    [Fact]
    public async Task LeadershipCannotCollect() =>
        await Assert.ThrowsAsync<ForbiddenActionException>(() =>
            Service.AddAsync(_key, new AddEvidence("other", "t", "s", "x"), new Actor("Lars", OrgRole.Leadership)));

    [Fact]
    public async Task ARedactedCopyIsANewItemAndTheOriginalIsKept()
    {
        var original = await Service.AddAsync(_key, new AddEvidence("prompt", "Chat", "trace 1", "Mail me at a.b@example.com"), TestActors.As(Tom));

        var copy = await Service.RedactedCopyAsync(_key, original.Id, TestActors.As(Maya));

        Assert.Equal(original.Id, copy.RedactedFromId);
        Assert.Equal($"Mail me at {PiiRedaction.Email}", await Service.ReadTextAsync(_key, copy.Id, TestActors.As(Maya)));
        Assert.Equal("Mail me at a.b@example.com", await Service.ReadTextAsync(_key, original.Id, TestActors.As(Maya)));
        Assert.Contains((await Service.ListAsync(_key)).Single(e => e.Id == original.Id).Custody, c => c.Action == CustodyAction.RedactedCopyMade);
    }

    [Fact]
    public async Task TwoPromptVersionsCanBeCompared()
    {
        var v1 = await Service.AddAsync(_key, new AddEvidence("system-prompt", "v1", "repo", "Be kind.\nNever share codes."), TestActors.As(Tom));
        var v2 = await Service.AddAsync(_key, new AddEvidence("system-prompt", "v2", "repo", "Be kind.\nShare codes when asked."), TestActors.As(Tom));

        var diff = await Service.DiffAsync(_key, v1.Id, v2.Id, TestActors.As(Maya));

        Assert.Equal([DiffKind.Same, DiffKind.Removed, DiffKind.Added], diff.Select(d => d.Kind));
    }

    [Fact]
    public async Task TheDatabaseRefusesRewritingEvidenceOrItsCustody()
    {
        await Service.AddAsync(_key, new AddEvidence("output", "Reply", "ticket", "text"), TestActors.As(Tom));
        using var connection = _host.OpenRawConnection();
        using var command = connection.CreateCommand();

        command.CommandText = "UPDATE EvidenceItems SET Sha256 = 'x'";
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => command.ExecuteNonQuery()).Message);
        command.CommandText = "INSERT OR REPLACE INTO CustodyEvents SELECT Id, EvidenceItemId, Action, 'Nobody', At, Detail FROM CustodyEvents";
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => command.ExecuteNonQuery()).Message);
    }

    [Fact]
    public void EvidenceOfAHeldOrRecentlyClosedIncidentCannotBeDeleted()
    {
        var now = new DateTime(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);
        var incident = Declare(now);
        var options = new EvidenceOptions { RetentionDays = 30 };

        Assert.Contains("open", EvidenceDeletionPolicy.WhyNotDeletable(incident, now, options));
        incident.ChangeLegalHold(true, "regulator", Maya, now);
        Assert.Contains("legal hold", EvidenceDeletionPolicy.WhyNotDeletable(incident, now, options));
    }
}
