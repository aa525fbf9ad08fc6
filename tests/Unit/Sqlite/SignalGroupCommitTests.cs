using CommandCenter.Core.Detection;
using CommandCenter.Core.Persistence;
using CommandCenter.Core.Systems;
using CommandCenter.Tests.Unit.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static CommandCenter.Tests.Unit.Support.TestSignals;

namespace CommandCenter.Tests.Unit;

/// <summary>The group commit on a real SQLite file, driven directly (no queue, no engine loop).</summary>
public sealed class SignalGroupCommitTests : IAsyncLifetime
{
    private readonly TempDatabaseFolder _folder = new();
    private TestHost _host = null!;
    private SystemRisk _system = null!;
    private CandidateGrouping _grouping = null!;

    private SignalGroupCommit GroupCommit => _host.Services.GetRequiredService<SignalGroupCommit>();

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(_folder.PathOf(), addSystem: false);
        var system = await _host.AddSystemAsync();
        _system = new SystemRisk(system.Id, system.Slug, system.Name, system.Kind, system.RiskTier);
        _grouping = new CandidateGrouping(_host.Services.GetRequiredService<IOptions<DetectionOptions>>().Value);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    private PreparedSignal Good(int index, string source = Source, string? id = null) =>
        Trigger(system: _system, index: index, source: source, value: 0.02 + index, id: id);

    /// <summary>
    /// A signal that passed validation but cannot be stored: its system left the inventory after the directory looked it
    /// up, so the candidate it starts breaks a foreign key.
    /// </summary>
    private static PreparedSignal Unstorable(int index, string source = Source) =>
        Trigger(system: new SystemRisk(9_999, "retired-assistant", "Retired assistant", AiSystemKind.Generative, RiskTier.Limited),
            index: index, source: source);

    private static IngestBatch Batch(params PreparedSignal[] signals) => new(signals);

    /// <summary>Durable signals: in the signal table or still in the inbox (an answered signal is in one of them).</summary>
    private async Task<long> StoredSignalsAsync() =>
        await Task.Run(() => _host.Scalar("SELECT (SELECT COUNT(*) FROM Signals) + (SELECT COUNT(*) FROM SignalInbox)"));

    [Fact]
    public async Task CountsCommitsAndLeavesTheLogToTheCheckpointer()
    {
        var stats = _host.Services.GetRequiredService<IngestionStats>();
        var (commits, signals) = (stats.Commits, stats.Signals);

        await GroupCommit.CommitAsync([Batch(Good(0), Good(1)), Batch(Good(2))], _grouping, CancellationToken.None);
        await GroupCommit.CommitAsync([Batch(Good(3))], _grouping, CancellationToken.None);

        Assert.Equal(commits + 2, stats.Commits);
        Assert.Equal(signals + 4, stats.Signals);
        Assert.True(stats.CommitTime > TimeSpan.Zero, "the COMMIT of each group is timed");
        Assert.True(stats.WriteTime >= stats.CommitTime, "the whole write includes its COMMIT");
        // The group commit's connection does not checkpoint (wal_autocheckpoint = 0): the checkpointer copies the log back.
        var connectionString = $"Data Source={_folder.PathOf()}";
        var (logPages, checkpointed) = WalCheckpointer.Checkpoint(connectionString);
        Assert.True(logPages > 0, "the commits should be in the write-ahead log");
        Assert.Equal(logPages, checkpointed);
    }

    [Fact]
    public async Task WritesTheWaitingBatchesTogetherAndAnswersEachWithItsOwnItems()
    {
        var first = Batch(Good(0), Good(2));
        var second = Batch(Good(0, source: "pagerduty"));

        await GroupCommit.CommitAsync([first, second], _grouping, CancellationToken.None);

        Assert.Equal([0, 2], (await first.Completion.Task).Select(r => r.Index));
        Assert.All(await first.Completion.Task, r => Assert.Equal(IngestOutcome.Accepted, r.Outcome));
        Assert.NotNull(Assert.Single(await second.Completion.Task).SignalId);
        Assert.Equal(3, await StoredSignalsAsync());
        Assert.Equal(3, Assert.Single(_grouping.Open).SignalCount);
    }

    [Fact]
    public async Task AReplayWithinOneGroupCountsOnce()
    {
        var first = Batch(Good(0, id: "evt-1"));
        var replay = Batch(Good(0, id: "evt-1"));

        await GroupCommit.CommitAsync([first, replay], _grouping, CancellationToken.None);

        Assert.Equal(IngestOutcome.Accepted, Assert.Single(await first.Completion.Task).Outcome);
        Assert.Equal(IngestOutcome.Duplicate, Assert.Single(await replay.Completion.Task).Outcome);
        Assert.Equal(1, await StoredSignalsAsync());
    }

    [Fact]
    public async Task OneUnstorableSignalFailsOnlyItselfNeitherTheRestOfItsBatchNorAnotherSenders()
    {
        var mixed = Batch(Good(0), Unstorable(1), Good(2));
        var innocent = Batch(Good(0, source: "pagerduty"));

        await GroupCommit.CommitAsync([mixed, innocent], _grouping, CancellationToken.None);

        var results = await mixed.Completion.Task;
        Assert.Equal([IngestOutcome.Accepted, IngestOutcome.Rejected, IngestOutcome.Accepted], results.Select(r => r.Outcome));
        Assert.Equal(SignalGroupCommit.NotStored, Assert.Single(results[1].Errors!["signal"]));
        Assert.Equal(IngestOutcome.Accepted, Assert.Single(await innocent.Completion.Task).Outcome);
        Assert.Equal(3, await StoredSignalsAsync());
    }

