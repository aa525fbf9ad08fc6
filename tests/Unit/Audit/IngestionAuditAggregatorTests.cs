using System.Text.Json;
using CommandCenter.Core.Audit;
using CommandCenter.Tests.Unit.Support;

namespace CommandCenter.Tests.Unit.Audit;

public sealed class IngestionAuditAggregatorTests
{
    private static readonly IngestionKey Grafana = new("cck_grafana1", "Grafana", "grafana");
    private static readonly IngestionKey Datadog = new("cck_datadog1", "Datadog", "datadog");

    private sealed class RecordingTrail : IAuditTrail
    {
        public List<AuditRecord> Records { get; } = [];

        public Task RecordAsync(AuditRecord record)
        {
            lock (Records)
            {
                Records.Add(record);
            }
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task FlushWritesOneEntryPerKeyWithTheTotalsAndTheKeyPrefix()
    {
        var trail = new RecordingTrail();
        var clock = new ManualClock();
        var aggregator = new IngestionAuditAggregator(trail, clock);

        aggregator.Count(Grafana, "10.0.0.1", new IngestionCount(3, 1, 0));
        aggregator.Count(Grafana, "10.0.0.2", new IngestionCount(2, 0, 1));
        aggregator.Count(Datadog, "10.0.0.9", new IngestionCount(0, 0, 0, Refused: true));
        clock.AdvanceMinutes(1);
        var written = await aggregator.FlushAsync();

        Assert.Equal(2, written);
        var grafana = Assert.Single(trail.Records, r => r.Actor.Origin!.ApiKeyPrefix == "cck_grafana1");
        Assert.Equal(IngestionAuditAggregator.Command, grafana.Command);
        Assert.Equal(AuditOutcome.Done, grafana.Outcome);
        Assert.Equal("10.0.0.1, 10.0.0.2", grafana.Actor.Origin!.Address);
        using var arguments = JsonDocument.Parse(grafana.Arguments);
        Assert.Equal(5, arguments.RootElement.GetProperty("accepted").GetInt32());
        Assert.Equal(1, arguments.RootElement.GetProperty("replayed").GetInt32());
        Assert.Equal(1, arguments.RootElement.GetProperty("rejected").GetInt32());
        Assert.Equal(2, arguments.RootElement.GetProperty("requests").GetInt32());
        var datadog = Assert.Single(trail.Records, r => r.Actor.Origin!.ApiKeyPrefix == "cck_datadog1");
        Assert.Equal(AuditOutcome.Refused, datadog.Outcome);
        Assert.Contains("1 request(s) refused", datadog.Reason);
    }

    [Fact]
    public async Task AFlushStartsAFreshIntervalAndAQuietIntervalWritesNothing()
    {
        var trail = new RecordingTrail();
        var clock = new ManualClock();
        var aggregator = new IngestionAuditAggregator(trail, clock);
        aggregator.Count(Grafana, "10.0.0.1", new IngestionCount(1, 0, 0));
        await aggregator.FlushAsync();

        clock.AdvanceMinutes(1);
        Assert.Equal(0, await aggregator.FlushAsync());
        aggregator.Count(Grafana, "10.0.0.1", new IngestionCount(4, 0, 0));
        clock.AdvanceMinutes(1);
        var summary = Assert.Single(aggregator.Drain());

        Assert.Single(trail.Records);
        Assert.Equal(4, summary.Accepted);
        Assert.Equal(ManualClock.DefaultStart.UtcDateTime.AddMinutes(1), summary.From);
        Assert.Equal(ManualClock.DefaultStart.UtcDateTime.AddMinutes(2), summary.To);
    }

    [Fact]
    public void CountsFromManyThreadsAddUpAndAddressesAreCapped()
    {
        var aggregator = new IngestionAuditAggregator(new RecordingTrail(), new ManualClock());

        Parallel.For(0, 10_000, i => aggregator.Count(Grafana, $"10.0.{i % 50}.1", new IngestionCount(1, 0, 0)));

        var summary = Assert.Single(aggregator.Drain());
        Assert.Equal(10_000, summary.Accepted);
        Assert.Equal(10_000, summary.Requests);
        Assert.Equal(IngestionAuditAggregator.MaxAddressesPerKey, summary.Addresses.Count);
    }

    [Fact]
    public async Task NoCountIsLostWhenAFlushHappensWhileSignalsArrive()
    {
        var aggregator = new IngestionAuditAggregator(new RecordingTrail(), new ManualClock());
        var drained = new List<IngestionSummary>();
        using var stop = new CancellationTokenSource();
        var drainer = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                drained.AddRange(aggregator.Drain());
            }
        });

        Parallel.For(0, 50_000, i => aggregator.Count(Grafana, "10.0.0.1", new IngestionCount(1, 0, 0)));
        await stop.CancelAsync();
        await drainer;
        drained.AddRange(aggregator.Drain());

        Assert.Equal(50_000, drained.Sum(s => s.Accepted));
    }
}
