using System.Text.Json.Serialization;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Systems;

namespace CommandCenter.Core.Detection;

[JsonConverter(typeof(JsonStringEnumConverter<CandidateStatus>))]
public enum CandidateStatus
{
    /// <summary>Within its group wait: still collecting signals.</summary>
    [JsonStringEnumMemberName("forming")] Forming = 1,

    /// <summary>Judged below the auto-open severity: waits for a responder to promote, merge or dismiss it.</summary>
    [JsonStringEnumMemberName("pending")] Pending = 2,

    /// <summary>Belongs to an incident (opened automatically, promoted or merged); its signals go to that timeline.</summary>
    [JsonStringEnumMemberName("incident")] Incident = 3,

    /// <summary>A responder judged it a false positive; it absorbs its repeats until it goes quiet.</summary>
    [JsonStringEnumMemberName("dismissed")] Dismissed = 4,
}

[JsonConverter(typeof(JsonStringEnumConverter<CandidateDecision>))]
public enum CandidateDecision
{
    [JsonStringEnumMemberName("none")] None = 0,
    [JsonStringEnumMemberName("auto-opened")] AutoOpened = 1,
    [JsonStringEnumMemberName("promoted")] Promoted = 2,
    [JsonStringEnumMemberName("merged")] Merged = 3,
    [JsonStringEnumMemberName("dismissed")] Dismissed = 4,
}

/// <summary>
/// A group of related signals that may be an incident: same system, same archetype, same identifying labels. Owned by
/// <see cref="DetectionEngine"/>, which is its only writer, so its state in memory and in the database stay the same.
/// </summary>
public sealed class IncidentCandidate
{
    public const int DismissReasonLength = 500;

    private IncidentCandidate()
    {
    }

    public IncidentCandidate(string groupKey, SystemRisk system, string source, IReadOnlyDictionary<string, string> identifyingLabels,
        Archetype archetype, DateTime firstSignalAt, DateTime now)
    {
        GroupKey = groupKey;
        AiSystemId = system.Id;
        SystemSlug = system.Slug;
        SystemName = system.Name;
        Source = source;
        IdentifyingLabels = new Dictionary<string, string>(identifyingLabels);
        Archetype = archetype;
        Severity = Severity.Sev4;
        Status = CandidateStatus.Forming;
        FirstSignalAt = firstSignalAt;
        LastSignalAt = firstSignalAt;
        LastTriggerReceivedAt = now;
        CreatedAt = now;
    }

    public long Id { get; private set; }

    /// <summary>system|archetype|labels; "symptoms" stands for the archetype while only symptom signals arrived.</summary>
    public string GroupKey { get; private set; } = "";

    public int AiSystemId { get; private set; }
    public string SystemSlug { get; private set; } = "";
    public string SystemName { get; private set; } = "";

    /// <summary>The source whose signal started it; its grouping timers apply.</summary>
    public string Source { get; private set; } = "";

    public Dictionary<string, string> IdentifyingLabels { get; private set; } = [];
    public CandidateStatus Status { get; private set; }
    public Archetype Archetype { get; private set; }
    public string ArchetypeReason { get; private set; } = "";
    public Severity Severity { get; private set; }
    public List<string> SeverityReasons { get; private set; } = [];
    public DateTime FirstSignalAt { get; private set; }
    public DateTime LastSignalAt { get; private set; }

    /// <summary>Server time of the last trigger received (the resolve timeout runs from it, whatever clocks sources keep).</summary>
    public DateTime LastTriggerReceivedAt { get; private set; }

    public DateTime CreatedAt { get; private set; }
    public int SignalCount { get; private set; }
    public CandidateEvidence Evidence { get; private set; } = new();

    /// <summary>Signals not yet written to the incident's timeline.</summary>
    public CandidateEvidence Unreported { get; private set; } = new();

    public DateTime? LastReportedAt { get; private set; }

    /// <summary>Alert fingerprints (Alertmanager fingerprint, PagerDuty dedup_key) still firing in this group.</summary>
    public List<string> FiringAlerts { get; private set; } = [];

