using System.Collections.Concurrent;
using CommandCenter.Core.Accounts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.Core.Audit;

/// <summary>What one request sent by an API key came to: items accepted, replayed (duplicates), rejected, or the request refused as a whole.</summary>
public readonly record struct IngestionCount(int Accepted, int Replayed, int Rejected, bool Refused = false);

/// <summary>The key a request came with, as the ingestion door admitted it.</summary>
public sealed record IngestionKey(string Prefix, string Name, string Source);

/// <summary>One API key's traffic over an interval, as written to the audit trail.</summary>
public sealed record IngestionSummary(string KeyPrefix, string KeyName, string Source, DateTime From, DateTime To, int Requests,
    int Accepted, int Replayed, int Rejected, int RefusedRequests, IReadOnlyList<string> Addresses);

/// <summary>
/// Counts signals by API key in memory and writes one audit entry per key per interval instead of one per signal: an
/// entry per signal would cost a transaction per signal on the ingestion path. Thread-safe; <see cref="FlushAsync"/> is
/// called by <see cref="IngestionAuditFlusher"/> every interval and at shutdown. A crash loses at most one interval of
/// counts (the signals themselves are stored); changes (POST /api/changes) are audited one entry each elsewhere.
/// </summary>
public sealed class IngestionAuditAggregator(IAuditTrail audit, TimeProvider clock)
{
    public const int MaxAddressesPerKey = 8;
    public const string Command = "Ingestion.Summary";

    // One tally per key for the life of the app (keys are few); a flush takes each tally's counts and zeroes them, so
    // a count that races a flush lands in this interval or the next, never nowhere.
    private readonly ConcurrentDictionary<string, Tally> _tallies = new(StringComparer.Ordinal);
    private readonly Lock _drainLock = new();
    private DateTime _since = clock.GetUtcNow().UtcDateTime;

    /// <summary>The one hook on the ingestion path: adds one request's outcome to its key's tally.</summary>
    public void Count(IngestionKey key, string? address, IngestionCount count)
    {
        ArgumentNullException.ThrowIfNull(key);
        _tallies.GetOrAdd(key.Prefix, static (_, k) => new Tally(k), key).Add(address, count);
    }

    /// <summary>The tallies since the last flush, and a fresh start.</summary>
    public IReadOnlyList<IngestionSummary> Drain()
    {
        lock (_drainLock)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var since = _since;
            _since = now;
            return _tallies.Values.Select(t => t.Take(since, now)).Where(s => s.Requests > 0)
                .OrderBy(s => s.KeyPrefix, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Writes one audit entry per key that sent anything since the last flush; returns how many.</summary>
    public async Task<int> FlushAsync()
    {
        var summaries = Drain();
        foreach (var s in summaries)
        {
            var actor = new Actor($"API key {s.KeyName}", OrgRole.Responder, null,
                new ActorOrigin(Truncate(string.Join(", ", s.Addresses), 64), null, s.KeyPrefix));
            var arguments = AuditRedaction.ToJson(new
            {
                from = s.From, to = s.To, requests = s.Requests, accepted = s.Accepted, replayed = s.Replayed, rejected = s.Rejected,
                refusedRequests = s.RefusedRequests, source = s.Source, addresses = s.Addresses,
            });
            await audit.RecordAsync(new AuditRecord(actor, Command, arguments, s.Source,
                s.Accepted + s.Replayed > 0 ? AuditOutcome.Done : AuditOutcome.Refused,
                s.Rejected + s.RefusedRequests > 0 ? $"{s.Rejected} item(s) rejected, {s.RefusedRequests} request(s) refused." : null));
        }
        return summaries.Count;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private sealed class Tally(IngestionKey key)
    {
        private readonly Lock _lock = new();
        private readonly List<string> _addresses = [];
        private int _requests, _accepted, _replayed, _rejected, _refused;

        public void Add(string? address, IngestionCount count)
        {
            lock (_lock)
            {
                _requests++;
                _accepted += count.Accepted;
                _replayed += count.Replayed;
                _rejected += count.Rejected;
                _refused += count.Refused ? 1 : 0;
                if (address is not null && _addresses.Count < MaxAddressesPerKey && !_addresses.Contains(address))
                {
                    _addresses.Add(address);
                }
            }
        }

        /// <summary>The counts so far, and zero from here on.</summary>
        public IngestionSummary Take(DateTime from, DateTime to)
        {
            lock (_lock)
            {
                var summary = new IngestionSummary(key.Prefix, key.Name, key.Source, from, to, _requests, _accepted, _replayed, _rejected, _refused,
                    [.. _addresses]);
                _requests = _accepted = _replayed = _rejected = _refused = 0;
                _addresses.Clear();
                return summary;
            }
        }
    }
}

/// <summary>Flushes the <see cref="IngestionAuditAggregator"/> every <see cref="AuditOptions.IngestionSummaryInterval"/> and once more at shutdown.</summary>
public sealed partial class IngestionAuditFlusher(IngestionAuditAggregator aggregator, IOptions<AuditOptions> options, TimeProvider clock,
    ILogger<IngestionAuditFlusher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.IngestionSummaryInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync flushes what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync();
    }

    private async Task FlushAsync()
    {
        try
        {
            await aggregator.FlushAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFlushFailed(e);
        }
    }

    [LoggerMessage(LogLevel.Critical, "Could not write the ingestion audit summaries")]
    private partial void LogFlushFailed(Exception exception);
}
