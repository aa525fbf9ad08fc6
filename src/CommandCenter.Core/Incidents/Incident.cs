using System.Globalization;
using CommandCenter.Core.Common;
using CommandCenter.Core.Regulatory;
using CommandCenter.Core.Systems;

namespace CommandCenter.Core.Incidents;

/// <summary>
/// The incident aggregate. All changes go through its methods, which enforce the lifecycle and role rules,
/// write their own timeline entry and raise domain events. Times are UTC.
/// </summary>
public sealed class Incident
{
    /// <summary>How far ahead of the server clock a back-dated time may be (clock skew between laptops).</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(2);

    /// <summary>How far back a scribe may back-date an entry.</summary>
    public static readonly TimeSpan MaxBackdating = TimeSpan.FromDays(90);

    private readonly List<RoleAssignment> _roles = [];
    private readonly List<TimelineEntry> _timeline = [];
    private readonly List<RegulatoryClock> _clocks = [];
    private readonly List<IDomainEvent> _events = [];

    private Incident()
    {
    }

    public int Id { get; private set; }

    /// <summary>Human key, e.g. INC-2026-0042.</summary>
    public string Key { get; private set; } = "";

    public string Title { get; private set; } = "";
    public string Summary { get; private set; } = "";
    public Severity Severity { get; private set; }
    public Archetype Archetype { get; private set; }
    public IncidentStatus Status { get; private set; }
    public int AiSystemId { get; private set; }
    public AiSystem? AiSystem { get; private set; }
    public string DeclaredBy { get; private set; } = "";

    /// <summary>When the failure began affecting users, if known (for time to detect).</summary>
    public DateTime? ImpactStartedAt { get; private set; }

    public DateTime DetectedAt { get; private set; }
    public DateTime? TriagedAt { get; private set; }
    public DateTime? ContainedAt { get; private set; }
    public DateTime? RecoveredAt { get; private set; }
    public DateTime? ResolvedAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    /// <summary>The first monitoring signal behind this incident, when it was opened from detection.</summary>
    public DateTime? FirstSignalAt { get; private set; }

    /// <summary>When the triage pack was first complete (for time to context).</summary>
    public DateTime? ContextAssembledAt { get; private set; }

    /// <summary>The last timeline sequence and its hash, so appending needs no read of the whole timeline.</summary>
    public int TimelineHeadSequence { get; private set; }

    public string TimelineHeadHash { get; private set; } = TimelineEntry.GenesisHash;

    /// <summary>What personal or confidential data is exposed, as far as it is known (the Legal liaison keeps it current).</summary>
    public ExposureScope Exposure { get; private set; } = new();

    /// <summary>Evidence must be preserved: while on, the incident cannot be closed.</summary>
    public bool LegalHold { get; private set; }

    public string? LegalHoldBy { get; private set; }
    public DateTime? LegalHoldAt { get; private set; }

    /// <summary>A tabletop exercise's incident (key EX-…): nothing about it may reach the real world, and metrics leave it out.</summary>
    public bool IsExercise { get; private set; }

    /// <summary>Optimistic concurrency token: bumped on every change.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<RoleAssignment> Roles => _roles.AsReadOnly();

    /// <summary>Entries loaded with the incident or appended in this unit of work (not always the whole timeline).</summary>
    public IReadOnlyList<TimelineEntry> Timeline => _timeline.AsReadOnly();

    public IReadOnlyList<IDomainEvent> DomainEvents => _events.AsReadOnly();

    /// <summary>Legal deadlines running on this incident (GDPR, EU AI Act, NIS2).</summary>
    public IReadOnlyList<RegulatoryClock> Clocks => _clocks.AsReadOnly();

    public string? IncidentCommander => HolderOf(IncidentRole.IncidentCommander);

    public IncidentMetrics Metrics => new(
        TimeToDetect: ImpactStartedAt is { } started ? DetectedAt - started : null,
        TimeToTriage: TriagedAt - DetectedAt,
        TimeToContain: ContainedAt - DetectedAt,
        TimeToRecover: RecoveredAt - DetectedAt,
        TimeToResolve: ResolvedAt - DetectedAt,
        TimeToContext: ContextAssembledAt - (FirstSignalAt ?? DetectedAt));

    /// <summary>Signals behind this incident started at <paramref name="firstSignalAt"/> (the earliest one counts).</summary>
    public void LinkSignals(DateTime firstSignalAt)
    {
        if (FirstSignalAt is null || firstSignalAt < FirstSignalAt)
        {
            FirstSignalAt = firstSignalAt;
        }
    }