    [Fact]
    public async Task ABatchOfOnlyUnstorableSignalsGetsTheErrorWhileTheOthersAreStored()
    {
        var doomed = Batch(Unstorable(0));
        var innocent = Batch(Good(0, source: "pagerduty"), Good(1, source: "pagerduty"));

        await GroupCommit.CommitAsync([doomed, innocent], _grouping, CancellationToken.None);

        await Assert.ThrowsAnyAsync<Exception>(() => doomed.Completion.Task);
        Assert.Equal(2, (await innocent.Completion.Task).Count(r => r.Outcome == IngestOutcome.Accepted));
        Assert.Equal(2, await StoredSignalsAsync());
    }

    [Fact]
    public async Task AfterAFailedGroupTheCandidatesInMemoryAreWhatIsStored()
    {
        await GroupCommit.CommitAsync([Batch(Good(0))], _grouping, CancellationToken.None);

        await GroupCommit.CommitAsync([Batch(Good(1), Unstorable(2)), Batch(Good(3))], _grouping, CancellationToken.None);

        var candidate = Assert.Single(_grouping.Open);
        Assert.Equal(3, candidate.SignalCount);
        Assert.Equal(3, await StoredSignalsAsync());
        await GroupCommit.ApplyAsync(CancellationToken.None);
        Assert.Equal(3, _host.Scalar($"SELECT SignalCount FROM Candidates WHERE Id = {candidate.Id}"));
    }

    [Fact]
    public async Task AnsweredSignalsWaitInTheInboxUntilApplyMovesThemWithTheirCandidate()
    {
        var batch = Batch(Good(0), Good(1));

        await GroupCommit.CommitAsync([batch], _grouping, CancellationToken.None);

        var ids = (await batch.Completion.Task).Select(r => r.SignalId!.Value).ToList();
        var candidate = Assert.Single(_grouping.Open);
        Assert.Equal(2, GroupCommit.PendingSignals);
        Assert.Equal(2, _host.Scalar("SELECT COUNT(*) FROM SignalInbox"));
        Assert.Equal(0, _host.Scalar("SELECT COUNT(*) FROM Signals"));
        Assert.Equal(0, _host.Scalar($"SELECT SignalCount FROM Candidates WHERE Id = {candidate.Id}"));

        await GroupCommit.ApplyAsync(CancellationToken.None);

        Assert.Equal(0, GroupCommit.PendingSignals);
        Assert.Equal(0, _host.Scalar("SELECT COUNT(*) FROM SignalInbox"));
        Assert.Equal(ids, ids.Select(id => _host.Scalar($"SELECT Id FROM Signals WHERE Id = {id} AND CandidateId = {candidate.Id}")));
        Assert.Equal(2, _host.Scalar($"SELECT SignalCount FROM Candidates WHERE Id = {candidate.Id}"));
    }

    [Fact]
    public async Task AReplayOfASignalStillInTheInboxIsADuplicate()
    {
        await GroupCommit.CommitAsync([Batch(Good(0, id: "evt-1"))], _grouping, CancellationToken.None);
        var replay = Batch(Good(0, id: "evt-1"));

        await GroupCommit.CommitAsync([replay], _grouping, CancellationToken.None);

        Assert.Equal(IngestOutcome.Duplicate, Assert.Single(await replay.Completion.Task).Outcome);
        await GroupCommit.ApplyAsync(CancellationToken.None);
        var again = Batch(Good(0, id: "evt-1"));
        await GroupCommit.CommitAsync([again], _grouping, CancellationToken.None);
        Assert.Equal(IngestOutcome.Duplicate, Assert.Single(await again.Completion.Task).Outcome);
        Assert.Equal(1, await StoredSignalsAsync());
    }

    [Fact]
    public async Task AfterACrashTheInboxIsReplayedIntoItsCandidatesAndApplied()
    {
        var first = Batch(Good(0), Good(1));
        await GroupCommit.CommitAsync([first], _grouping, CancellationToken.None);
        await GroupCommit.ApplyAsync(CancellationToken.None);
        var second = Batch(Good(2), Good(3), Good(4));
        await GroupCommit.CommitAsync([second], _grouping, CancellationToken.None);
        var answered = (await first.Completion.Task).Concat(await second.Completion.Task).Select(r => r.SignalId!.Value).ToList();
        var candidateId = Assert.Single(_grouping.Open).Id;
        Assert.Equal(3, _host.Scalar("SELECT COUNT(*) FROM SignalInbox"));

        // A second process on the same file, as after kill -9: nothing of the first one's memory, only what is durable.
        await using var restarted = TestHost.Build($"Data Source={_folder.PathOf()}");
        var grouping = new CandidateGrouping(restarted.Services.GetRequiredService<IOptions<DetectionOptions>>().Value);
        await restarted.Services.GetRequiredService<SignalGroupCommit>().RecoverAsync(grouping, CancellationToken.None);

        var candidate = Assert.Single(grouping.Open);
        Assert.Equal(candidateId, candidate.Id);
        Assert.Equal(5, candidate.SignalCount);
        Assert.Equal(0, restarted.Scalar("SELECT COUNT(*) FROM SignalInbox"));
        Assert.Equal(5, restarted.Scalar($"SELECT SignalCount FROM Candidates WHERE Id = {candidateId}"));
        Assert.Equal(answered, answered.Select(id => restarted.Scalar($"SELECT Id FROM Signals WHERE Id = {id}")));
    }
}
