using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CommandCenter.Core.Incidents;

/// <summary>
/// One line of the incident's record. Append-only: nothing edits or deletes an entry; a correction is a new entry
/// that points at the one it corrects. Each entry carries the hash of its predecessor, so tampering breaks the chain.
/// </summary>
public sealed class TimelineEntry
{
    private TimelineEntry()
    {
    }

    internal TimelineEntry(int incidentId, int sequence, TimelineEntryKind kind, string text, string author, string? authorRole,
        DateTime occurredAt, DateTime recordedAt, int? correctsSequence, string previousHash)
    {
        IncidentId = incidentId;
        Sequence = sequence;
        Kind = kind;
        Text = text;
        Author = author;
        AuthorRole = authorRole;
        OccurredAt = occurredAt;
        RecordedAt = recordedAt;
        CorrectsSequence = correctsSequence;
        PreviousHash = previousHash;
        Hash = ComputeHash();
    }

    public long Id { get; private set; }
    public int IncidentId { get; private set; }

    /// <summary>1-based position in the incident's timeline, in the order entries were recorded.</summary>
    public int Sequence { get; private set; }

    public TimelineEntryKind Kind { get; private set; }
    public string Text { get; private set; } = "";
    public string Author { get; private set; } = "";

    /// <summary>The author's incident roles when they wrote it, e.g. "Scribe", or null when they held none.</summary>
    public string? AuthorRole { get; private set; }

    /// <summary>When it happened (UTC). The scribe may back-date it.</summary>
    public DateTime OccurredAt { get; private set; }

    /// <summary>When it was written down (UTC). Never changes.</summary>
    public DateTime RecordedAt { get; private set; }

    /// <summary>The sequence of the entry this one corrects, if it is a correction.</summary>
    public int? CorrectsSequence { get; private set; }

    public string PreviousHash { get; private set; } = "";
    public string Hash { get; private set; } = "";

    /// <summary>HMAC-SHA256 of <see cref="Hash"/> under the audit key (<see cref="Audit.ChainKey"/>), set when saved: without the key nobody can recompute it.</summary>
    public string Mac { get; private set; } = "";

    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    internal string ComputeHash()
    {
        var canonical = string.Join('\u001f',
            PreviousHash,
            Sequence.ToString(CultureInfo.InvariantCulture),
            ((int)Kind).ToString(CultureInfo.InvariantCulture),
            Text,
            Author,
            AuthorRole ?? "",
            OccurredAt.Ticks.ToString(CultureInfo.InvariantCulture),
            RecordedAt.Ticks.ToString(CultureInfo.InvariantCulture),
            CorrectsSequence?.ToString(CultureInfo.InvariantCulture) ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    internal void Seal(Audit.ChainKey key) => Mac = key.Mac(Hash);

    /// <summary>Checks that entries, in sequence order, form an unbroken hash chain whose every entry carries a valid MAC. Returns the first bad sequence, or null.</summary>
    public static int? FindBrokenLink(IEnumerable<TimelineEntry> entries, Audit.ChainKey key) =>
        FindBrokenLink(entries, entry => Audit.ChainKey.Same(key.Mac(entry.Hash), entry.Mac));

    /// <summary>Checks that entries, in sequence order, form an unbroken hash chain. Returns the first bad sequence, or null.</summary>
    public static int? FindBrokenLink(IEnumerable<TimelineEntry> entries) => FindBrokenLink(entries, _ => true);

    private static int? FindBrokenLink(IEnumerable<TimelineEntry> entries, Func<TimelineEntry, bool> sealedRight)
    {
        var expectedPrevious = GenesisHash;
        var expectedSequence = 1;
        foreach (var entry in entries.OrderBy(e => e.Sequence))
        {
            if (entry.Sequence != expectedSequence || entry.PreviousHash != expectedPrevious || entry.Hash != entry.ComputeHash() || !sealedRight(entry))
            {
                return entry.Sequence;
            }
            expectedPrevious = entry.Hash;
            expectedSequence++;
        }
        return null;
    }
}
