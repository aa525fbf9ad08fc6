using CommandCenter.Core.Accounts;
using CommandCenter.Core.Audit;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Unit.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static CommandCenter.Tests.Unit.Support.TestIncidents;

namespace CommandCenter.Tests.Unit.Audit;

/// <summary>The audit trail and the timeline on a real SQLite file, attacked the way someone with the file would.</summary>
public sealed class AuditTamperingSqliteTests : IAsyncLifetime
{
    private static readonly Actor Admin = new("Ada Admin", OrgRole.Administrator, "admin");
    private readonly TempDatabaseFolder _folder = new();
    private TestHost _host = null!;

    private IncidentService Incidents => _host.Incidents;
    private AuditTrail Trail => _host.Services.GetRequiredService<AuditTrail>();
    private IntegrityCheck Integrity => _host.Services.GetRequiredService<IntegrityCheck>();

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(_folder.PathOf());

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    private async Task<string> DeclareWithNotesAsync()
    {
        var key = (await Incidents.DeclareAsync(new DeclareIncident("Assistant leaks codes", "s", "SEV2", "prompt-injection", "support-assistant"),
            new Actor(Maya, OrgRole.Responder, "maya", new ActorOrigin("198.51.100.4", "Firefox/140")))).Key;
        await Incidents.RecordAsync(key, new RecordTimelineEntry("note", "Codes were redeemed 84 times."), TestActors.As(Tom));
        await Incidents.RecordAsync(key, new RecordTimelineEntry("decision", "void the codes"), TestActors.As(Maya));
        return key;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task EveryCommandIsRecordedWithWhoWhatWhereAndItsOutcome()
    {
        var key = await DeclareWithNotesAsync();
        await Assert.ThrowsAsync<ForbiddenActionException>(() =>
            _host.Lifecycle.ChangeStatusAsync(key, "triaged", new Actor("Lars", OrgRole.Leadership, "lars")));
        await Assert.ThrowsAsync<ValidationException>(() => _host.Lifecycle.ChangeStatusAsync(key, "sideways", TestActors.As(Maya)));

        var entries = (await Trail.SearchAsync(new AuditQuery(), Admin)).OrderBy(e => e.Sequence).ToList();

        Assert.Equal(["Incident.Declare", "Incident.Record", "Incident.Record", "Incident.ChangeStatus", "Incident.ChangeStatus"],
            entries.Select(e => e.Command));
        var declared = entries[0];
        Assert.Equal(("maya", Maya, "198.51.100.4", "Firefox/140", "Done"),
            (declared.UserName, declared.DisplayName, declared.Address, declared.UserAgent, declared.Outcome));
        Assert.Contains("Assistant leaks codes", declared.Arguments);
        Assert.Equal(("Refused", key), (entries[3].Outcome, entries[3].Target));
        Assert.Contains("read-only", entries[3].Reason);
        Assert.Contains("sideways", entries[4].Reason);
        Assert.Null((await Trail.SearchAsync(new AuditQuery(), Admin)).FirstOrDefault(e => e.Outcome == "Failed"));
    }

    [Fact]
    public async Task ASecretNeverReachesTheTrail()
    {
        var accounts = _host.Services.GetRequiredService<AccountService>();
        await accounts.CreateAsync(new CreateUser("tomas", "Tomás Ortega", "responder", "a-very-long-password"), Admin);
        await accounts.SetPasswordAsync("tomas", "another-long-password", Admin);

        var entries = await Trail.SearchAsync(new AuditQuery(Target: "tomas"), Admin);

        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.DoesNotContain("long-password", e.Arguments));
        Assert.All(entries, e => Assert.Contains(AuditRedaction.Redacted, e.Arguments));
    }

    [Fact]
    public async Task SearchFindsByWhoWhatAndIncident()
    {
        var key = await DeclareWithNotesAsync();

        Assert.Equal(2, (await Trail.SearchAsync(new AuditQuery(Who: "maya"), Admin)).Count);
        Assert.Single(await Trail.SearchAsync(new AuditQuery(What: "declare"), Admin));
        Assert.Equal(2, (await Trail.SearchAsync(new AuditQuery(Target: key), Admin)).Count);
    }

    [Fact]
    public async Task OnlyAdministratorsAndLegalLiaisonsReadTheTrail()
    {
        var key = await DeclareWithNotesAsync();
        var noor = new Actor("Noor Haddad", OrgRole.Responder, "noor");
        await Assert.ThrowsAsync<ForbiddenActionException>(() => Trail.SearchAsync(new AuditQuery(), noor));
        await Assert.ThrowsAsync<ForbiddenActionException>(() => Trail.VerifyAsync(new Actor("Lars", OrgRole.Leadership)));

        await _host.Roster.AssignRoleAsync(key, "legal-liaison", "Noor Haddad", Admin);

        Assert.NotEmpty(await Trail.SearchAsync(new AuditQuery(), noor));
    }

