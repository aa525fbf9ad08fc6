using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace CommandCenter.Core.Detection;

/// <summary>Work for the detection loop, in arrival order.</summary>
public abstract class DetectionWork;

/// <summary>One sender's validated signals, answered once the transaction holding them is committed.</summary>
public sealed class IngestBatch : DetectionWork
{
    internal IngestBatch(IReadOnlyList<PreparedSignal> signals) => Signals = signals;

    internal IReadOnlyList<PreparedSignal> Signals { get; }

    internal TaskCompletionSource<IReadOnlyList<IngestItemResult>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Acknowledge and resolve batches that were waiting together: the loop journals them with one write.</summary>
public sealed class IngestGroup(IReadOnlyList<IngestBatch> batches) : DetectionWork
{
    public IReadOnlyList<IngestBatch> Batches { get; } = batches;

    public int SignalCount => Batches.Sum(b => b.Signals.Count);
}

/// <summary>A responder's decision about one candidate (promote, merge, dismiss).</summary>
public sealed class DecisionWork(long candidateId, Func<IncidentCandidate, Task> apply) : DetectionWork
{
    public long CandidateId { get; } = candidateId;

    public Func<IncidentCandidate, Task> Apply { get; } = apply;

    public TaskCompletionSource<CandidateView> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A reader wants every acknowledged signal in the signal table: the journaled signals are applied.</summary>
public sealed class CatchUpWork : DetectionWork
{
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Enough signals were journaled: place and store them (asked for once until the loop takes it).</summary>
public sealed class ApplyWork : DetectionWork;

/// <summary>The clock moved: group wait, group interval and resolve timeout are checked.</summary>
public sealed class TickWork : DetectionWork
{
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// The detection loop's work queue. Senders of acknowledges and resolves, readers, responders and the clock write; the
/// loop reads. Ingestion batches that are waiting when the loop gets to them come out together as one
/// <see cref="IngestGroup"/> (up to a number of signals), so many small requests share one journal write; decisions and
/// ticks come out one at a time, in order with the batches.
/// Bounded: when the loop falls behind, senders wait here instead of piling up memory.
/// </summary>
public sealed class DetectionQueue(int capacity, int maxGroupSignals)
{
    private readonly Channel<DetectionWork> _channel = Channel.CreateBounded<DetectionWork>(
        new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    // The loop sleeps on this when the queue is empty; a writer wakes it directly (not through the thread pool's queue).
    private readonly SemaphoreSlim _arrived = new(0);

    // True in the loop and in everything it awaits: work the loop runs must never wait for the loop.
    private static readonly AsyncLocal<bool> Looping = new();

    /// <summary>Whether the caller is the detection loop (or code it runs): it must not queue work and wait for it.</summary>
    public static bool OnLoop => Looping.Value;

    /// <summary>Marks the calling thread (and what it awaits) as the loop. Called once by the loop's thread.</summary>
    internal static void EnterLoop() => Looping.Value = true;

    private int _signalled;
    private int _applyRequested;

    internal async Task<IReadOnlyList<IngestItemResult>> IngestAsync(IReadOnlyList<PreparedSignal> signals, CancellationToken cancellationToken)
    {
        var batch = new IngestBatch(signals);
        await WriteAsync(batch, cancellationToken);
        return await batch.Completion.Task.WaitAsync(cancellationToken);
    }

    public async Task<CandidateView> DecideAsync(long candidateId, Func<IncidentCandidate, Task> apply, CancellationToken cancellationToken)
    {
        var decision = new DecisionWork(candidateId, apply);
        await WriteAsync(decision, cancellationToken);
        return await decision.Completion.Task.WaitAsync(cancellationToken);
    }

    public async Task TickAsync(CancellationToken cancellationToken)
    {
        var tick = new TickWork();
        await WriteAsync(tick, cancellationToken);
        await tick.Completion.Task.WaitAsync(cancellationToken);
    }

    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        var catchUp = new CatchUpWork();
        await WriteAsync(catchUp, cancellationToken);
        await catchUp.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Asks the loop to apply the journaled signals; a request already waiting is not repeated.</summary>
    public void RequestApply()
    {
        if (Interlocked.Exchange(ref _applyRequested, 1) != 0)
        {
            return;
        }
        if (_channel.Writer.TryWrite(new ApplyWork()))
        {
            Wake();
        }
        else
        {
            Volatile.Write(ref _applyRequested, 0);
        }
    }

    /// <summary>The loop took the apply request: the next one is sent again.</summary>
    public void ApplyTaken() => Volatile.Write(ref _applyRequested, 0);

    /// <summary>A timer's tick: skipped when the queue is full (the next one does the same work).</summary>
    public bool TryTick()
    {
        if (!_channel.Writer.TryWrite(new TickWork()))
        {
            return false;
        }
        Wake();
        return true;
    }

    /// <summary>
    /// The next piece of work, if any is waiting: a decision or tick alone, or every ingestion batch waiting in a row (up to
    /// the group's size in signals) as one <see cref="IngestGroup"/>. For the loop only (one reader).
    /// </summary>
    public bool TryTake([NotNullWhen(true)] out DetectionWork? work)
    {
        var reader = _channel.Reader;
        if (!reader.TryRead(out work))
        {
            return false;
        }
        if (work is not IngestBatch first)
        {
            return true;
        }
        var batches = new List<IngestBatch> { first };
        var count = first.Signals.Count;
        while (count < maxGroupSignals && reader.TryPeek(out var next) && next is IngestBatch more)
        {
            reader.TryRead(out _);
            batches.Add(more);
            count += more.Signals.Count;
        }
        work = new IngestGroup(batches);
        return true;
    }

    /// <summary>Blocks the loop's thread until work may be waiting (returns at once if some is); throws when cancelled.</summary>
    public void WaitForWork(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _signalled, 0);
        // A writer that came after the loop's last TryTake but saw the old flag did not wake it: look once more.
        if (_channel.Reader.TryPeek(out _))
        {
            return;
        }
        _arrived.Wait(cancellationToken);
    }

    private async ValueTask WriteAsync(DetectionWork work, CancellationToken cancellationToken)
    {
        await _channel.Writer.WriteAsync(work, cancellationToken);
        Wake();
    }

    private void Wake()
    {
        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _arrived.Release();
        }
    }
}
