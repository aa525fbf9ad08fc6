using System.Diagnostics;

namespace CommandCenter.Core.Detection;

/// <summary>
/// Counters of the group commit since start: how many commits, how many signals they stored, and how long the
/// detection loop spent writing them. Read by the ingestion bench (signals per commit tells whether senders are sharing
/// commits; the write time tells how busy the one loop every signal passes through is) and cheap enough to keep always on.
/// </summary>
public sealed class IngestionStats
{
    private long _commits;
    private long _signals;
    private long _writeTicks;
    private long _commitTicks;

    public long Commits => Interlocked.Read(ref _commits);

    public long Signals => Interlocked.Read(ref _signals);

    /// <summary>Time the loop spent in group commits (lookups, placement, inserts, candidate updates, the commit itself).</summary>
    public TimeSpan WriteTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _writeTicks));

    /// <summary>The part of <see cref="WriteTime"/> spent in SQLite's COMMIT (writing the log).</summary>
    public TimeSpan CommitTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _commitTicks));

    internal void Committed(int signals, long writeTicks, long commitTicks)
    {
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _signals, signals);
        Interlocked.Add(ref _writeTicks, writeTicks);
        Interlocked.Add(ref _commitTicks, commitTicks);
    }
}
