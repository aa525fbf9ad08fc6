using CommandCenter.Core.Detection;
using CommandCenter.Core.Persistence;
using CommandCenter.Core.Systems;
using CommandCenter.Tests.Unit.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static CommandCenter.Tests.Unit.Support.TestSignals;

namespace CommandCenter.Tests.Unit;

/// <summary>Signal intake on a real SQLite file and journal, driven directly (no queue, no engine loop).</summary>
public sealed class SignalIntakeTests : IAsyncLifetime
{
    private readonly TempDatabaseFolder _folder = new();
    private TestHost _host = null!;
    private SystemRisk _system = null!;
    private CandidateGrouping _grouping = null!;

    private SignalIntake Intake => _host.Services.GetRequiredService<SignalIntake>();

    private string JournalFolder => SignalJournal.FolderFor(_folder.PathOf());

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(_folder.PathOf(), addSystem: false);
        var system = await _host.AddSystemAsync();
        _system = new SystemRisk(system.Id, system.Slug, system.Name, system.Kind, system.RiskTier);
        _grouping = new CandidateGrouping(_host.Services.GetRequiredService<IOptions<DetectionOptions>>().Value);
        // As the engine does before it serves: the journal is opened (and replayed) first.
        await Intake.RecoverAsync(_grouping, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    private PreparedSignal Good(int index, string source = Source, string? id = null, string? fingerprint = null) =>
        Trigger(system: _system, index: index, source: source, value: 0.02 + index, id: id, fingerprint: fingerprint);

    /// <summary>
    /// A signal that passed validation but cannot be stored: its system left the inventory after the directory looked it
    /// up, so the candidate it starts breaks a foreign key.
    /// </summary>
    private static PreparedSignal Unstorable(int index, string source = Source) =>
        Trigger(system: new SystemRisk(9_999, "retired-assistant", "Retired assistant", AiSystemKind.Generative, RiskTier.Limited),
            index: index, source: source);

    private static IngestBatch Batch(params PreparedSignal[] signals) => new(signals);

    private IReadOnlyList<IngestItemResult> Accept(params PreparedSignal[] signals) =>
        Intake.TryAccept(signals) ?? throw new InvalidOperationException("Triggers take the sender's path.");

    private Task ApplyAsync() => Intake.ApplyAsync(_grouping, CancellationToken.None);

    private long StoredSignals() => _host.Scalar("SELECT COUNT(*) FROM Signals");

    [Fact]
    public async Task TriggersAreJournaledAndAnsweredThenApplyStoresThemWithTheirCandidate()
    {
        var results = Accept(Good(0), Good(1));

        Assert.Equal([IngestOutcome.Accepted, IngestOutcome.Accepted], results.Select(r => r.Outcome));
        var ids = results.Select(r => r.SignalId!.Value).ToList();
        Assert.Equal(2, Intake.PendingSignals);
        Assert.Equal(0, StoredSignals());
        Assert.True(Directory.EnumerateFiles(JournalFolder).Sum(f => new FileInfo(f).Length) > 0, "the answer came after the journal write");

        await ApplyAsync();

        var candidate = Assert.Single(_grouping.Open);
        Assert.Equal(0, Intake.PendingSignals);
        Assert.Equal(ids, ids.Select(id => _host.Scalar($"SELECT Id FROM Signals WHERE Id = {id} AND CandidateId = {candidate.Id}")));
        Assert.Equal(2, _host.Scalar($"SELECT SignalCount FROM Candidates WHERE Id = {candidate.Id}"));
    }

    [Fact]
    public async Task AReplayIsADuplicateWhileJournaledAndOnceStored()
    {
        Accept(Good(0, id: "evt-1"));

        Assert.Equal(IngestOutcome.Duplicate, Assert.Single(Accept(Good(0, id: "evt-1"))).Outcome);
        await ApplyAsync();
        Assert.Equal(IngestOutcome.Duplicate, Assert.Single(Accept(Good(0, id: "evt-1"))).Outcome);
        Assert.Equal(IngestOutcome.Accepted, Assert.Single(Accept(Good(0, id: "evt-1", source: "pagerduty"))).Outcome);
        await ApplyAsync();
        Assert.Equal(2, StoredSignals());
    }

    [Fact]
    public void AReplayWithinOneBatchCountsOnce()
    {
        var results = Accept(Good(0, id: "evt-1"), Good(1, id: "evt-1"));

        Assert.Equal([IngestOutcome.Accepted, IngestOutcome.Duplicate], results.Select(r => r.Outcome));
        Assert.Equal(1, Intake.PendingSignals);
    }

    [Fact]
    public async Task ManySendersAtOnceWithAppliesBetweenStoreEachKeyExactlyOnce()
    {
        // 8 senders, each key sent by two of them; the loop applies while they send.
        var accepted = 0;
        var senders = Enumerable.Range(0, 8).Select(sender => Task.Run(() =>
        {
            for (var i = 0; i < 300; i++)
            {
                var key = $"k-{(sender / 2 * 300) + i}";
                if (Accept(Good(i, id: key)).Single().Outcome == IngestOutcome.Accepted)
                {
                    Interlocked.Increment(ref accepted);
                }
            }
        })).ToList();
        while (!senders.All(s => s.IsCompleted))
        {
            await ApplyAsync();
        }
        await Task.WhenAll(senders);
        await ApplyAsync();

        Assert.Equal(1_200, accepted);
        Assert.Equal(1_200, StoredSignals());
        Assert.Equal(1_200, _host.Scalar("SELECT COUNT(DISTINCT IdempotencyKey) FROM Signals"));
        Assert.Equal(1_200, Assert.Single(_grouping.Open).SignalCount);
    }

    [Fact]
    public async Task UnderFullDurabilitySendersAtOnceAreAllJournaledAndStored()
    {
        using var folder = new TempDatabaseFolder();
        await using var host = await TestHost.StartAsync(folder.PathOf(), addSystem: false,
            settings: new Dictionary<string, string?> { ["Detection:Durability"] = nameof(IngestionDurability.Full) });
        var system = await host.AddSystemAsync();
        var risk = new SystemRisk(system.Id, system.Slug, system.Name, system.Kind, system.RiskTier);
        var grouping = new CandidateGrouping(host.Services.GetRequiredService<IOptions<DetectionOptions>>().Value);
        var intake = host.Services.GetRequiredService<SignalIntake>();
        await intake.RecoverAsync(grouping, CancellationToken.None);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(sender => Task.Run(() =>
            Enumerable.Range(0, 25).Select(i => intake.TryAccept([Trigger(system: risk, index: 0, id: $"full-{sender}-{i}")])!.Single()).ToList())));
        await intake.ApplyAsync(grouping, CancellationToken.None);

        Assert.All(answers.SelectMany(a => a), r => Assert.Equal(IngestOutcome.Accepted, r.Outcome));
        Assert.Equal(100, host.Scalar("SELECT COUNT(*) FROM Signals"));
    }

