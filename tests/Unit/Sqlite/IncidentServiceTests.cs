using CommandCenter.Core.Accounts;
using System.Globalization;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Persistence;
using CommandCenter.Tests.Unit.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static CommandCenter.Tests.Unit.Support.TestIncidents;

namespace CommandCenter.Tests.Unit;

public sealed class IncidentServiceTests : IAsyncLifetime
{
    private readonly TempDatabaseFolder _folder = new();
    private TestHost _host = null!;

    private IncidentService Service => _host.Incidents;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(_folder.PathOf());

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    private static DeclareIncident Valid(string title = "Assistant hands out discount codes", bool takeCommand = false) =>
        new(title, "Hidden text in a community article.", "SEV2", "prompt-injection", "support-assistant", takeCommand);

    private static int Number(string key) => int.Parse(key[^4..], CultureInfo.InvariantCulture);

    [Fact]
    public async Task DeclareNamesEveryBadFieldAtOnce()
    {
        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            Service.DeclareAsync(new DeclareIncident("   ", null, "SEV9", "jailbreak", "no-such-system"), TestActors.As(" ")));

        Assert.Equal(["actor", "archetype", "severity", "system", "title"], ex.Errors.Keys.Order());
        Assert.Equal("Title is required.", Assert.Single(ex.Errors["title"]));
        Assert.Contains("'SEV9' is not a known severity", Assert.Single(ex.Errors["severity"]));
        Assert.Contains(SeverityText.Allowed, ex.Errors["severity"][0]);
        Assert.Contains("'jailbreak' is not a known archetype", Assert.Single(ex.Errors["archetype"]));
        Assert.Contains("no-such-system", Assert.Single(ex.Errors["system"]));
        Assert.Equal(0, _host.Scalar("SELECT COUNT(*) FROM Incidents"));
    }

    [Fact]
    public async Task DeclareRejectsATitleOverTheLimitAlongsideMissingFields()
    {
        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            Service.DeclareAsync(new DeclareIncident(new string('x', Limits.TitleLength + 1), null, null, " ", null), TestActors.As(Maya)));

        Assert.Equal(["archetype", "severity", "system", "title"], ex.Errors.Keys.Order());
        Assert.Equal("Title must be at most 200 characters (it has 201).", Assert.Single(ex.Errors["title"]));
        Assert.Contains("Severity is required", ex.Errors["severity"][0]);
        Assert.Contains("Archetype is required", ex.Errors["archetype"][0]);
        Assert.Contains("Affected system is required", ex.Errors["system"][0]);
    }

    [Fact]
    public async Task DeclareTrimsInputAcceptsATitleAtTheLimitAndFindsTheSystemBySlugNameOrId()
    {
        var atLimit = await Service.DeclareAsync(Valid(new string('x', Limits.TitleLength)), TestActors.As(Maya));
        var byName = await Service.DeclareAsync(new DeclareIncident("  Spaced title  ", null, "sev 1", "Prompt Injection", " SUPPORT ASSISTANT "), TestActors.As("  Maya Chen "));
        var systemId = (await _host.Systems.ListAsync()).Single().Id;
        var byId = await Service.DeclareAsync(Valid() with { System = systemId.ToString(CultureInfo.InvariantCulture) }, TestActors.As(Maya));

        Assert.Equal(Limits.TitleLength, atLimit.Title.Length);
        Assert.Equal("Spaced title", byName.Title);
        Assert.Equal(Severity.Sev1, byName.Severity);
        Assert.Equal("support-assistant", byName.SystemSlug);
        Assert.Equal("support-assistant", byId.SystemSlug);
        var detail = await Service.GetAsync(byName.Key);
        Assert.Equal(Maya, detail.DeclaredBy);
        Assert.Equal("", detail.Summary);
    }

    [Fact]
    public async Task DeclareAllocatesConsecutiveKeysPerYear()
    {
        var keys = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            keys.Add((await Service.DeclareAsync(Valid(), TestActors.As(Maya))).Key);
        }
        _host.Clock.Set(new DateTimeOffset(2027, 1, 1, 0, 0, 1, TimeSpan.Zero));
        keys.Add((await Service.DeclareAsync(Valid(), TestActors.As(Maya))).Key);

        Assert.Equal(["INC-2026-0001", "INC-2026-0002", "INC-2026-0003", "INC-2027-0001"], keys);
    }

    [Fact]
    public async Task DeclareWithTakeCommandMakesTheDeclarerCommanderAndStoresUtcTimes()
    {
        var summary = await Service.DeclareAsync(Valid(takeCommand: true), TestActors.As(Maya));

        var detail = await Service.GetAsync(summary.Key.ToLowerInvariant());

        Assert.Equal(Maya, detail.Incident.IncidentCommander);
        Assert.Equal(Maya, detail.HolderOf(IncidentRole.IncidentCommander));
        Assert.Equal(IncidentStatus.Detected, detail.Incident.Status);
        Assert.Equal(2, detail.Incident.TimelineCount);
        Assert.Equal(_host.Clock.UtcNow, detail.Incident.DetectedAt);
        Assert.Equal(DateTimeKind.Utc, detail.Incident.DetectedAt.Kind);
        Assert.Equal([IncidentStatus.Triaged, IncidentStatus.Contained, IncidentStatus.Recovered, IncidentStatus.Resolved], detail.NextStatuses);
    }

    [Fact]
    public async Task FiftyParallelDeclarationsGetFiftyDistinctConsecutiveKeys()
    {
        var declared = await Task.WhenAll(Enumerable.Range(1, 50)
            .Select(i => Task.Run(() => Service.DeclareAsync(Valid($"Parallel {i}"), TestActors.As(Maya)))));

        Assert.Equal(Enumerable.Range(1, 50), declared.Select(d => Number(d.Key)).Order());
        Assert.All(declared, d => Assert.StartsWith("INC-2026-", d.Key));
        Assert.Equal(50, _host.Scalar("SELECT COUNT(DISTINCT \"Key\") FROM Incidents"));
        Assert.Equal(50, _host.Scalar("SELECT \"Next\" FROM IncidentKeyCounters WHERE \"Year\" = 2026"));
    }

    [Fact]
    public async Task TwoProcessesDeclaringOnOneFileNeverCollideNorSeeALockedDatabase()
    {
        // A second provider is a second "process": its own WriteGate, and (through a different connection string)
        // its own connection pool, so the only thing serializing the two is SQLite's file lock.
        await using var other = TestHost.Build($"Data Source={_folder.PathOf()};Pooling=True", _host.Clock);
        Assert.NotSame(_host.Services.GetRequiredService<WriteGate>(), other.Services.GetRequiredService<WriteGate>());
        var services = new[] { Service, other.Incidents };

        var declared = await Task.WhenAll(Enumerable.Range(0, 60)
            .Select(i => Task.Run(() => services[i % 2].DeclareAsync(Valid($"From process {i % 2}, #{i}", takeCommand: i % 3 == 0), TestActors.As(Maya)))));

        Assert.Equal(Enumerable.Range(1, 60), declared.Select(d => Number(d.Key)).Order());
        Assert.Equal(60, _host.Scalar("SELECT COUNT(*) FROM Incidents"));
        Assert.Equal(60 + 20, _host.Scalar("SELECT COUNT(*) FROM TimelineEntries"));
        foreach (var summary in declared)
        {
            Assert.Null(await Service.VerifyTimelineAsync(summary.Key));
        }
    }

    [Fact]
    public async Task TwoProcessesWritingToOneIncidentKeepOneUnbrokenTimeline()
    {
        var key = (await Service.DeclareAsync(Valid(), TestActors.As(Maya))).Key;
        await using var other = TestHost.Build($"Data Source={_folder.PathOf()};Pooling=True", _host.Clock);
        var services = new[] { Service, other.Incidents };

        var recorded = await Task.WhenAll(Enumerable.Range(0, 30)
            .Select(i => Task.Run(() => services[i % 2].RecordAsync(key, new RecordTimelineEntry("note", $"note {i}"), TestActors.As(Tom)))));

        Assert.Equal(Enumerable.Range(2, 30), recorded.Select(e => e.Sequence).Order());
        Assert.Null(await Service.VerifyTimelineAsync(key));
        Assert.Equal(31, (await Service.GetAsync(key)).Incident.TimelineCount);
    }

    [Fact]
    public async Task AFailedDeclarationLeavesNothingBehind()
    {
        var inTheFuture = _host.Clock.UtcNow.AddDays(1);

        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            Service.DeclareAsync(Valid(takeCommand: true) with { ImpactStartedAt = inTheFuture }, TestActors.As(Maya)));

        Assert.Equal(["impactStartedAt"], ex.Errors.Keys);
        Assert.Equal(0, _host.Scalar("SELECT COUNT(*) FROM Incidents"));
        Assert.Equal(0, _host.Scalar("SELECT COUNT(*) FROM TimelineEntries"));
        Assert.Equal(0, _host.Scalar("SELECT COUNT(*) FROM RoleAssignments"));
        Assert.Equal(0, _host.Scalar("SELECT COUNT(*) FROM IncidentKeyCounters"));
        Assert.Empty(_host.Publisher.Batches);
        Assert.Equal("INC-2026-0001", (await Service.DeclareAsync(Valid(), TestActors.As(Maya))).Key);
    }

    [Fact]
    public async Task NotificationsArePublishedOnlyAfterCommit()
    {
        var visibleAtPublish = new List<long>();
        _host.Publisher.OnPublish = batch =>
        {
            var key = batch.OfType<IncidentUpdatedNotification>().Single().IncidentKey;
            visibleAtPublish.Add(_host.Scalar(
                $"SELECT COUNT(*) FROM TimelineEntries e JOIN Incidents i ON i.Id = e.IncidentId WHERE i.\"Key\" = '{key}'"));
        };

        var summary = await Service.DeclareAsync(Valid(takeCommand: true), TestActors.As(Maya));
        var changed = await _host.Lifecycle.ChangeStatusAsync(summary.Key, "triaged", TestActors.As(Maya), "scope known");

        Assert.Equal([2L, 3L], visibleAtPublish);
        Assert.Equal(2, _host.Publisher.Batches.Count);
        var declaredBatch = _host.Publisher.Batches[0];
        Assert.Equal(
            [typeof(TimelineEntryAddedNotification), typeof(TimelineEntryAddedNotification), typeof(IncidentUpdatedNotification),
                typeof(IncidentDeclaredNotification)],
            declaredBatch.Select(n => n.GetType()));
        var entries = declaredBatch.OfType<TimelineEntryAddedNotification>().Select(n => n.Entry).ToList();
        Assert.Equal([1, 2], entries.Select(e => e.Sequence));
        Assert.Equal([TimelineEntryKind.StatusChange, TimelineEntryKind.RoleChange], entries.Select(e => e.Kind));
        Assert.All(declaredBatch, n => Assert.Equal(summary.Key, n.IncidentKey));
        Assert.Equal(summary, declaredBatch.OfType<IncidentUpdatedNotification>().Single().Incident);

        var statusBatch = _host.Publisher.Batches[1];
        var added = Assert.IsType<TimelineEntryAddedNotification>(statusBatch[0]);
        Assert.Equal(3, added.Entry.Sequence);
        Assert.Equal("Status Detected → Triaged: scope known", added.Entry.Text);
        Assert.Equal("Incident Commander", added.Entry.AuthorRole);
        var updated = Assert.IsType<IncidentUpdatedNotification>(statusBatch[1]);
        Assert.Equal(changed, updated.Incident);
        Assert.Equal(IncidentStatus.Triaged, updated.Incident.Status);
        Assert.Equal(3, updated.Incident.TimelineCount);
    }

    [Fact]
    public async Task ChangesBeyondTheSummaryPublishATypedNotificationNamingThePartAfterTheSummary()
    {
        var key = (await Service.DeclareAsync(Valid(takeCommand: true), TestActors.As(Maya))).Key;

        await _host.Roster.AssignRoleAsync(key, "scribe", Tom, TestActors.As(Maya));
        await _host.Legal.SetLegalHoldAsync(key, true, null, TestActors.As(Maya));
        await Service.RecordAsync(key, new RecordTimelineEntry("note", "Plain note", null), TestActors.As(Maya));

        var batches = _host.Publisher.Batches.Skip(1).ToList();
        Assert.IsType<RolesChangedNotification>(batches[0][^1]);
        Assert.IsType<LegalChangedNotification>(batches[1][^1]);
        Assert.All(batches.Take(2), batch => Assert.Equal(key, batch[^1].IncidentKey));
        // A note names no part: views apply the entry and the summary it carries and read nothing.
        Assert.All(batches[2], n => Assert.True(n is TimelineEntryAddedNotification or IncidentUpdatedNotification));
    }

    [Fact]
    public async Task RefusedChangesPublishNothingAndChangeNothing()
    {
        var key = (await Service.DeclareAsync(Valid(takeCommand: true), TestActors.As(Maya))).Key;
        var batches = _host.Publisher.Batches.Count;

        await Assert.ThrowsAsync<ForbiddenActionException>(() => _host.Lifecycle.ChangeSeverityAsync(key, "SEV1", TestActors.As(Tom)));
        await Assert.ThrowsAsync<ForbiddenActionException>(() => _host.Roster.AssignRoleAsync(key, "scribe", Priya, TestActors.As(Tom)));
        await Assert.ThrowsAsync<InvalidTransitionException>(() => _host.Lifecycle.ChangeStatusAsync(key, "closed", TestActors.As(Maya), "Fixed and verified."));
        await Assert.ThrowsAsync<NotFoundException>(() => _host.Lifecycle.ChangeStatusAsync("INC-2026-9999", "triaged", TestActors.As(Maya)));

        Assert.Equal(batches, _host.Publisher.Batches.Count);
        var detail = await Service.GetAsync(key);
        Assert.Equal(Severity.Sev2, detail.Incident.Severity);
        Assert.Equal(IncidentStatus.Detected, detail.Incident.Status);
        Assert.Equal(2, detail.Incident.TimelineCount);
    }

    [Fact]
    public async Task RolesGoToAccountsWhateverWayTheirNameIsTypedAndAMadeUpPersonIsRefused()
    {
        var key = (await Service.DeclareAsync(Valid(takeCommand: true), TestActors.As(Maya))).Key;

        await _host.Roster.AssignRoleAsync(key, "scribe", "tom", TestActors.As(Maya));
        await _host.Roster.AssignRoleAsync(key, "technical-lead", "  PRIYA RAMAN ", TestActors.As(Maya));
        var refused = await Assert.ThrowsAsync<ValidationException>(() => _host.Roster.AssignRoleAsync(key, "communications-lead", "Zed Nobody", TestActors.As(Maya)));

        Assert.Equal(PeopleDirectory.Unknown("Zed Nobody"), refused.Errors["person"].Single());
        var detail = await Service.GetAsync(key);
        Assert.Equal([(IncidentRole.IncidentCommander, Maya), (IncidentRole.Scribe, Tom), (IncidentRole.TechnicalLead, Priya)],
            detail.Roles.Select(r => (r.Role, r.Person)));
        Assert.Null(detail.HolderOf(IncidentRole.CommunicationsLead));
    }

    [Fact]
    public async Task RolesAndSeverityChangeThroughTheService()
    {
        var key = (await Service.DeclareAsync(Valid(takeCommand: true), TestActors.As(Maya))).Key;

        await _host.Roster.AssignRoleAsync(key, "Scribe", " Tom Okafor ", TestActors.As(Maya));
        await _host.Roster.AssignRoleAsync(key, "technical-lead", Priya, TestActors.As(Priya));
        await _host.Lifecycle.ChangeSeverityAsync(key, "sev-1", TestActors.As(Maya), "refunds affected");
        await _host.Roster.UnassignRoleAsync(key, "technical lead", TestActors.As(Priya));

        var detail = await Service.GetAsync(key);
        Assert.Equal([(IncidentRole.IncidentCommander, Maya), (IncidentRole.Scribe, Tom)], detail.Roles.Select(r => (r.Role, r.Person)));
        Assert.Equal(Severity.Sev1, detail.Incident.Severity);
        var timeline = await Service.GetTimelineAsync(key);
        Assert.Equal("Priya Raman released the Technical Lead role.", timeline[0].Text);
        Assert.Equal("Severity raised SEV-2 → SEV-1: refunds affected", timeline[1].Text);
    }

    [Fact]
    public async Task ServiceValidationNamesEveryBadFieldOfOtherCommands()
    {
        var key = (await Service.DeclareAsync(Valid(), TestActors.As(Maya))).Key;

        var record = await Assert.ThrowsAsync<ValidationException>(() => Service.RecordAsync(key, new RecordTimelineEntry("memo", " "), TestActors.As("")));
        var status = await Assert.ThrowsAsync<ValidationException>(() => _host.Lifecycle.ChangeStatusAsync(key, "open", TestActors.As(""), new string('r', Limits.TimelineTextLength + 1)));
        var role = await Assert.ThrowsAsync<ValidationException>(() => _host.Roster.AssignRoleAsync(key, "boss", null, TestActors.As(Maya)));
        var systemKind = await Assert.ThrowsAsync<ValidationException>(() => Service.RecordAsync(key, new RecordTimelineEntry("status-change", "resolved"), TestActors.As(Tom)));

        Assert.Equal(["author", "kind", "text"], record.Errors.Keys.Order());
        Assert.Equal(["actor", "reason", "status"], status.Errors.Keys.Order());
        Assert.Equal(["person", "role"], role.Errors.Keys.Order());
        Assert.Equal(["kind"], systemKind.Errors.Keys);
    }

    [Fact]
    public async Task RecordKeepsABackdatedTimeAndRejectsOneTooFarBack()
    {
        var key = (await Service.DeclareAsync(Valid(), TestActors.As(Maya))).Key;
        var now = _host.Clock.AdvanceMinutes(30);
        var earlier = now.AddMinutes(-20);

        var entry = await Service.RecordAsync(key, new RecordTimelineEntry("signal", "hit rate 4.1%", earlier), TestActors.As(Tom));
        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            Service.RecordAsync(key, new RecordTimelineEntry("note", "ancient", now.AddDays(-91)), TestActors.As(Tom)));

        Assert.Equal(earlier, entry.OccurredAt);
        Assert.Equal(now, entry.RecordedAt);
        Assert.True(entry.IsBackdated);
        Assert.Equal(["occurredAt"], ex.Errors.Keys);
        var stored = (await Service.GetTimelineAsync(key))[0];
        Assert.Equal(earlier, stored.OccurredAt);
        Assert.Equal(DateTimeKind.Utc, stored.OccurredAt.Kind);
    }

    [Fact]
    public async Task GetTimelinePagesNewestFirstAndMarksCorrectedEntries()
    {
        var key = (await Service.DeclareAsync(Valid(), TestActors.As(Maya))).Key;
        for (var i = 2; i <= 6; i++)
        {
            await Service.RecordAsync(key, new RecordTimelineEntry("note", $"note {i}"), TestActors.As(Tom));
        }
        await Service.CorrectAsync(key, new CorrectTimelineEntry(3, "note 3, corrected"), TestActors.As(Tom));
        await Service.CorrectAsync(key, new CorrectTimelineEntry(3, "note 3, corrected again"), TestActors.As(Tom));

        var first = await Service.GetTimelineAsync(key, take: 3);
        var second = await Service.GetTimelineAsync(key, beforeSequence: first[^1].Sequence, take: 3);
        var third = await Service.GetTimelineAsync(key.ToLowerInvariant(), beforeSequence: second[^1].Sequence, take: 3);
        var beyond = await Service.GetTimelineAsync(key, beforeSequence: 1);

        Assert.Equal([8, 7, 6], first.Select(e => e.Sequence));
        Assert.Equal([5, 4, 3], second.Select(e => e.Sequence));
        Assert.Equal([2, 1], third.Select(e => e.Sequence));
        Assert.Empty(beyond);
        Assert.Equal([3, 3], first.Take(2).Select(e => e.CorrectsSequence));
        Assert.All(first, e => Assert.Null(e.CorrectedBySequence));
        Assert.Equal(8, second.Single(e => e.Sequence == 3).CorrectedBySequence);
        Assert.True(second.Single(e => e.Sequence == 3).IsCorrected);
        Assert.All(second.Where(e => e.Sequence != 3).Concat(third), e => Assert.Null(e.CorrectedBySequence));
        Assert.All(first.Concat(second).Concat(third), e => Assert.Equal(key, e.IncidentKey));

        var all = await Service.GetWithTimelineAsync(key);
        Assert.Equal(Enumerable.Range(1, 8).Reverse(), all.Timeline.Select(e => e.Sequence));
    }

    [Fact]
    public async Task CorrectRefusesSystemEntriesAndUnknownSequences()
    {
        var key = (await Service.DeclareAsync(Valid(), TestActors.As(Maya))).Key;

        await Assert.ThrowsAsync<InvalidTransitionException>(() => Service.CorrectAsync(key, new CorrectTimelineEntry(1, "declared by someone else"), TestActors.As(Maya)));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.CorrectAsync(key, new CorrectTimelineEntry(42, "nothing there"), TestActors.As(Maya)));
    }

    [Fact]
    public async Task VerifyTimelineIsNullAfterNormalUse()
    {
        var key = (await Service.DeclareAsync(Valid(takeCommand: true) with { ImpactStartedAt = _host.Clock.UtcNow.AddMinutes(-30) }, TestActors.As(Maya))).Key;
        await _host.Roster.AssignRoleAsync(key, "scribe", Tom, TestActors.As(Maya));
        await Service.RecordAsync(key, new RecordTimelineEntry("signal", "hit rate 4.1%", _host.Clock.UtcNow.AddMinutes(-3)), TestActors.As(Tom));
        await _host.Lifecycle.ChangeStatusAsync(key, "triaged", TestActors.As(Maya));
        var note = await Service.RecordAsync(key, new RecordTimelineEntry("note", "48 redemptions"), TestActors.As(Tom));
        await Service.CorrectAsync(key, new CorrectTimelineEntry(note.Sequence, "84 redemptions"), TestActors.As(Tom));
        // Lowered, not raised: a SEV1 or SEV2 incident closes only with a published postmortem (LearningServiceSqliteTests).
        await _host.Lifecycle.ChangeSeverityAsync(key, "SEV3", TestActors.As(Maya));
        await _host.Lifecycle.ChangeStatusAsync(key, "resolved", TestActors.As(Maya), "Fixed and verified.");
        await _host.Lifecycle.ChangeStatusAsync(key, "closed", TestActors.As(Maya), "Fixed and verified.");

        Assert.Null(await Service.VerifyTimelineAsync(key));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.VerifyTimelineAsync("INC-1999-0001"));
    }

    [Fact]
    public async Task TheDatabaseRejectsUpdateAndDeleteOfTimelineEntries()
    {
        var key = (await Service.DeclareAsync(Valid(), TestActors.As(Maya))).Key;
        using var connection = _host.OpenRawConnection();

        var update = Assert.Throws<SqliteException>(() => Execute(connection, "UPDATE TimelineEntries SET \"Text\" = 'nothing happened'"));
        var delete = Assert.Throws<SqliteException>(() => Execute(connection, "DELETE FROM TimelineEntries"));

        Assert.Contains("append-only", update.Message);
        Assert.Contains("append-only", delete.Message);
        Assert.Equal(1, _host.Scalar("SELECT COUNT(*) FROM TimelineEntries"));
        Assert.Null(await Service.VerifyTimelineAsync(key));
    }

    [Fact]
    public async Task VerifyTimelineFindsTamperingDoneAroundTheTriggers()
    {
        var key = (await Service.DeclareAsync(Valid(), TestActors.As(Maya))).Key;
        await Service.RecordAsync(key, new RecordTimelineEntry("note", "Codes were redeemed 84 times."), TestActors.As(Tom));
        await Service.RecordAsync(key, new RecordTimelineEntry("decision", "void the codes"), TestActors.As(Maya));
        using var connection = _host.OpenRawConnection();

        Execute(connection, "DROP TRIGGER TimelineEntries_NoUpdate");
        Execute(connection, "UPDATE TimelineEntries SET \"Text\" = 'Codes were redeemed 4 times.' WHERE \"Sequence\" = 2");

        Assert.Equal(2, await Service.VerifyTimelineAsync(key));
    }

    [Fact]
    public async Task SubMillisecondTimesSurviveTheDatabaseSoHashesStillVerify()
    {
        _host.Clock.Advance(TimeSpan.FromTicks(1_234_567));
        var key = (await Service.DeclareAsync(Valid(takeCommand: true), TestActors.As(Maya))).Key;
        var occurred = _host.Clock.UtcNow.AddTicks(-9_876_543);
        _host.Clock.Advance(TimeSpan.FromTicks(7));

        var written = await Service.RecordAsync(key, new RecordTimelineEntry("note", "odd ticks", occurred), TestActors.As(Maya));

        var stored = (await Service.GetTimelineAsync(key))[0];
        Assert.Equal(occurred.Ticks, stored.OccurredAt.Ticks);
        Assert.Equal(written.RecordedAt.Ticks, stored.RecordedAt.Ticks);
        Assert.Null(await Service.VerifyTimelineAsync(key));
    }

    [Fact]
    public async Task OneProcessWritingInParallelToOneIncidentKeepsTheChain()
    {
        var key = (await Service.DeclareAsync(Valid(), TestActors.As(Maya))).Key;

        var recorded = await Task.WhenAll(Enumerable.Range(0, 30)
            .Select(i => Task.Run(() => Service.RecordAsync(key, new RecordTimelineEntry("note", $"note {i}"), TestActors.As(Tom)))));

        Assert.Equal(Enumerable.Range(2, 30), recorded.Select(e => e.Sequence).Order());
        Assert.Null(await Service.VerifyTimelineAsync(key));
    }

    [Fact]
    public async Task UnknownIncidentsAreNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Service.GetAsync("INC-2026-0404"));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.GetTimelineAsync("INC-2026-0404"));
        await Assert.ThrowsAsync<NotFoundException>(() => Service.RecordAsync("INC-2026-0404", new RecordTimelineEntry("note", "x"), TestActors.As(Tom)));
    }

    [Fact]
    public async Task ListFiltersByStatusOrActivityAndSortsBySeverityThenNewest()
    {
        var sev3 = await Service.DeclareAsync(Valid("drift") with { Severity = "SEV3" }, TestActors.As(Maya));
        _host.Clock.AdvanceMinutes(1);
        var sev1 = await Service.DeclareAsync(Valid("refunds") with { Severity = "SEV1" }, TestActors.As(Maya));
        _host.Clock.AdvanceMinutes(1);
        var olderSev2 = await Service.DeclareAsync(Valid("leak"), TestActors.As(Maya));
        _host.Clock.AdvanceMinutes(1);
        var newerSev2 = await Service.DeclareAsync(Valid("injection"), TestActors.As(Maya));
        await _host.Lifecycle.ChangeStatusAsync(olderSev2.Key, "resolved", TestActors.As(Maya), "Fixed and verified.");

        var all = await Service.ListAsync();
        var active = await Service.ListAsync(activeOnly: true);
        var resolved = await Service.ListAsync(IncidentStatus.Resolved);

        Assert.Equal([sev1.Key, newerSev2.Key, olderSev2.Key, sev3.Key], all.Select(i => i.Key));
        Assert.Equal([sev1.Key, newerSev2.Key, sev3.Key], active.Select(i => i.Key));
        Assert.Equal([olderSev2.Key], resolved.Select(i => i.Key));
    }

    [Fact]
    public async Task GetReturnsRolesPhasesAndMetrics()
    {
        var detected = _host.Clock.UtcNow;
        var key = (await Service.DeclareAsync(Valid(takeCommand: true) with { ImpactStartedAt = detected.AddMinutes(-20) }, TestActors.As(Maya))).Key;
        var contained = _host.Clock.AdvanceMinutes(45);
        await _host.Lifecycle.ChangeStatusAsync(key, "contained", TestActors.As(Maya));

        var detail = await Service.GetAsync(key);

        Assert.Equal(detected.AddMinutes(-20), detail.Phases.ImpactStartedAt);
        Assert.Equal(contained, detail.Phases.TriagedAt);
        Assert.Equal(contained, detail.Phases.ContainedAt);
        Assert.Null(detail.Phases.RecoveredAt);
        Assert.Equal(TimeSpan.FromMinutes(20), detail.Metrics.TimeToDetect);
        Assert.Equal(TimeSpan.FromMinutes(45), detail.Metrics.TimeToContain);
        Assert.Null(detail.Metrics.TimeToRecover);
        Assert.Equal("support-assistant", detail.System.Slug);
        Assert.Equal(detected, Assert.Single(detail.Roles).AssignedAt);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
