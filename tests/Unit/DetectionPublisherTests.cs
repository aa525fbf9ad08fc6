using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Unit.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommandCenter.Tests.Unit;

/// <summary>What detection tells the views, and when: collected while committing, sent once on flush.</summary>
public sealed class DetectionPublisherTests : IAsyncDisposable
{
    private readonly DetectionEventBus _bus = new(NullLogger<DetectionEventBus>.Instance);
    private readonly RecordingPublisher _incidents = new();
    private readonly List<DetectionNotification> _told = [];
    private readonly IDisposable _subscription;
    private readonly DetectionPublisher _publisher;

    public DetectionPublisherTests()
    {
        _publisher = new DetectionPublisher(_bus, _incidents);
        _subscription = _bus.Subscribe(n =>
        {
            lock (_told)
            {
                _told.Add(n);
            }
            return Task.CompletedTask;
        });
    }

    public async ValueTask DisposeAsync()
    {
        _subscription.Dispose();
        await _bus.DisposeAsync();
    }

    /// <summary>Everything the bus delivered so far: a marker is published last and waited for, as delivery is in order.</summary>
    private async Task<IReadOnlyList<DetectionNotification>> DeliveredAsync()
    {
        var marker = new CandidatesChangedNotification([-1]);
        var arrived = new TaskCompletionSource();
        using var watch = _bus.Subscribe(n =>
        {
            if (ReferenceEquals(n, marker))
            {
                arrived.TrySetResult();
            }
            return Task.CompletedTask;
        });
        _bus.Publish([marker]);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        lock (_told)
        {
            return _told.Where(n => n is not CandidatesChangedNotification { CandidateIds: [-1] }).ToList();
        }
    }

    [Fact]
    public async Task NothingIsSentBeforeFlushAndEachChangeOnceAfter()
    {
        _publisher.CandidateChanged(3);
        _publisher.CandidateChanged(4);
        _publisher.CandidateChanged(3);
        _publisher.SignalsArrived("INC-2026-0001");
        _publisher.SignalsArrived("INC-2026-0001");
        Assert.Empty(await DeliveredAsync());
        Assert.Empty(_incidents.Batches);

        _publisher.Flush();

        var told = Assert.IsType<CandidatesChangedNotification>(Assert.Single(await DeliveredAsync()));
        Assert.Equal([3L, 4L], told.CandidateIds.Order());
        var batch = Assert.Single(_incidents.Batches);
        Assert.Equal("INC-2026-0001", Assert.IsType<IncidentSignalsNotification>(Assert.Single(batch)).Key);
        Assert.False(_publisher.HasPending);
    }

    [Fact]
    public async Task AFlushWithNothingChangedSendsNothing()
    {
        _publisher.CandidateChanged(1);
        _publisher.Flush();

        _publisher.Flush();

        Assert.Single(await DeliveredAsync());
        Assert.Empty(_incidents.Batches);
    }
}