    public DateTime? AcknowledgedAt { get; private set; }
    public DateTime? ResolvedAt { get; private set; }
    public string? ResolvedReason { get; private set; }
    public int? IncidentId { get; private set; }
    public string? IncidentKey { get; private set; }
    public CandidateDecision Decision { get; private set; }
    public string? DecidedBy { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    public string? DismissReason { get; private set; }

    public bool IsOpen => ResolvedAt is null;

    public bool IsSymptomsOnly => GroupKey.Contains("|symptoms|", StringComparison.Ordinal);

    public string Title => $"{Archetype.Name()} suspected on {SystemName}";

    public static string KeyFor(string systemSlug, Archetype? archetype, IReadOnlyDictionary<string, string> labels) =>
        $"{systemSlug}|{(archetype is { } a ? a.Code() : "symptoms")}|" + string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal)
            .Select(l => $"{l.Key}={l.Value}"));

    public void Absorb(SignalReading reading, DateTime occurredAt, string? summary, string? fingerprint, DateTime now,
        IReadOnlyList<string> blastRadiusLabels)
    {
        Evidence.Add(reading, occurredAt, summary, blastRadiusLabels);
        if (Status == CandidateStatus.Incident)
        {
            Unreported.Add(reading, occurredAt, summary, blastRadiusLabels);
        }
        SignalCount++;
        FirstSignalAt = occurredAt < FirstSignalAt ? occurredAt : FirstSignalAt;
        LastSignalAt = occurredAt > LastSignalAt ? occurredAt : LastSignalAt;
        LastTriggerReceivedAt = now;
        if (fingerprint is not null && !FiringAlerts.Contains(fingerprint))
        {
            FiringAlerts.Add(fingerprint);
        }
    }

    /// <summary>The database gave it this id (signal intake stores new candidates itself).</summary>
    internal void StoredAs(long id) => Id = id;

    /// <summary>A symptoms-only group learns what it is about: it takes the archetype's key.</summary>
    public void Rekey(string groupKey) => GroupKey = groupKey;

    public void Acknowledge(DateTime now) => AcknowledgedAt ??= now;

    /// <summary>An alert of this group stopped firing; when the last one stops, the group is resolved.</summary>
    public void ResolveAlert(string fingerprint, DateTime now)
    {
        if (FiringAlerts.Remove(fingerprint) && FiringAlerts.Count == 0)
        {
            Resolve(now, "every alert in the group resolved");
        }
    }

    /// <summary>
    /// The signals stopped. A candidate still forming stops forming too: it leaves the grouping when it resolves, so no
    /// later tick would end its group wait, and it would say "collecting related signals" for ever.
    /// </summary>
    public void Resolve(DateTime now, string reason)
    {
        if (ResolvedAt is null)
        {
            ResolvedAt = now;
            ResolvedReason = reason;
        }
        FinishForming();
    }

    public void Estimate(SystemRisk system, DetectionRules rules)
    {
        var readings = Evidence.Readings(rules.BlastRadiusLabels);
        var severity = SeverityEstimator.Estimate(readings, system.RiskTier, rules);
        var archetype = ArchetypeEstimator.Estimate(Evidence.Counts(), system.Kind);
        Severity = severity.Severity;
        SeverityReasons = [.. severity.Reasons];
        Archetype = archetype.Archetype;
        ArchetypeReason = archetype.Reason;
    }

    /// <summary>The group wait is over: it becomes a decision for a person (or for <see cref="OpenedAutomatically"/>).</summary>
    public void FinishForming()
    {
        if (Status == CandidateStatus.Forming)
        {
            Status = CandidateStatus.Pending;
        }
    }

    public void OpenedAutomatically(int incidentId, string incidentKey, string by, DateTime now) =>
        LinkTo(incidentId, incidentKey, CandidateDecision.AutoOpened, by, now);

    public void Promote(int incidentId, string incidentKey, string by, DateTime now) =>
        LinkTo(incidentId, incidentKey, CandidateDecision.Promoted, by, now);

    public void MergeInto(int incidentId, string incidentKey, string by, DateTime now) =>
        LinkTo(incidentId, incidentKey, CandidateDecision.Merged, by, now);

    public void EnsureUndecided(string action)
    {
        if (Status is CandidateStatus.Incident or CandidateStatus.Dismissed)
        {
            var what = Status == CandidateStatus.Incident ? $"already part of {IncidentKey}" : "already dismissed";
            throw new InvalidTransitionException($"Cannot {action} candidate #{Id}: it is {what}.");
        }
    }

    public void Dismiss(string reason, string by, DateTime now)
    {
        EnsureUndecided("dismiss");
        Status = CandidateStatus.Dismissed;
        Decision = CandidateDecision.Dismissed;
        DismissReason = reason;
        DecidedBy = by;
        DecidedAt = now;
    }

    /// <summary>The unreported signals were written to the timeline.</summary>
    public void Reported(DateTime now)
    {
        Unreported = new CandidateEvidence();
        LastReportedAt = now;
    }

    public CandidateView ToView(GroupingOptions grouping) => new(
        Id, Title, Status, Decision, SystemSlug, SystemName, Source, IdentifyingLabels, Archetype, Archetype.Info(), ArchetypeReason,
        Severity, SeverityReasons, FirstSignalAt, LastSignalAt, CreatedAt, Status == CandidateStatus.Forming ? CreatedAt + grouping.GroupWait : null,
        SignalCount,
        Evidence.Kinds.OrderByDescending(k => k.Value.WorstDeviation).ThenByDescending(k => k.Value.Count)
            .Select(k => new KindEvidenceView(k.Key.Code(), k.Value.Count, k.Value.FirstAt, k.Value.LastAt, k.Value.WorstValue,
                k.Value.Threshold, k.Value.WorstDeviation))
            .ToList(),
        Evidence.MaxAffected > 0 ? Evidence.MaxAffected : null, Evidence.ConfirmedPersonalData, Evidence.Summaries,
        FiringAlerts.Count, AcknowledgedAt, ResolvedAt, ResolvedReason, IncidentKey, DecidedBy, DecidedAt, DismissReason);

    private void LinkTo(int incidentId, string incidentKey, CandidateDecision decision, string by, DateTime now)
    {
        EnsureUndecided(decision == CandidateDecision.Merged ? "merge" : "promote");
        Status = CandidateStatus.Incident;
        Decision = decision;
        IncidentId = incidentId;
        IncidentKey = incidentKey;
        DecidedBy = by;
        DecidedAt = now;
        // Everything so far goes onto the incident's timeline in the first report.
        Unreported = new CandidateEvidence();
        Unreported.Merge(Evidence);
    }
}

