using System.Diagnostics;

namespace CommandCenter.Core.Detection;

/// <summary>
/// Counters of signal intake since start: journal writes (how many, how many signals, how long: senders wait for these)
/// and applies (how many, how many signals, how long the detection loop spent placing and storing them). Read by the
/// ingestion bench (signals per write tells whether senders share writes; the apply time tells how busy the one loop is)
/// and cheap enough to keep always on.
/// </summary>
public sealed class IngestionStats
{
    private long _writes;
    private long _journaled;
    private long _journalTicks;
    private long _applies;
    private long _applied;
    private long _applyTicks;

    /// <summary>Journal writes: one per sender's batch of triggers, one per group of acknowledges and resolves.</summary>
    public long JournalWrites => Interlocked.Read(ref _writes);

    public long JournaledSignals => Interlocked.Read(ref _journaled);

    /// <summary>Time spent in journal writes (the write() and, under Full durability, the fsync), summed over senders.</summary>
    public TimeSpan JournalTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _journalTicks));

    /// <summary>How often the loop placed and stored journaled signals, and how many it stored.</summary>
    public long Applies => Interlocked.Read(ref _applies);

    public long AppliedSignals => Interlocked.Read(ref _applied);

    /// <summary>Time the loop spent placing journaled signals in their candidates and storing them with the candidates.</summary>
    public TimeSpan ApplyTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _applyTicks));

    internal void Applied(int signals, long ticks)
    {
        Interlocked.Increment(ref _applies);
        Interlocked.Add(ref _applied, signals);
        Interlocked.Add(ref _applyTicks, ticks);
    }

    internal void Journaled(int signals, long ticks)
    {
        Interlocked.Increment(ref _writes);
        Interlocked.Add(ref _journaled, signals);
        Interlocked.Add(ref _journalTicks, ticks);
    }
}