    [Fact]
    public async Task AResolveTakesTheLoopsPathAndFindsAnAlertJournaledJustBefore()
    {
        Accept(Good(0, fingerprint: "fp-1"));
        var resolve = Batch(Resolve("fp-1"), Resolve("fp-unknown", index: 1));

        Assert.Null(Intake.TryAccept(resolve.Signals));
        await Intake.CommitAsync([resolve], _grouping, CancellationToken.None);

        var results = await resolve.Completion.Task;
        Assert.Equal(IngestOutcome.Accepted, results[0].Outcome);
        Assert.NotNull(results[0].SignalId);
        Assert.Null(results[1].SignalId);
        Assert.Contains("No open alert has fingerprint 'fp-unknown'", results[1].Warning);
        // Its only alert resolved, so the candidate is.
        Assert.Empty(_grouping.Open);
        await ApplyAsync();
        Assert.Equal(2, StoredSignals());
        Assert.Equal(1, _host.Scalar("SELECT COUNT(*) FROM Candidates WHERE ResolvedAt IS NOT NULL"));
    }

    [Fact]
    public async Task OneUnstorableSignalFailsOnlyItselfNeitherTheRestOfItsBatchNorAnotherSenders()
    {
        var mixed = Batch(Good(0), Unstorable(1), Resolve("fp-unknown", index: 2));
        var innocent = Batch(Good(0, source: "pagerduty"));

        await Intake.CommitAsync([mixed, innocent], _grouping, CancellationToken.None);

        var results = await mixed.Completion.Task;
        Assert.Equal([IngestOutcome.Accepted, IngestOutcome.Rejected, IngestOutcome.Accepted], results.Select(r => r.Outcome));
        Assert.Equal(SignalIntake.NotStored, Assert.Single(results[1].Errors!["signal"]));
        Assert.Equal(IngestOutcome.Accepted, Assert.Single(await innocent.Completion.Task).Outcome);
        await ApplyAsync();
        Assert.Equal(2, StoredSignals());
    }

