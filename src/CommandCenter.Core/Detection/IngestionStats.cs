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
    private long _applies;
    private long _applied;
    private long _applyTicks;

    public long Commits => Interlocked.Read(ref _commits);

    public long Signals => Interlocked.Read(ref _signals);

    /// <summary>Time the loop spent writing: group commits (lookups, placement, inbox appends, the commit itself) and applies.</summary>
    public TimeSpan WriteTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _writeTicks));

    /// <summary>The part of <see cref="WriteTime"/> spent in SQLite's COMMIT (writing the log).</summary>
    public TimeSpan CommitTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _commitTicks));

    /// <summary>How often the inbox was moved into the signal table, and how many signals moved.</summary>
    public long Applies => Interlocked.Read(ref _applies);

    public long AppliedSignals => Interlocked.Read(ref _applied);

    /// <summary>Time the loop spent moving the inbox into the signal table and writing candidates (also in <see cref="WriteTime"/>).</summary>
    public TimeSpan ApplyTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _applyTicks));

    internal void Applied(int signals, long ticks)
    {
        Interlocked.Increment(ref _applies);
        Interlocked.Add(ref _applied, signals);
        Interlocked.Add(ref _applyTicks, ticks);
        Interlocked.Add(ref _writeTicks, ticks);
    }

    internal void Committed(int signals, long writeTicks, long commitTicks)
    {
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _signals, signals);
        Interlocked.Add(ref _writeTicks, writeTicks);
        Interlocked.Add(ref _commitTicks, commitTicks);
    }
}
