namespace CommandCenter.Core.Detection;

/// <summary>
/// Which open candidate a signal belongs to. Keeps the open candidates in memory, indexed by group key and by alert
/// fingerprint, so placing a signal never reads the database (and the rules are tested without one). Owned by the
/// detection loop, which is its only caller: not thread-safe.
/// </summary>
public sealed class CandidateGrouping(DetectionOptions options)
{
    private readonly Dictionary<long, IncidentCandidate> _open = [];
    private readonly Dictionary<string, IncidentCandidate> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IncidentCandidate> _byFingerprint = new(StringComparer.Ordinal);

    public IReadOnlyCollection<IncidentCandidate> Open => _open.Values;

    public IncidentCandidate? Find(long id) => _open.GetValueOrDefault(id);

    /// <summary>Forgets everything and indexes these (the open candidates as stored).</summary>
    public void Load(IEnumerable<IncidentCandidate> open)
    {
        _open.Clear();
        _byKey.Clear();
        _byFingerprint.Clear();
        foreach (var candidate in open)
        {
            Index(candidate);
        }
    }

    /// <summary>
    /// The open candidate a trigger belongs to: by alert fingerprint, then by system + archetype + identifying labels;
    /// a symptom joins whatever is open for its system and labels. Otherwise a new candidate, added to <paramref name="created"/>
    /// (it has no id until it is stored; <see cref="Index"/> it after that).
    /// </summary>
    internal IncidentCandidate Place(PreparedSignal signal, DateTime now, List<IncidentCandidate> created)
    {
        if (signal.Fingerprint is { } fingerprint && FindAlert(signal.Source, fingerprint) is { } alert)
        {
            return alert;
        }
        var system = signal.System ?? throw new ArgumentException("A trigger names its system.", nameof(signal));
        var labels = IdentifyingLabels(signal);
        var symptomsKey = IncidentCandidate.KeyFor(system.Slug, null, labels);

        IncidentCandidate? found;
        if (ArchetypeEstimator.Evidence.TryGetValue(signal.Kind, out var archetype))
        {
            var key = IncidentCandidate.KeyFor(system.Slug, archetype, labels);
            if (TryOpen(key, out found))
            {
                return found;
            }
            if (TryOpen(symptomsKey, out found) && found.Status is CandidateStatus.Forming or CandidateStatus.Pending)
            {
                _byKey.Remove(symptomsKey);
                found.Rekey(key);
                _byKey[key] = found;
                return found;
            }
            return Create(key, ArchetypeEstimator.For(signal.Kind, system.Kind));
        }

        // A symptom joins whatever is open for the same system and labels: latency rising with injection hits is one story.
        var suffix = symptomsKey[symptomsKey.LastIndexOf('|')..];
        found = null;
        foreach (var candidate in _open.Values.Concat(created))
        {
            if (candidate.IsOpen && candidate.AiSystemId == system.Id && candidate.GroupKey.EndsWith(suffix, StringComparison.Ordinal)
                && (found is null || candidate.LastTriggerReceivedAt > found.LastTriggerReceivedAt))
            {
                found = candidate;
            }
        }
        return found ?? Create(symptomsKey, ArchetypeEstimator.For(signal.Kind, system.Kind));

        IncidentCandidate Create(string key, Incidents.Archetype estimated)
        {
            var candidate = new IncidentCandidate(key, system, signal.Source, labels, estimated, signal.OccurredAt, now);
            created.Add(candidate);
            _byKey[key] = candidate;
            return candidate;
        }
    }

    /// <summary>The open candidate holding this alert (for an acknowledge or resolve), or null.</summary>
    public IncidentCandidate? FindAlert(string source, string fingerprint) =>
        _byFingerprint.TryGetValue(FingerprintKey(source, fingerprint), out var candidate) && candidate.IsOpen ? candidate : null;

    /// <summary>Takes a stored candidate's current state into the indexes; a resolved one is forgotten.</summary>
    public void Index(IncidentCandidate candidate)
    {
        if (!candidate.IsOpen)
        {
            Forget(candidate);
            return;
        }
        _open[candidate.Id] = candidate;
        _byKey[candidate.GroupKey] = candidate;
        foreach (var fingerprint in candidate.FiringAlerts)
        {
            _byFingerprint[FingerprintKey(candidate.Source, fingerprint)] = candidate;
        }
    }

    /// <summary>
    /// After one signal was placed in a stored candidate: the candidate and the alert the signal named are findable at once,
    /// so the next signal (an acknowledge or resolve of that alert) finds it whether or not it is placed in the same round.
    /// </summary>
    internal void Track(IncidentCandidate candidate, string? fingerprint)
    {
        if (!candidate.IsOpen)
        {
            Forget(candidate);
            return;
        }
        _open[candidate.Id] = candidate;
        _byKey[candidate.GroupKey] = candidate;
        if (fingerprint is not null)
        {
            _byFingerprint[FingerprintKey(candidate.Source, fingerprint)] = candidate;
        }
    }

    public void Forget(IncidentCandidate candidate)
    {
        _open.Remove(candidate.Id);
        if (_byKey.TryGetValue(candidate.GroupKey, out var byKey) && byKey.Id == candidate.Id)
        {
            _byKey.Remove(candidate.GroupKey);
        }
        foreach (var stale in _byFingerprint.Where(f => f.Value.Id == candidate.Id).Select(f => f.Key).ToList())
        {
            _byFingerprint.Remove(stale);
        }
    }

    private Dictionary<string, string> IdentifyingLabels(PreparedSignal signal)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in options.For(signal.Source).IdentifyingLabels)
        {
            if (signal.Labels.TryGetValue(label, out var value))
            {
                labels[label] = value;
            }
        }
        return labels;
    }

    private bool TryOpen(string key, out IncidentCandidate candidate)
    {
        if (_byKey.TryGetValue(key, out var found) && found.IsOpen)
        {
            candidate = found;
            return true;
        }
        candidate = null!;
        return false;
    }

    private static string FingerprintKey(string source, string fingerprint) => source + "\n" + fingerprint;
}
