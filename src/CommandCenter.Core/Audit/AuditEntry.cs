using System.Globalization;

namespace CommandCenter.Core.Audit;

/// <summary>How a command ended.</summary>
public enum AuditOutcome
{
    Done = 1,

    /// <summary>Not allowed, invalid input, an illegal move or nothing to act on: the person was told why.</summary>
    Refused,

    /// <summary>An unexpected error: nothing was promised to have happened.</summary>
    Failed,
}

/// <summary>
/// One command as it happened: who, what (with secrets redacted), when, from where and how it ended. Append-only: the
/// database refuses UPDATE, DELETE and an INSERT over an existing sequence (so INSERT OR REPLACE is closed too), and each
/// entry's MAC covers its content and the MAC before it, under a key kept outside the database.
/// </summary>
public sealed class AuditEntry
{
    public const string ApiKeyRole = "ApiKey";

    public const string GenesisMac = "0000000000000000000000000000000000000000000000000000000000000000";

    private AuditEntry()
    {
    }

    internal AuditEntry(long sequence, DateTime at, AuditRecord record, string previousMac, ChainKey key)
    {
        Sequence = sequence;
        At = at;
        UserName = record.Actor.UserName;
        DisplayName = record.Actor.Name;
        // An API key acts for a source, not a person: its entries say so rather than borrowing an organisation role.
        Role = record.Actor.UserName is null && record.Actor.Origin?.ApiKeyPrefix is not null ? ApiKeyRole : record.Actor.Role.ToString();
        Command = record.Command;
        Arguments = record.Arguments;
        Target = record.Target;
        Address = record.Actor.Origin?.Address;
        UserAgent = record.Actor.Origin?.UserAgent;
        ApiKeyPrefix = record.Actor.Origin?.ApiKeyPrefix;
        Outcome = record.Outcome;
        Reason = record.Reason;
        PreviousMac = previousMac;
        Mac = key.Mac(Canonical());
    }

    /// <summary>1-based position in the trail; also the primary key.</summary>
    public long Sequence { get; private set; }

    public DateTime At { get; private set; }
    public string? UserName { get; private set; }
    public string DisplayName { get; private set; } = "";
    public string Role { get; private set; } = "";

    /// <summary>Service and command, e.g. <c>Incident.ChangeStatus</c>.</summary>
    public string Command { get; private set; } = "";

    /// <summary>The command's arguments as JSON, secrets replaced by <see cref="AuditRedaction.Redacted"/>.</summary>
    public string Arguments { get; private set; } = "{}";

    /// <summary>What it acted on: an incident key, a system slug, a user name, a candidate id.</summary>
    public string? Target { get; private set; }

    public string? Address { get; private set; }
    public string? UserAgent { get; private set; }
    public string? ApiKeyPrefix { get; private set; }
    public AuditOutcome Outcome { get; private set; }

    /// <summary>Why it was refused or failed; null when done.</summary>
    public string? Reason { get; private set; }

    public string PreviousMac { get; private set; } = "";
    public string Mac { get; private set; } = "";

    internal string Canonical() => string.Join('\u001f',
        PreviousMac,
        Sequence.ToString(CultureInfo.InvariantCulture),
        At.Ticks.ToString(CultureInfo.InvariantCulture),
        UserName ?? "",
        DisplayName,
        Role,
        Command,
        Arguments,
        Target ?? "",
        Address ?? "",
        UserAgent ?? "",
        ApiKeyPrefix ?? "",
        ((int)Outcome).ToString(CultureInfo.InvariantCulture),
        Reason ?? "");

    /// <summary>Checks entries in sequence order: numbering without gaps, each linked to the one before, each MAC right. Returns the first bad sequence, or null.</summary>
    public static long? FindBrokenLink(IEnumerable<AuditEntry> entries, ChainKey key)
    {
        var expectedPrevious = GenesisMac;
        var expectedSequence = 1L;
        foreach (var entry in entries.OrderBy(e => e.Sequence))
        {
            if (entry.Sequence != expectedSequence || entry.PreviousMac != expectedPrevious || !ChainKey.Same(key.Mac(entry.Canonical()), entry.Mac))
            {
                return entry.Sequence;
            }
            expectedPrevious = entry.Mac;
            expectedSequence++;
        }
        return null;
    }

    public AuditEntryView ToView() => new(Sequence, At, UserName, DisplayName, Role, Command, Arguments, Target, Address, UserAgent,
        ApiKeyPrefix, Outcome.ToString(), Reason, Mac);
}

/// <summary>A command to write down: made by <see cref="Accounts.AccessGuard"/> when a command ends.</summary>
public sealed record AuditRecord(Accounts.Actor Actor, string Command, string Arguments, string? Target, AuditOutcome Outcome, string? Reason);

public sealed record AuditEntryView(long Sequence, DateTime At, string? UserName, string DisplayName, string Role, string Command,
    string Arguments, string? Target, string? Address, string? UserAgent, string? ApiKeyPrefix, string Outcome, string? Reason, string Mac);

/// <summary>The answer of a verification: intact up to <see cref="IntactUpTo"/>, or broken at <see cref="FirstBroken"/>.</summary>
public sealed record ChainVerification(string Chain, long Entries, long IntactUpTo, long? FirstBroken, DateTime VerifiedAt)
{
    public bool Intact => FirstBroken is null;

    public string Describe() => Intact
        ? Entries == 0 ? $"{Chain}: no entries yet." : $"{Chain}: intact up to entry {IntactUpTo}."
        : $"{Chain}: broken at entry {FirstBroken} (intact up to entry {IntactUpTo}).";
}
