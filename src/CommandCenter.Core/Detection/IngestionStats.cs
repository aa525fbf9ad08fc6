namespace CommandCenter.Core.Detection;

/// <summary>
/// Counters of the group commit since start: how many commits and how many signals they stored. Read by the
/// ingestion bench (signals per commit tells whether senders are sharing commits) and cheap enough to keep always on.
/// </summary>
public sealed class IngestionStats
{
    private long _commits;
    private long _signals;

    public long Commits => Interlocked.Read(ref _commits);

    public long Signals => Interlocked.Read(ref _signals);

    internal void Committed(int signals)
    {
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _signals, signals);
    }
}