    /// <summary>The triage pack is complete; only the first time counts for time to context.</summary>
    public bool RecordContextAssembled(DateTime now)
    {
        if (ContextAssembledAt is not null)
        {
            return false;
        }
        ContextAssembledAt = now;
        return true;
    }

    public static Incident Declare(string key, string title, string summary, Severity severity, Archetype archetype,
        AiSystem system, string declaredBy, DateTime now, DateTime? impactStartedAt = null, bool exercise = false)
    {
        if (impactStartedAt > now + AllowedClockSkew)
        {
            throw ValidationException.For("impactStartedAt", "Impact cannot start in the future.");
        }
        var incident = new Incident
        {
            Key = key,
            Title = title,
            Summary = summary,
            Severity = severity,
            Archetype = archetype,
            Status = IncidentStatus.Detected,
            AiSystemId = system.Id,
            AiSystem = system,
            DeclaredBy = declaredBy,
            IsExercise = exercise,
            ImpactStartedAt = impactStartedAt,
            DetectedAt = now,
            UpdatedAt = now,
        };
        incident.Append(TimelineEntryKind.StatusChange,
            $"Incident declared by {declaredBy}: {severity.Label()} {archetype.Name().ToLowerInvariant()} on {system.Name}.",
            declaredBy, now, now, correctsSequence: null);
        incident.Changed(now);
        return incident;
    }

    public string? HolderOf(IncidentRole role) => _roles.FirstOrDefault(r => r.Role == role)?.Person;

    /// <summary>Empty seats this response needs (<see cref="IncidentRules.RosterGaps"/>).</summary>
    public IReadOnlyList<IncidentRole> RosterGaps => IncidentRules.RosterGaps(Status, Archetype, _clocks.Count > 0, HolderOf);

    public IReadOnlyList<IncidentRole> RolesOf(string person) =>
        _roles.Where(r => SamePerson(r.Person, person)).Select(r => r.Role).OrderBy(r => r).ToList();

    /// <summary>What <paramref name="actor"/> may do here, by the rules this aggregate enforces.</summary>
    public IncidentPermissions PermissionsFor(Accounts.Actor actor) =>
        IncidentPermissions.For(Status, HolderOf, _roles.Select(r => (r.Role, r.Person)), actor);

    /// <summary>Legal targets from the current status: any later phase up to Resolved, and Closed only once Resolved.</summary>
    public static bool CanMove(IncidentStatus from, IncidentStatus to) =>
        to > from && (to != IncidentStatus.Closed || from == IncidentStatus.Resolved);

    public IReadOnlyList<IncidentStatus> NextStatuses => IncidentStatuses.All.Where(s => CanMove(Status, s)).ToList();

    /// <summary>Why resolving needs words: the postmortem, the status page and the next responder start from them.</summary>
    public const string ResolutionSummaryNeeded =
        "Write a resolution summary (what fixed it and what is still left to do) to resolve the incident.";

    /// <param name="postmortem">Whether closing needs a published postmortem and whether there is one (null: no such rule).</param>
    public void ChangeStatus(IncidentStatus target, string actor, DateTime now, string? reason = null, PostmortemGate? postmortem = null)
    {
        EnsureCommanderOrNone(actor, "change the status");
        if (!CanMove(Status, target))
        {
            throw new InvalidTransitionException(ExplainIllegalMove(Status, target));
        }
        if (target >= IncidentStatus.Resolved && Status < IncidentStatus.Resolved && string.IsNullOrWhiteSpace(reason))
        {
            throw ValidationException.For("reason", ResolutionSummaryNeeded);
        }
        if (target == IncidentStatus.Closed && LegalHold)
        {
            throw new InvalidTransitionException($"{Key} is on legal hold ({LegalHoldBy}); the Legal liaison lifts it before the incident can close.");
        }
        if (target == IncidentStatus.Closed && _clocks.Where(c => c.IsRunning).Select(c => c.Name).ToList() is { Count: > 0 } running)
        {
            throw new InvalidTransitionException($"{Key} cannot close while a regulatory deadline is open ({string.Join(", ", running)}): " +
                "mark each obligation met first, so the deadline stays in sight until it is.");
        }
        if (target == IncidentStatus.Closed && postmortem is { Required: true, Published: false })
        {
            throw new InvalidTransitionException($"{Key} is {Severity.Label()}: publish its postmortem before closing it.");
        }

        var from = Status;
        foreach (var phase in IncidentStatuses.All.Where(s => s > from && s <= target))
        {
            Stamp(phase, now);
        }
        Status = target;
        var skipped = IncidentStatuses.All.Where(s => s > from && s < target).Select(s => s.ToString()).ToList();
        var text = $"Status {from} → {target}" + (skipped.Count > 0 ? $" (also marks {string.Join(", ", skipped)})" : "")
            + (string.IsNullOrWhiteSpace(reason) ? "." : $": {reason.Trim()}");
        Append(TimelineEntryKind.StatusChange, text, actor, now, now, correctsSequence: null);
        Changed(now);
    }

