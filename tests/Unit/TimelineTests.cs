using System.Reflection;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Unit.Support;
using static CommandCenter.Tests.Unit.Support.TestIncidents;

namespace CommandCenter.Tests.Unit;

public sealed class TimelineTests
{
    private readonly ManualClock _clock = new();

    /// <summary>Six entries: declaration, two notes, a role change, a back-dated signal and a correction.</summary>
    private Incident WithTimeline()
    {
        var incident = Declare(_clock.UtcNow);
        incident.Record(TimelineEntryKind.Note, "first note", Tom, _clock.AdvanceMinutes(1));
        incident.Record(TimelineEntryKind.Note, "Codes were redeemed 48 times.", Tom, _clock.AdvanceMinutes(1));
        incident.AssignRole(IncidentRole.Scribe, Tom, Tom, _clock.AdvanceMinutes(1));
        incident.Record(TimelineEntryKind.Signal, "hit rate 4.1%", Tom, _clock.AdvanceMinutes(10), occurredAt: _clock.UtcNow.AddMinutes(-8));
        incident.Correct(incident.Timeline[2], "Codes were redeemed 84 times.", Tom, _clock.AdvanceMinutes(1));
        return incident;
    }

    [Fact]
    public void TimelineEntryHasNoPublicSettersNorPublicConstructor()
    {
        var type = typeof(TimelineEntry);

        var settable = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true })
            .Select(p => p.Name)
            .ToList();

        Assert.Empty(settable);
        Assert.Empty(type.GetConstructors(BindingFlags.Public | BindingFlags.Instance));
        Assert.Empty(type.GetFields(BindingFlags.Public | BindingFlags.Instance));
    }

    [Fact]
    public void IncidentOffersNoPublicWayToEditOrDeleteEntries()
    {
        var type = typeof(Incident);
        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly);

        var takingAnEntry = methods.Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(TimelineEntry))).Select(m => m.Name);
        var destructive = methods.Select(m => m.Name)
            .Where(n => new[] { "Delete", "Remove", "Edit", "Update", "Replace", "Rewrite", "Set" }.Any(p => n.StartsWith(p, StringComparison.Ordinal)));

        Assert.Equal(["Correct"], takingAnEntry);
        Assert.Empty(destructive);
        Assert.Null(type.GetProperty(nameof(Incident.Timeline))!.SetMethod);
        Assert.Equal(typeof(IReadOnlyList<TimelineEntry>), type.GetProperty(nameof(Incident.Timeline))!.PropertyType);
    }

    [Fact]
    public void RecordAppendsAnEntryWithKindAuthorAndTimes()
    {
        var incident = Declare(_clock.UtcNow);
        var now = _clock.AdvanceMinutes(5);

        var entry = incident.Record(TimelineEntryKind.Decision, "Take community articles out of the index.", Maya, now);

        Assert.Same(entry, incident.Timeline[^1]);
        Assert.Equal(2, entry.Sequence);
        Assert.Equal(TimelineEntryKind.Decision, entry.Kind);
        Assert.Equal("Take community articles out of the index.", entry.Text);
        Assert.Equal(Maya, entry.Author);
        Assert.Equal(now, entry.OccurredAt);
        Assert.Equal(now, entry.RecordedAt);
        Assert.Null(entry.CorrectsSequence);
    }

    [Theory]
    [InlineData(TimelineEntryKind.StatusChange)]
    [InlineData(TimelineEntryKind.RoleChange)]
    [InlineData(TimelineEntryKind.SeverityChange)]
    public void RecordRejectsKindsThatOnlyTheSystemWrites(TimelineEntryKind kind)
    {
        var incident = Declare(_clock.UtcNow);

        var ex = Assert.Throws<ValidationException>(() => incident.Record(kind, "Status is now resolved", Maya, _clock.AdvanceMinutes(1)));

        Assert.Equal(["kind"], ex.Errors.Keys);
        Assert.Single(incident.Timeline);
    }

    [Fact]
    public void CorrectionPointsAtTheOriginalAndKeepsItsOccurredAt()
    {
        var incident = Declare(_clock.UtcNow);
        var recorded = _clock.AdvanceMinutes(30);
        var happened = recorded.AddMinutes(-20);
        var original = incident.Record(TimelineEntryKind.Signal, "hit rate 1.4%", Tom, recorded, occurredAt: happened);
        var originalHash = original.Hash;
        var correctedAt = _clock.AdvanceMinutes(5);

        var correction = incident.Correct(original, "hit rate 4.1% (digits swapped)", Priya, correctedAt);

        Assert.Equal(original.Sequence, correction.CorrectsSequence);
        Assert.Equal(original.Sequence + 1, correction.Sequence);
        Assert.Equal(TimelineEntryKind.Signal, correction.Kind);
        Assert.Equal(happened, correction.OccurredAt);
        Assert.Equal(correctedAt, correction.RecordedAt);
        Assert.Equal(Priya, correction.Author);
        Assert.Equal("hit rate 1.4%", original.Text);
        Assert.Equal(originalHash, original.Hash);
        Assert.Null(original.CorrectsSequence);
        Assert.Null(TimelineEntry.FindBrokenLink(incident.Timeline));
    }

    [Fact]
    public void ACorrectionCanItselfBeCorrected()
    {
        var incident = WithTimeline();
        var firstCorrection = incident.Timeline[^1];

        var second = incident.Correct(firstCorrection, "Codes were redeemed 85 times.", Tom, _clock.AdvanceMinutes(1));

        Assert.Equal(firstCorrection.Sequence, second.CorrectsSequence);
        Assert.Equal(firstCorrection.OccurredAt, second.OccurredAt);
    }

    [Fact]
    public void SystemWrittenEntriesCannotBeCorrected()
    {
        var incident = WithTimeline();
        incident.ChangeSeverity(Severity.Sev1, Maya, _clock.AdvanceMinutes(1));
        var systemEntries = incident.Timeline.Where(e => !e.Kind.IsWrittenByPeople()).ToList();
        Assert.Equal(
            [TimelineEntryKind.StatusChange, TimelineEntryKind.RoleChange, TimelineEntryKind.SeverityChange],
            systemEntries.Select(e => e.Kind));
        var count = incident.Timeline.Count;

        foreach (var entry in systemEntries)
        {
            var ex = Assert.Throws<InvalidTransitionException>(() => incident.Correct(entry, "actually it was SEV-3", Maya, _clock.AdvanceMinutes(1)));
            Assert.Contains($"#{entry.Sequence} was written by the system", ex.Message);
        }
        Assert.Equal(count, incident.Timeline.Count);
    }

    [Fact]
    public void CorrectingAnEntryOfAnotherIncidentThrowsNotFound()
    {
        var incident = Declare(_clock.UtcNow);
        ForceSet(incident, nameof(Incident.Id), 1);
        var other = Declare(_clock.UtcNow);
        ForceSet(other, nameof(Incident.Id), 2);
        var foreign = other.Record(TimelineEntryKind.Note, "elsewhere", Tom, _clock.AdvanceMinutes(1));

        Assert.Throws<NotFoundException>(() => incident.Correct(foreign, "nope", Tom, _clock.AdvanceMinutes(1)));
        Assert.Single(incident.Timeline);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(-60, true)]
    [InlineData(60, true)]
    [InlineData(120, true)] // exactly the allowed clock skew
    [InlineData(121, false)]
    [InlineData(24 * 3600, false)]
    [InlineData(-90 * 86400, true)] // exactly the back-dating limit
    [InlineData(-90 * 86400 - 1, false)]
    [InlineData(-365 * 86400, false)]
    public void BackDatingIsAllowedWithinNinetyDaysAndTheClockSkew(int offsetSeconds, bool allowed)
    {
        var incident = Declare(_clock.UtcNow);
        var now = _clock.AdvanceMinutes(1);
        var occurredAt = now.AddSeconds(offsetSeconds);

        if (allowed)
        {
            var entry = incident.Record(TimelineEntryKind.Note, "it started earlier", Tom, now, occurredAt);
            Assert.Equal(occurredAt, entry.OccurredAt);
            Assert.Equal(now, entry.RecordedAt);
        }
        else
        {
            var ex = Assert.Throws<ValidationException>(() => incident.Record(TimelineEntryKind.Note, "it started earlier", Tom, now, occurredAt));
            Assert.Equal(["occurredAt"], ex.Errors.Keys);
            Assert.Single(incident.Timeline);
            Assert.Equal(1, incident.TimelineHeadSequence);
        }
    }

    [Fact]
    public void EntriesAreChainedFromTheGenesisHash()
    {
        var incident = WithTimeline();
        var entries = incident.Timeline;

        Assert.Equal(TimelineEntry.GenesisHash, entries[0].PreviousHash);
        for (var i = 1; i < entries.Count; i++)
        {
            Assert.Equal(entries[i - 1].Hash, entries[i].PreviousHash);
            Assert.Equal(i + 1, entries[i].Sequence);
        }
        Assert.All(entries, e => Assert.Matches("^[0-9a-f]{64}$", e.Hash));
        Assert.Equal(entries.Count, entries.Select(e => e.Hash).Distinct().Count());
        Assert.Equal(entries[^1].Hash, incident.TimelineHeadHash);
        Assert.Equal(entries[^1].Sequence, incident.TimelineHeadSequence);
    }

    [Fact]
    public void TheSameHistoryHashesTheSameWay()
    {
        var first = new TimelineTests().WithTimeline();
        var second = new TimelineTests().WithTimeline();

        Assert.Equal(first.Timeline.Select(e => e.Hash), second.Timeline.Select(e => e.Hash));
    }

    [Fact]
    public void FindBrokenLinkReturnsNullForAnIntactChainInAnyOrder()
    {
        var incident = WithTimeline();

        Assert.Null(TimelineEntry.FindBrokenLink(incident.Timeline));
        Assert.Null(TimelineEntry.FindBrokenLink(incident.Timeline.Reverse()));
        Assert.Null(TimelineEntry.FindBrokenLink([]));
    }

    public static TheoryData<string, object?> Tampering() => new()
    {
        { nameof(TimelineEntry.Text), "Codes were redeemed 4 times." },
        { nameof(TimelineEntry.Author), "Mallory" },
        { nameof(TimelineEntry.AuthorRole), "Incident Commander" },
        { nameof(TimelineEntry.Kind), TimelineEntryKind.Decision },
        { nameof(TimelineEntry.OccurredAt), ManualClock.DefaultStart.UtcDateTime.AddHours(-3) },
        { nameof(TimelineEntry.RecordedAt), ManualClock.DefaultStart.UtcDateTime.AddHours(-3) },
        { nameof(TimelineEntry.CorrectsSequence), 1 },
        { nameof(TimelineEntry.PreviousHash), TimelineEntry.GenesisHash },
        { nameof(TimelineEntry.Hash), new string('a', 64) },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public void FindBrokenLinkReturnsTheFirstTamperedSequence(string property, object? value)
    {
        var incident = WithTimeline();
        var victim = incident.Timeline[2];
        Assert.Equal(3, victim.Sequence);

        ForceSet(victim, property, value);

        Assert.Equal(3, TimelineEntry.FindBrokenLink(incident.Timeline));
    }

    [Fact]
    public void FindBrokenLinkCatchesARewrittenEntryWhoseOwnHashWasRecomputed()
    {
        var incident = WithTimeline();
        var victim = incident.Timeline[1];
        ForceSet(victim, nameof(TimelineEntry.Text), "rewritten");
        ForceSet(victim, nameof(TimelineEntry.Hash), victim.ComputeHash());

        Assert.Equal(3, TimelineEntry.FindBrokenLink(incident.Timeline));
    }

    [Fact]
    public void FindBrokenLinkCatchesAMissingEntry()
    {
        var incident = WithTimeline();

        var withoutThird = incident.Timeline.Where(e => e.Sequence != 3).ToList();

        Assert.Equal(4, TimelineEntry.FindBrokenLink(withoutThird));
        Assert.Equal(2, TimelineEntry.FindBrokenLink(incident.Timeline.Skip(1)));
    }
}