/// <summary>One kind of signal in a candidate: how many, when, and how far past its threshold the worst one went.</summary>
public sealed record KindEvidenceView(string Kind, int Count, DateTime FirstAt, DateTime LastAt, double? WorstValue, double? Threshold,
    double Deviation);

/// <summary>A candidate as the Candidates page and the API show it.</summary>
public sealed record CandidateView(
    long Id,
    string Title,
    CandidateStatus Status,
    CandidateDecision Decision,
    string SystemSlug,
    string SystemName,
    string Source,
    IReadOnlyDictionary<string, string> Labels,
    Archetype Archetype,
    ArchetypeInfo ArchetypeInfo,
    string ArchetypeReason,
    Severity Severity,
    IReadOnlyList<string> SeverityReasons,
    DateTime FirstSignalAt,
    DateTime LastSignalAt,
    DateTime CreatedAt,
    DateTime? FormingUntil,
    int SignalCount,
    IReadOnlyList<KindEvidenceView> Kinds,
    double? AffectedUsers,
    bool ConfirmedPersonalData,
    IReadOnlyList<string> RecentSummaries,
    int FiringAlerts,
    DateTime? AcknowledgedAt,
    DateTime? ResolvedAt,
    string? ResolvedReason,
    string? IncidentKey,
    string? DecidedBy,
    DateTime? DecidedAt,
    string? DismissReason)
{
    public bool IsOpen => ResolvedAt is null;

    public bool AwaitsDecision => Status is CandidateStatus.Forming or CandidateStatus.Pending;
}

/// <summary>What the estimators need to know about the affected system.</summary>
public sealed record SystemRisk(int Id, string Slug, string Name, AiSystemKind Kind, RiskTier RiskTier);