    public void ChangeSeverity(Severity target, string actor, DateTime now, string? reason = null)
    {
        EnsureCommanderOrNone(actor, "change the severity");
        EnsureOpen("change the severity");
        if (target == Severity)
        {
            throw new InvalidTransitionException($"{Key} is already {target.Label()}.");
        }
        var from = Severity;
        Severity = target;
        var direction = target < from ? "raised" : "lowered";
        Append(TimelineEntryKind.SeverityChange,
            $"Severity {direction} {from.Label()} → {target.Label()}" + (string.IsNullOrWhiteSpace(reason) ? "." : $": {reason.Trim()}"),
            actor, now, now, correctsSequence: null);
        Changed(now);
    }

    /// <summary>
    /// Corrects the archetype triage estimated (the IC, or anyone before there is one), on an open incident. Returns the
    /// timeline entry; <paramref name="playbookNote"/> says what became of the playbook (swapped or kept).
    /// </summary>
    public TimelineEntry ChangeArchetype(Archetype target, string actor, DateTime now, string? reason, string playbookNote)
    {
        EnsureCommanderOrNone(actor, "correct the archetype");
        EnsureOpen("correct the archetype");
        if (target == Archetype)
        {
            throw new InvalidTransitionException($"{Key} is already {target.Name()}.");
        }
        var from = Archetype;
        Archetype = target;
        var entry = Append(TimelineEntryKind.Decision,
            $"Archetype corrected {from.Name()} → {target.Name()}" + (string.IsNullOrWhiteSpace(reason) ? "." : $": {reason.Trim()}.") + $" {playbookNote}",
            actor, now, now, correctsSequence: null);
        Changed(now);
        return entry;
    }

    /// <summary>
    /// Gives a role to a person. Before an Incident Commander exists anyone may assign; after that the IC runs the
    /// roster, except that anyone may take a vacant role for themselves ("I'll scribe"). The Legal/Compliance Liaison is
    /// the exception to both: only the IC or an administrator appoints them, and never themselves
    /// (<see cref="IncidentRoles.MayBeTakenForYourself"/>).
    /// </summary>
    /// <param name="actorIsAdministrator">The actor's organisation role is Administrator (may appoint the liaison).</param>
    public void AssignRole(IncidentRole role, string person, string actor, DateTime now, bool actorIsAdministrator = false)
    {
        EnsureOpen("change roles");
        var current = _roles.FirstOrDefault(r => r.Role == role);
        if (!role.MayBeTakenForYourself())
        {
            EnsureMayAppoint(role, person, actor, actorIsAdministrator);
        }
        else if (!(current is null && SamePerson(person, actor)))
        {
            EnsureCommanderOrNone(actor, "assign roles");
        }
        if (current is not null && SamePerson(current.Person, person))
        {
            throw new InvalidTransitionException($"{person} is already {role.Title()} of {Key}.");
        }

        string text;
        if (current is null)
        {
            _roles.Add(new RoleAssignment(role, person, now));
            text = SamePerson(person, actor) ? $"{person} took the {role.Title()} role." : $"{person} assigned as {role.Title()} by {actor}.";
        }
        else
        {
            var previous = current.Person;
            current.Reassign(person, now);
            text = $"{role.Title()} handed from {previous} to {person} by {actor}.";
        }
        Append(TimelineEntryKind.RoleChange, text, actor, now, now, correctsSequence: null);
        Changed(now);
    }

