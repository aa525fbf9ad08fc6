using System.Collections.Concurrent;

namespace CommandCenter.Core.Accounts;

/// <summary>
/// Counts failures (wrong passwords, unknown API keys) per key (a client address, a key prefix) in a sliding window:
/// once a key has <see cref="MaxFailures"/> failures within <see cref="Window"/>, it is blocked until the oldest of them
/// leaves the window. Only failures are stored, so a key that never fails costs one dictionary lookup.
/// </summary>
public sealed class FailureThrottle
{
    /// <summary>More keys than this and the ones whose failures have all expired are swept out.</summary>
    private const int SweepAbove = 50_000;

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    public FailureThrottle(int maxFailures, TimeSpan window, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFailures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(clock);
        MaxFailures = maxFailures;
        Window = window;
        _clock = clock;
    }

    public int MaxFailures { get; }

    public TimeSpan Window { get; }

    /// <summary>Whether <paramref name="key"/> is blocked now, and for how much longer.</summary>
    public bool IsBlocked(string key, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!_failures.TryGetValue(key, out var failures))
        {
            return false;
        }
        var now = _clock.GetUtcNow();
        lock (failures)
        {
            failures.Expire(now - Window);
            if (failures.Times.Count < MaxFailures)
            {
                return false;
            }
            retryAfter = failures.Times.Peek() + Window - now;
            return true;
        }
    }

    public void RecordFailure(string key)
    {
        if (_failures.Count > SweepAbove)
        {
            Sweep();
        }
        var now = _clock.GetUtcNow();
        var failures = _failures.GetOrAdd(key, _ => new Failures());
        lock (failures)
        {
            failures.Expire(now - Window);
            failures.Times.Enqueue(now);
            // Only the latest MaxFailures matter: they decide whether, and until when, the key is blocked.
            while (failures.Times.Count > MaxFailures)
            {
                failures.Times.Dequeue();
            }
        }
    }

    private void Sweep()
    {
        var horizon = _clock.GetUtcNow() - Window;
        foreach (var (key, failures) in _failures)
        {
            lock (failures)
            {
                failures.Expire(horizon);
                if (failures.Times.Count == 0)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed class Failures
    {
        public Queue<DateTimeOffset> Times { get; } = new();

        public void Expire(DateTimeOffset horizon)
        {
            while (Times.Count > 0 && Times.Peek() <= horizon)
            {
                Times.Dequeue();
            }
        }
    }
}
