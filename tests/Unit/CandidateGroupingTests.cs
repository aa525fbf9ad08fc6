using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;
using CommandCenter.Tests.Unit.Support;
using static CommandCenter.Tests.Unit.Support.TestSignals;

namespace CommandCenter.Tests.Unit;

/// <summary>Which candidate a signal joins, in memory only: no database, no engine.</summary>
public sealed class CandidateGroupingTests
{
    private readonly DetectionOptions _options = new();
    private readonly List<IncidentCandidate> _created = [];
    private long _lastId;

    public CandidateGroupingTests() => Grouping = new CandidateGrouping(_options);

    private CandidateGrouping Grouping { get; }

    /// <summary>Places the signal and, as a commit would, absorbs it and stores what was created.</summary>
    private IncidentCandidate Place(PreparedSignal signal)
    {
        var candidate = Grouping.Place(signal, Now, _created);
        candidate.Absorb(signal.Reading, signal.OccurredAt, signal.Summary, signal.Fingerprint, Now, _options.Rules.BlastRadiusLabels);
        foreach (var created in _created)
        {
            Stored(created, ++_lastId);
        }
        _created.Clear();
        Grouping.Index(candidate);
        return candidate;
    }

    private static Dictionary<string, string> Labels(params (string Key, string Value)[] labels) => labels.ToDictionary(l => l.Key, l => l.Value);

    [Fact]
    public void TriggersOfOneSystemArchetypeAndIdentifyingLabelsShareACandidate()
    {
        var first = Place(Trigger(labels: Labels(("region", "eu-west"))));

        var second = Place(Trigger(value: 0.09, labels: Labels(("region", "eu-west"), ("pod", "a-1"))));

        Assert.Same(first, second);
        Assert.Equal(2, first.SignalCount);
        Assert.Single(Grouping.Open);
    }

    [Fact]
    public void AnotherArchetypeSystemOrIdentifyingLabelStartsAnotherCandidate()
    {
        var injection = Place(Trigger());

        var leakage = Place(Trigger(kind: "pii-detector-hit"));
        var agent = Place(Trigger(system: RefundAgent));
        var us = Place(Trigger(labels: Labels(("region", "us-east"))));

        Assert.Equal(4, new[] { injection, leakage, agent, us }.Distinct().Count());
        Assert.Equal(4, Grouping.Open.Count);
    }

    [Fact]
    public void ASymptomJoinsWhateverIsOpenForItsSystemAndLabels()
    {
        var injection = Place(Trigger(labels: Labels(("region", "eu-west"))));

        var latency = Place(Trigger(kind: "p90-latency-ms", value: 9_000, threshold: 7_000, labels: Labels(("region", "eu-west"))));
        var elsewhere = Place(Trigger(kind: "p90-latency-ms", value: 9_000, threshold: 7_000, labels: Labels(("region", "us-east"))));

        Assert.Same(injection, latency);
        Assert.NotSame(injection, elsewhere);
        Assert.True(elsewhere.IsSymptomsOnly);
    }

    [Fact]
    public void ASymptomsCandidateTakesTheArchetypeOfTheFirstSpecificSignal()
    {
        var symptoms = Place(Trigger(kind: "task-completion-rate", value: 0.3, threshold: 0.8));
        Assert.True(symptoms.IsSymptomsOnly);

        var leak = Place(Trigger(kind: "pii-detector-hit"));
        var injection = Place(Trigger());

        Assert.Same(symptoms, leak);
        Assert.False(symptoms.IsSymptomsOnly);
        Assert.Equal(IncidentCandidate.KeyFor("support-assistant", Archetype.DataLeakage, new Dictionary<string, string>()), symptoms.GroupKey);
        Assert.NotSame(symptoms, injection);
    }

    [Fact]
    public void AnAlertReturnsToItsCandidateByFingerprintAndIsFoundToResolve()
    {
        var alert = Place(Trigger(fingerprint: "a1", labels: Labels(("region", "eu-west"))));

        var repeat = Place(Trigger(kind: "drift-score", value: 0.4, threshold: 0.25, fingerprint: "a1"));

        Assert.Same(alert, repeat);
        Assert.Same(alert, Grouping.FindAlert(Source, "a1"));
        Assert.Null(Grouping.FindAlert("another-source", "a1"));
        Assert.Null(Grouping.FindAlert(Source, "a2"));
    }

    [Fact]
    public void AResolvedCandidateIsForgottenAndTheNextSignalStartsANewOne()
    {
        var first = Place(Trigger(fingerprint: "a1"));
        first.Resolve(Now, "every alert in the group resolved");
        Grouping.Index(first);

        var next = Place(Trigger());

        Assert.NotSame(first, next);
        Assert.Null(Grouping.FindAlert(Source, "a1"));
        Assert.Equal([next], Grouping.Open);
    }

    [Fact]
    public void IdentifyingLabelsAreSetPerSource()
    {
        _options.Sources["pagerduty"] = new GroupingOptions { IdentifyingLabels = ["cluster"] };

        var a = Place(Trigger(source: "pagerduty", labels: Labels(("cluster", "a"), ("region", "eu-west"))));
        var b = Place(Trigger(source: "pagerduty", labels: Labels(("cluster", "b"), ("region", "eu-west"))));
        var sameCluster = Place(Trigger(source: "pagerduty", labels: Labels(("cluster", "a"), ("region", "us-east"))));

        Assert.NotSame(a, b);
        Assert.Same(a, sameCluster);
    }

    [Fact]
    public void LoadingReplacesWhatWasHeld()
    {
        Place(Trigger());
        var stored = Candidate(40, Now);

        Grouping.Load([stored]);

        Assert.Equal([stored], Grouping.Open);
        Assert.Same(stored, Grouping.Find(40));
    }
}