    public void UnassignRole(IncidentRole role, string actor, DateTime now)
    {
        EnsureOpen("change roles");
        var current = _roles.FirstOrDefault(r => r.Role == role)
            ?? throw new InvalidTransitionException($"Nobody holds the {role.Title()} role on {Key}.");
        if (!SamePerson(current.Person, actor))
        {
            EnsureCommanderOrNone(actor, "release other people's roles");
        }
        _roles.Remove(current);
        Append(TimelineEntryKind.RoleChange, $"{current.Person} released the {role.Title()} role" +
            (SamePerson(current.Person, actor) ? "." : $" (by {actor})."), actor, now, now, correctsSequence: null);
        Changed(now);
    }

    /// <summary>
    /// Records a finding that has legal consequences (personal data exposed, a serious incident, ...) and starts the clocks
    /// it triggers from the moment of awareness. Once there is an Incident Commander, only they or the Legal/Compliance
    /// Liaison may do this.
    /// </summary>
    public IReadOnlyList<RegulatoryClock> StartClocks(RegulatoryTrigger trigger, IReadOnlyList<ClockDefinition> definitions, DateTime awareAt,
        string actor, DateTime now)
    {
        EnsureCommanderLegalOrNone(actor, "start a regulatory clock");
        EnsureOpen("start a regulatory clock");
        if (awareAt > now + AllowedClockSkew)
        {
            throw ValidationException.For("awareAt", "The moment of awareness cannot be in the future.");
        }
        if (awareAt < now - MaxBackdating)
        {
            throw ValidationException.For("awareAt", $"The moment of awareness can be at most {MaxBackdating.TotalDays:0} days ago.");
        }
        if (definitions.Count == 0)
        {
            throw new InvalidTransitionException($"No regulatory clock applies to “{trigger.Describe()}” for {AiSystem?.Name ?? "this system"} " +
                "(EU AI Act clocks apply to high-risk systems only).");
        }
        var started = definitions.Where(d => _clocks.All(c => c.Code != d.Code))
            .Select(d => new RegulatoryClock(d, awareAt, actor, now)).ToList();
        if (started.Count == 0)
        {
            throw new InvalidTransitionException($"The clocks for “{trigger.Describe()}” are already running on {Key}.");
        }
        _clocks.AddRange(started);
        var clocks = string.Join("; ", started.Select(c => $"{c.Name}: {c.Obligation.ToLowerInvariant()} by {Utc(c.Deadline)}"));
        Append(TimelineEntryKind.Decision, (IsExercise ? "EXERCISE clocks (no real deadline): " : "")
            + $"{trigger.Describe()} (aware since {Utc(awareAt)}). Started {clocks}.", actor, now, now,
            correctsSequence: null);
        Changed(now);
        return started;
    }

    /// <summary>
    /// Records what data is exposed: which systems, which data categories, how many people are affected (null while
    /// unknown). Each change is on the timeline with what changed. IC or Legal liaison once there is an IC.
    /// </summary>
    public TimelineEntry RecordExposure(IReadOnlyList<string> systems, IReadOnlyList<string> dataCategories, int? affectedUsers,
        string actor, DateTime now)
    {
        EnsureCommanderLegalOrNone(actor, "record the data-exposure scope");
        EnsureOpen("record the data-exposure scope");
        if (affectedUsers is < 0)
        {
            throw ValidationException.For("affectedUsers", "Affected users cannot be negative; leave it empty while unknown.");
        }
        Exposure = new ExposureScope
        {
            Systems = systems.ToList(),
            DataCategories = dataCategories.ToList(),
            AffectedUsers = affectedUsers,
            UpdatedBy = actor,
            UpdatedAt = now,
        };
        var text = "Data-exposure scope: " + (dataCategories.Count == 0 ? "no data categories confirmed" : string.Join(", ", dataCategories))
            + (systems.Count == 0 ? "" : $" in {string.Join(", ", systems)}")
            + (affectedUsers is { } count ? $"; {count:N0} people affected." : "; number of people affected not known yet.");
        var entry = Append(TimelineEntryKind.Decision, text, actor, now, now, correctsSequence: null);
        Changed(now);
        return entry;
    }

    /// <summary>Puts the incident's records on legal hold (or lifts it). IC or Legal liaison once there is an IC.</summary>
    public TimelineEntry ChangeLegalHold(bool on, string? reason, string actor, DateTime now)
    {
        EnsureCommanderLegalOrNone(actor, on ? "place a legal hold" : "lift the legal hold");
        if (on == LegalHold)
        {
            throw new InvalidTransitionException(on ? $"{Key} is already on legal hold (since {Utc(LegalHoldAt!.Value)}, {LegalHoldBy})."
                : $"{Key} is not on legal hold.");
        }
        LegalHold = on;
        LegalHoldBy = on ? actor : null;
        LegalHoldAt = on ? now : null;
        var entry = Append(TimelineEntryKind.Decision, (on ? "Legal hold placed: preserve every record of this incident" : "Legal hold lifted")
            + (string.IsNullOrWhiteSpace(reason) ? "." : $" ({reason.Trim()})."), actor, now, now, correctsSequence: null);
        Changed(now);
        return entry;
    }

