using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Detection;

/// <summary>How signals become candidates: Alertmanager's grouping timers, settable per source.</summary>
public sealed class GroupingOptions
{
    /// <summary>How long a new candidate collects signals before it is judged (opened or put up for review).</summary>
    public TimeSpan GroupWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>At most how often new signals of an incident's candidate are written to its timeline, as one entry.</summary>
    public TimeSpan GroupInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A candidate with no new trigger for this long is resolved; the next signal starts a new one.</summary>
    public TimeSpan ResolveTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Labels that tell otherwise equal groups apart (a failure in eu-west is not the one in us-east).</summary>
    public List<string> IdentifyingLabels { get; set; } = ["environment", "env", "region"];
}

/// <summary>How far an acknowledged signal is durable when the 202 goes out (<c>Detection:Durability</c>).</summary>
public enum IngestionDurability
{
    /// <summary>
    /// Written to the operating system, not fsynced: the signal journal's write() has returned (and the signal table's
    /// commits run at SQLite <c>synchronous=NORMAL</c> under WAL). Survives the app being killed or crashing, not a power cut
    /// or kernel crash, which can lose the last signals (never corrupts).
    /// </summary>
    ProcessCrashSafe = 1,

    /// <summary>Fsynced: each journal write is followed by an fsync before the answer (and <c>synchronous=FULL</c>); survives a power cut.</summary>
    Full = 2,
}

/// <summary>Configuration section "Detection".</summary>
public sealed class DetectionOptions
{
    public const string Section = "Detection";

    public GroupingOptions Grouping { get; set; } = new();

    /// <summary>Per source name (an API key's source), replacing <see cref="Grouping"/> for candidates it starts.</summary>
    public Dictionary<string, GroupingOptions> Sources { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A candidate estimated at this severity or worse opens an incident without waiting for a person.</summary>
    public Severity AutoOpenAtOrAbove { get; set; } = Severity.Sev1;

    public DetectionRules Rules { get; set; } = new();

    /// <summary>
    /// Signal ingestion only (the journal and the signal table); everything people write (incidents, timelines, decisions) is always fsynced.
    /// See docs/performance.md for why the default is <see cref="IngestionDurability.ProcessCrashSafe"/>.
    /// </summary>
    public IngestionDurability Durability { get; set; } = IngestionDurability.ProcessCrashSafe;

    /// <summary>Most signals of acknowledge and resolve batches the loop takes together (they wait for the loop; triggers do not).</summary>
    public int MaxBatch { get; set; } = 4096;

    /// <summary>
    /// How many acknowledged signals may wait in the journal before the loop places them and stores them in the signal table
    /// (it also does before every tick and decision, and when a reader asks). Larger applies write each index page once for
    /// more signals. Senders wait only when four times this many are waiting. See docs/performance.md.
    /// </summary>
    public int ApplyAfterSignals { get; set; } = 16_384;

    /// <summary>Largest batch one request may carry.</summary>
    public int MaxSignalsPerRequest { get; set; } = 1000;

    /// <summary>How often candidates are re-judged (group wait, interval, resolve timeout).</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The name detection writes under on timelines.</summary>
    public string Author { get; set; } = "CommandCenter detection";

    public GroupingOptions For(string source) => Sources.TryGetValue(source, out var own) ? own : Grouping;
}