    [Fact]
    public async Task ABatchOfOnlyUnstorableSignalsGetsTheErrorWhileTheOthersAreStored()
    {
        var doomed = Batch(Unstorable(0), Unstorable(1));
        var innocent = Batch(Good(0, source: "pagerduty"), Good(1, source: "pagerduty"));

        await Intake.CommitAsync([doomed, innocent], _grouping, CancellationToken.None);

        await Assert.ThrowsAnyAsync<Exception>(() => doomed.Completion.Task);
        Assert.Equal(2, (await innocent.Completion.Task).Count(r => r.Outcome == IngestOutcome.Accepted));
        await ApplyAsync();
        Assert.Equal(2, StoredSignals());
    }

    [Fact]
    public async Task AfterACrashTheJournalIsReplayedIntoItsCandidatesAndApplied()
    {
        var first = Accept(Good(0), Good(1));
        await ApplyAsync();
        var journaled = Good(2);
        var second = Accept(journaled, Good(3), Good(4));
        var answered = first.Concat(second).Select(r => r.SignalId!.Value).ToList();
        var candidateId = Assert.Single(_grouping.Open).Id;
        Assert.Equal(2, StoredSignals());

        // A second process on the same files, as after kill -9: nothing of the first one's memory, only what is durable.
        await using var restarted = TestHost.Build($"Data Source={_folder.PathOf()}");
        var grouping = new CandidateGrouping(restarted.Services.GetRequiredService<IOptions<DetectionOptions>>().Value);
        await restarted.Services.GetRequiredService<SignalIntake>().RecoverAsync(grouping, CancellationToken.None);

        var candidate = Assert.Single(grouping.Open);
        Assert.Equal(candidateId, candidate.Id);
        Assert.Equal(5, candidate.SignalCount);
        Assert.Equal(5, restarted.Scalar($"SELECT SignalCount FROM Candidates WHERE Id = {candidateId}"));
        Assert.Equal(answered, answered.Select(id => restarted.Scalar($"SELECT Id FROM Signals WHERE Id = {id}")));
        Assert.Empty(Directory.EnumerateFiles(JournalFolder));
        // A replay of a replayed signal is still a duplicate, and new ids continue after the replayed ones.
        var intake = restarted.Services.GetRequiredService<SignalIntake>();
        Assert.Equal(IngestOutcome.Duplicate, Assert.Single(intake.TryAccept([journaled])!).Outcome);
        Assert.True(Assert.Single(intake.TryAccept([Good(5)])!).SignalId > answered.Max());
    }

    [Fact]
    public async Task ATornLastWriteIsIgnoredAndWhatCameBeforeIsReplayed()
    {
        var answered = Accept(Good(0), Good(1)).Select(r => r.SignalId!.Value).ToList();
        var segment = Assert.Single(Directory.EnumerateFiles(JournalFolder));
        // The start of a write that a kill cut short: a header that promises more bytes than follow.
        await File.AppendAllBytesAsync(segment, [200, 0, 0, 0, 1, 2, 3, 4, 5, 6]);

        await using var restarted = TestHost.Build($"Data Source={_folder.PathOf()}");
        var grouping = new CandidateGrouping(restarted.Services.GetRequiredService<IOptions<DetectionOptions>>().Value);
        await restarted.Services.GetRequiredService<SignalIntake>().RecoverAsync(grouping, CancellationToken.None);

        Assert.Equal(answered, answered.Select(id => restarted.Scalar($"SELECT Id FROM Signals WHERE Id = {id}")));
        Assert.Equal(2, Assert.Single(grouping.Open).SignalCount);
    }

    [Fact]
    public async Task CountsJournalWritesAndAppliesAndLeavesTheLogToTheCheckpointer()
    {
        var stats = _host.Services.GetRequiredService<IngestionStats>();
        var (writes, signals, applies) = (stats.JournalWrites, stats.JournaledSignals, stats.Applies);

        Accept(Good(0), Good(1));
        Accept(Good(2));
        await ApplyAsync();

        Assert.Equal(writes + 2, stats.JournalWrites);
        Assert.Equal(signals + 3, stats.JournaledSignals);
        Assert.True(stats.JournalTime > TimeSpan.Zero, "each journal write is timed");
        Assert.Equal(applies + 1, stats.Applies);
        Assert.True(stats.ApplyTime > TimeSpan.Zero, "each apply is timed");
        // The intake's connection does not checkpoint (wal_autocheckpoint = 0): the checkpointer copies the log back.
        var (logPages, checkpointed) = WalCheckpointer.Checkpoint($"Data Source={_folder.PathOf()}");
        Assert.True(logPages > 0, "the apply should be in the write-ahead log");
        Assert.Equal(logPages, checkpointed);
    }
}