    /// <summary>The obligation behind a clock was met (the notification was sent); the clock stops.</summary>
    public RegulatoryClock MeetClock(string code, string actor, DateTime now)
    {
        EnsureCommanderLegalOrNone(actor, "close a regulatory clock");
        var clock = _clocks.FirstOrDefault(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase))
            ?? throw new NotFoundException($"No clock '{code}' runs on {Key}.");
        if (clock.MetAt is not null)
        {
            throw new InvalidTransitionException($"{clock.Name} was already met at {Utc(clock.MetAt.Value)} by {clock.MetBy}.");
        }
        clock.Meet(actor, now);
        var margin = clock.Deadline - now;
        Append(TimelineEntryKind.Communication, $"{clock.Name} met: {clock.Obligation.ToLowerInvariant()} — " +
            (margin >= TimeSpan.Zero ? $"{Hours(margin)} before the deadline." : $"{Hours(-margin)} after the deadline."), actor, now, now,
            correctsSequence: null);
        Changed(now);
        return clock;
    }

    /// <summary>
    /// A containment action worked (a control webhook answered, or a manual checklist was completed): writes the action
    /// on the timeline and, the first time, stamps Contained (MTTC) and moves a Detected or Triaged incident to Contained.
    /// Who may contain is decided by the caller (the IC and the Technical Lead); this only records the outcome.
    /// </summary>
    public TimelineEntry RecordContainment(string text, string actor, DateTime now)
    {
        EnsureOpen("record containment");
        var first = ContainedAt is null;
        ContainedAt ??= now;
        TriagedAt ??= now;
        if (Status < IncidentStatus.Contained)
        {
            Status = IncidentStatus.Contained;
        }
        var entry = Append(TimelineEntryKind.Action, text + (first ? " First successful containment: incident contained." : ""),
            actor, now, now, correctsSequence: null);
        Changed(now);
        return entry;
    }

    /// <summary>Records what a person writes: a note, decision, action, signal or communication, possibly back-dated.</summary>
    public TimelineEntry Record(TimelineEntryKind kind, string text, string author, DateTime now, DateTime? occurredAt = null)
    {
        if (!kind.IsWrittenByPeople())
        {
            throw ValidationException.For("kind", $"{kind.Label()} entries are written by the system when it changes; use one of {TimelineEntryKinds.Allowed}.");
        }
        var when = occurredAt ?? now;
        EnsurePlausibleTime(when, now);
        var entry = Append(kind, text, author, when, now, correctsSequence: null);
        Changed(now);
        return entry;
    }

    /// <summary>Appends a correction of an earlier entry; the original stays as it was and is shown as corrected.</summary>
    public TimelineEntry Correct(TimelineEntry original, string text, string author, DateTime now)
    {
        if (original.IncidentId != Id)
        {
            throw new NotFoundException($"Entry #{original.Sequence} is not on {Key}'s timeline.");
        }
        if (!original.Kind.IsWrittenByPeople())
        {
            throw new InvalidTransitionException(
                $"Entry #{original.Sequence} was written by the system; change the {original.Kind.Label().ToLowerInvariant()} instead of correcting it.");
        }
        var entry = Append(original.Kind, text, author, original.OccurredAt, now, original.Sequence);
        Changed(now);
        return entry;
    }

    public void ClearDomainEvents() => _events.Clear();

    private static bool SamePerson(string a, string b) => IncidentRules.SamePerson(a, b);

    private TimelineEntry Append(TimelineEntryKind kind, string text, string author, DateTime occurredAt, DateTime recordedAt, int? correctsSequence)
    {
        var roles = RolesOf(author);
        var authorRole = roles.Count == 0 ? null : string.Join(", ", roles.Select(r => r.Title()));
        var entry = new TimelineEntry(Id, TimelineHeadSequence + 1, kind, text, author, authorRole, occurredAt, recordedAt,
            correctsSequence, TimelineHeadHash);
        _timeline.Add(entry);
        TimelineHeadSequence = entry.Sequence;
        TimelineHeadHash = entry.Hash;
        _events.Add(new TimelineEntryAppended(this, entry));
        return entry;
    }

    private void Changed(DateTime now)
    {
        UpdatedAt = now;
        Version++;
        _events.RemoveAll(e => e is IncidentChanged);
        _events.Add(new IncidentChanged(this));
    }

    private void Stamp(IncidentStatus phase, DateTime now)
    {
        switch (phase)
        {
            case IncidentStatus.Triaged: TriagedAt ??= now; break;
            case IncidentStatus.Contained: ContainedAt ??= now; break;
            case IncidentStatus.Recovered: RecoveredAt ??= now; break;
            case IncidentStatus.Resolved: ResolvedAt ??= now; break;
            case IncidentStatus.Closed: ClosedAt ??= now; break;
        }
    }

    private void EnsureCommanderOrNone(string actor, string what)
    {
        var commander = IncidentCommander;
        if (!IncidentRules.MayCommand(commander, actor))
        {
            throw new ForbiddenActionException($"Only the Incident Commander ({commander}) can {what} on {Key}.");
        }
    }

    private void EnsureMayAppoint(IncidentRole role, string person, string actor, bool actorIsAdministrator)
    {
        if (SamePerson(person, actor))
        {
            throw new ForbiddenActionException(
                $"Nobody can appoint themselves {role.Title()}: the Incident Commander or an administrator appoints someone else.");
        }
        var commander = IncidentCommander;
        if (!actorIsAdministrator && (commander is null || !SamePerson(commander, actor)))
        {
            throw new ForbiddenActionException(
                $"Only the Incident Commander{(commander is null ? "" : $" ({commander})")} or an administrator can appoint the {role.Title()} on {Key}.");
        }
    }

    private void EnsureCommanderLegalOrNone(string actor, string what)
    {
        var commander = IncidentCommander;
        var legal = HolderOf(IncidentRole.LegalLiaison);
        if (!IncidentRules.MayRecordLegalFindings(commander, legal, actor))
        {
            throw new ForbiddenActionException(
                $"Only the Incident Commander ({commander}) or the Legal/Compliance Liaison{(legal is null ? "" : $" ({legal})")} can {what} on {Key}.");
        }
    }

    private static string Utc(DateTime time) => time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static string Hours(TimeSpan span) => span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" : $"{Math.Max(0, span.TotalMinutes):0} min";

    private void EnsureOpen(string what)
    {
        if (!Status.IsOpen())
        {
            throw new InvalidTransitionException($"{Key} is closed; nobody can {what} any more.");
        }
    }

    private void EnsurePlausibleTime(DateTime when, DateTime now)
    {
        if (when > now + AllowedClockSkew)
        {
            throw ValidationException.For("occurredAt", "That time is in the future; back-dating only goes backwards.");
        }
        if (when < now - MaxBackdating)
        {
            throw ValidationException.For("occurredAt", $"That is more than {MaxBackdating.TotalDays:0} days ago; check the date.");
        }
    }

    private string ExplainIllegalMove(IncidentStatus from, IncidentStatus to)
    {
        if (to == from)
        {
            return $"{Key} is already {from}.";
        }
        if (from == IncidentStatus.Closed)
        {
            return $"{Key} is closed; declare a new incident if the problem is back.";
        }
        if (to == IncidentStatus.Closed)
        {
            return $"{Key} cannot be closed while {from}: resolve it first.";
        }
        return $"{Key} cannot go back from {from} to {to}: phases only move forward. Record what changed on the timeline instead.";
    }
}

/// <summary>Per-incident response times. Detection is measured from impact start; the others from detection.</summary>
public sealed record IncidentMetrics(TimeSpan? TimeToDetect, TimeSpan? TimeToTriage, TimeSpan? TimeToContain,
    TimeSpan? TimeToRecover, TimeSpan? TimeToResolve, TimeSpan? TimeToContext = null);

/// <summary>The closing rule's input: a published postmortem is <paramref name="Required"/> for this incident, and there is one.</summary>
public sealed record PostmortemGate(bool Required, bool Published);

/// <summary>What is exposed, as the Legal liaison records it. Stored as one JSON column.</summary>
public sealed class ExposureScope
{
    public List<string> Systems { get; set; } = [];
    public List<string> DataCategories { get; set; } = [];
    public int? AffectedUsers { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTime? UpdatedAt { get; set; }
}
