using CommandCenter.Core.Accounts;
using CommandCenter.Core.Events;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Playbooks;
using CommandCenter.Tests.Unit.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static CommandCenter.Tests.Unit.Support.TestIncidents;

namespace CommandCenter.Tests.Unit;

/// <summary>Commands publish named events after commit; workers react to IncidentDeclared; reads publish and write nothing.</summary>
public sealed class DomainEventsSqliteTests : IAsyncLifetime
{
    private static readonly Actor Commander = TestActors.As(Maya);

    private readonly TempDatabaseFolder _folder = new();
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(_folder.PathOf());

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    private async Task<IncidentSummary> DeclareAsync() => await _host.Incidents.DeclareAsync(
        new DeclareIncident("Assistant follows hidden instructions", null, "SEV2", "prompt-injection", "support-assistant", TakeCommand: true),
        Commander);

    private IEnumerable<IncidentNotification> Published => _host.Publisher.Batches.SelectMany(b => b);

    [Fact]
    public async Task DeclaringPublishesIncidentDeclaredOnceAfterTheCommit()
    {
        var committed = false;
        _host.Publisher.OnPublish = batch =>
        {
            if (batch.OfType<IncidentDeclaredNotification>().Any())
            {
                committed = _host.Scalar("SELECT COUNT(*) FROM Incidents") == 1;
            }
        };

        var incident = await DeclareAsync();

        var declared = Assert.Single(Published.OfType<IncidentDeclaredNotification>());
        Assert.Equal(incident.Key, declared.IncidentKey);
        Assert.True(committed);
    }

    [Fact]
    public async Task OtherCommandsDoNotPublishIncidentDeclared()
    {
        var incident = await DeclareAsync();

        await _host.Lifecycle.ChangeStatusAsync(incident.Key, "triaged", Commander);
        await _host.Incidents.RecordAsync(incident.Key, new RecordTimelineEntry("note", "Looking at the prompt logs", null), Commander);

        Assert.Single(Published.OfType<IncidentDeclaredNotification>());
        Assert.Equal(IncidentStatus.Triaged, Assert.Single(Published.OfType<StatusChangedNotification>()).Status);
        Assert.Contains(Published.OfType<TimelineEntryAddedNotification>(), n => n.Entry.Text == "Looking at the prompt logs");
    }

    [Fact]
    public async Task ReadingThePlaybookOfAnIncidentWritesNothing()
    {
        var incident = await DeclareAsync();
        var published = _host.Publisher.Batches.Count;

        var run = await _host.Services.GetRequiredService<PlaybookService>().ForIncidentAsync(incident.Key);

        Assert.Null(run);
        Assert.Equal(0, _host.Scalar("SELECT COUNT(*) FROM IncidentPlaybooks"));
        Assert.Equal(published, _host.Publisher.Batches.Count);
    }

    [Fact]
    public async Task AttachingIsACommandThatPublishesPlaybookProgressed()
    {
        var incident = await DeclareAsync();
        var playbooks = _host.Services.GetRequiredService<PlaybookService>();

        var run = await playbooks.AttachAsync(incident.Key, Commander);
        await playbooks.AttachAsync(incident.Key, Commander);

        Assert.Equal(Archetype.PromptInjection, run.Archetype);
        Assert.Equal(1, _host.Scalar("SELECT COUNT(*) FROM IncidentPlaybooks"));
        Assert.Single(Published.OfType<PlaybookProgressedNotification>());
    }

    [Fact]
    public async Task WorkersReactToIncidentDeclaredOnlyNotToAnUpdateThatLooksNew()
    {
        var incident = await DeclareAsync();
        await using var bus = new IncidentEventBus(NullLogger<IncidentEventBus>.Instance);
        var notifier = new SignalingNotifier(bus);
        using var worker = new RecordingWorker(notifier);
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await notifier.Subscribed.Task.WaitAsync(TimeSpan.FromSeconds(10));
            // Detected with one or two entries: what the worker used to take for a new incident.
            bus.Publish([new IncidentUpdatedNotification(incident with { Key = "INC-2000-0001" })]);
            bus.Publish([new IncidentDeclaredNotification(incident)]);

            Assert.Equal(incident.Key, await worker.Handled.Task.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(1, worker.Count);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    private sealed class RecordingWorker(IIncidentNotifier notifier) : OnDeclareWorker(notifier, NullLogger.Instance)
    {
        private int _count;

        public TaskCompletionSource<string> Handled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count => Volatile.Read(ref _count);

        protected override string What => "record the key";

        protected override Task HandleAsync(string key, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            Handled.TrySetResult(key);
            return Task.CompletedTask;
        }
    }

    private sealed class SignalingNotifier(IncidentEventBus bus) : IIncidentNotifier
    {
        public TaskCompletionSource Subscribed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IDisposable Subscribe(Func<IncidentNotification, Task> handler)
        {
            var subscription = bus.Subscribe(handler);
            Subscribed.TrySetResult();
            return subscription;
        }
    }
}