    [Fact]
    public async Task TheTrailVerifiesAndSaysUpToWhichEntry()
    {
        await DeclareWithNotesAsync();

        var result = await Trail.VerifyAsync(Admin);

        Assert.True(result.Intact);
        Assert.Equal(3, result.IntactUpTo);
        Assert.Equal("Audit trail: intact up to entry 3.", result.Describe());
    }

    [Fact]
    public async Task TheDatabaseRefusesUpdateDeleteAndReplaceOfAuditEntries()
    {
        await DeclareWithNotesAsync();
        using var connection = _host.OpenRawConnection();

        var update = Assert.Throws<SqliteException>(() => Execute(connection, "UPDATE AuditEntries SET Outcome = 'Refused'"));
        var delete = Assert.Throws<SqliteException>(() => Execute(connection, "DELETE FROM AuditEntries WHERE Sequence = 2"));
        var replace = Assert.Throws<SqliteException>(() => Execute(connection,
            "INSERT OR REPLACE INTO AuditEntries SELECT Sequence, At, UserName, 'Someone else', Role, Command, Arguments, Target, Address, " +
            "UserAgent, ApiKeyPrefix, Outcome, Reason, PreviousMac, Mac FROM AuditEntries WHERE Sequence = 2"));

        Assert.All([update, delete, replace], e => Assert.Contains("append-only", e.Message));
        Assert.True((await Trail.VerifyAsync(Admin)).Intact);
    }

    [Fact]
    public async Task ADroppedTriggerAndAnEditAreFoundByVerify()
    {
        await DeclareWithNotesAsync();
        using var connection = _host.OpenRawConnection();

        Execute(connection, "DROP TRIGGER AuditEntries_NoUpdate");
        Execute(connection, "UPDATE AuditEntries SET DisplayName = 'Someone else' WHERE Sequence = 2");

        var result = await Trail.VerifyAsync(Admin);
        Assert.Equal((2L, 1L), (result.FirstBroken, result.IntactUpTo));
        Assert.Equal("Audit trail: broken at entry 2 (intact up to entry 1).", result.Describe());
    }

    [Fact]
    public async Task TheTimelineRefusesInsertOrReplace()
    {
        var key = await DeclareWithNotesAsync();
        using var connection = _host.OpenRawConnection();

        var replace = Assert.Throws<SqliteException>(() => Execute(connection,
            "INSERT OR REPLACE INTO TimelineEntries (Id, IncidentId, Sequence, Kind, Text, Author, AuthorRole, OccurredAt, RecordedAt, " +
            "CorrectsSequence, PreviousHash, Hash, Mac) SELECT Id, IncidentId, Sequence, Kind, 'nothing happened', Author, AuthorRole, " +
            "OccurredAt, RecordedAt, CorrectsSequence, PreviousHash, Hash, Mac FROM TimelineEntries WHERE Sequence = 2"));

        Assert.Contains("append-only", replace.Message);
        Assert.Null(await Incidents.VerifyTimelineAsync(key));
    }

    [Fact]
    public async Task RecomputedPlainHashesOnTheTimelineAreFoundByVerify()
    {
        var key = await DeclareWithNotesAsync();
        using var connection = _host.OpenRawConnection();
        Execute(connection, "DROP TRIGGER TimelineEntries_NoUpdate");
        Execute(connection, "UPDATE TimelineEntries SET Text = 'Codes were redeemed 4 times.' WHERE Sequence = 2");

        // The attacker recomputes the plain SHA-256 chain from entry 2 on, as the code in the repository shows how.
        await using (var db = _host.CreateDbContext())
        {
            var entries = db.TimelineEntries.OrderBy(e => e.Sequence).ToList();
            var previous = entries[0].Hash;
            foreach (var entry in entries.Skip(1))
            {
                db.Entry(entry).Property(e => e.PreviousHash).CurrentValue = previous;
                var hash = entry.ComputeHash();
                db.Entry(entry).Property(e => e.Hash).CurrentValue = hash;
                previous = hash;
            }
            await db.SaveChangesAsync();
        }

        await using (var db = _host.CreateDbContext())
        {
            Assert.Null(TimelineEntry.FindBrokenLink(db.TimelineEntries.ToList()));
        }
        Assert.Equal(2, await Incidents.VerifyTimelineAsync(key));
        var report = await Integrity.VerifyAsync(Admin);
        Assert.False(report.Intact);
        Assert.Contains($"Timeline of {key}: broken at entry 2", report.Describe());
    }
}
