using System.Globalization;
using System.Text.Json.Serialization;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Regulatory;

namespace CommandCenter.Core.Playbooks;

[JsonConverter(typeof(JsonStringEnumConverter<StepOutcome>))]
public enum StepOutcome
{
    [JsonStringEnumMemberName("done")] Done = 1,
    [JsonStringEnumMemberName("skipped")] Skipped = 2,
}

/// <summary>
/// What happened to one step on one incident. <paramref name="Note"/> is the reason when skipped;
/// <paramref name="GateAnswer"/> is set only for decision gates.
/// </summary>
public sealed record StepRecord(string StepId, StepOutcome Outcome, string By, DateTime At, string? Note, bool? GateAnswer);

/// <summary>A gate was answered: the record to store, and the clock to start (only on a yes whose gate names one).</summary>
public sealed record GateDecision(StepRecord Record, RegulatoryTrigger? ClockToStart);

/// <summary>How far an incident is through its playbook. <paramref name="Percent"/> counts skipped steps as handled, rounded down.</summary>
public sealed record PlaybookCoverage(int Total, int Done, int Skipped, int Remaining, int Percent);

/// <summary>
/// One incident's run of one playbook version: the content plus the steps recorded so far. Each move checks the
/// rules, appends its record and returns it for the caller to store. A step is handled once; only the holder of its
/// owner role, or the Incident Commander, may handle it.
/// </summary>
public sealed class PlaybookProgress
{
    private readonly Dictionary<string, StepRecord> _records = new(StringComparer.Ordinal);

    public PlaybookProgress(PlaybookContent content, IEnumerable<StepRecord>? records = null)
    {
        Content = content;
        foreach (var record in records ?? [])
        {
            // A step is handled once; if storage ever holds two records, the first one stands.
            _records.TryAdd(record.StepId, record);
        }
    }

    public PlaybookContent Content { get; }

    /// <summary>Records in playbook order; records for steps no longer in this version are left out.</summary>
    public IReadOnlyList<StepRecord> Records =>
        Content.Steps.Where(s => _records.ContainsKey(s.Id)).Select(s => _records[s.Id]).ToList();

    public StepRecord? RecordOf(string stepId) => _records.GetValueOrDefault(stepId);

    public PlaybookCoverage Coverage
    {
        get
        {
            var total = Content.Steps.Count;
            var done = Content.Steps.Count(s => RecordOf(s.Id)?.Outcome == StepOutcome.Done);
            var skipped = Content.Steps.Count(s => RecordOf(s.Id)?.Outcome == StepOutcome.Skipped);
            var percent = total == 0 ? 0 : (done + skipped) * 100 / total;
            return new PlaybookCoverage(total, done, skipped, total - done - skipped, percent);
        }
    }

    /// <summary>Steps nobody has handled yet, in playbook order.</summary>
    public IReadOnlyList<PlaybookStep> OpenSteps => Content.Steps.Where(s => !_records.ContainsKey(s.Id)).ToList();

    /// <summary>The open steps that <paramref name="role"/> owns, in playbook order.</summary>
    public IReadOnlyList<PlaybookStep> NextSteps(IncidentRole role) => OpenSteps.Where(s => s.Owner == role).ToList();

    /// <summary>Marks an ordinary step done. <paramref name="byRoles"/> are the roles <paramref name="by"/> holds on the incident.</summary>
    public StepRecord Check(string stepId, string by, IReadOnlyCollection<IncidentRole> byRoles, DateTime now, string? note = null)
    {
        var step = Open(stepId, by, byRoles, "check off");
        if (step.IsGate)
        {
            throw new InvalidTransitionException($"'{step.Id}' is a decision gate; answer it yes or no instead of checking it off.");
        }
        var v = new Validator();
        var trimmedNote = v.OptionalText("note", note, Limits.TimelineTextLength, "Note");
        v.ThrowIfInvalid();
        return Append(new StepRecord(step.Id, StepOutcome.Done, by.Trim(), now.AsUtc(), trimmedNote, null));
    }

    /// <summary>Marks a step (a gate too) as deliberately not done; the reason is required and kept as the note.</summary>
    public StepRecord Skip(string stepId, string reason, string by, IReadOnlyCollection<IncidentRole> byRoles, DateTime now)
    {
        var step = Open(stepId, by, byRoles, "skip");
        var v = new Validator();
        var trimmedReason = v.RequiredText("reason", reason, Limits.TimelineTextLength, "A reason for skipping");
        v.ThrowIfInvalid();
        return Append(new StepRecord(step.Id, StepOutcome.Skipped, by.Trim(), now.AsUtc(), trimmedReason, null));
    }

    /// <summary>Answers a decision gate. A yes returns the regulatory clock the gate starts, if it names one.</summary>
    public GateDecision AnswerGate(string stepId, bool yes, string by, IReadOnlyCollection<IncidentRole> byRoles, DateTime now,
        string? note = null)
    {
        var step = Open(stepId, by, byRoles, "answer");
        if (step.Gate is not { } gate)
        {
            throw new InvalidTransitionException($"'{step.Id}' is not a decision gate; check it off instead.");
        }
        var v = new Validator();
        var trimmedNote = v.OptionalText("note", note, Limits.TimelineTextLength, "Note");
        v.ThrowIfInvalid();
        var record = Append(new StepRecord(step.Id, StepOutcome.Done, by.Trim(), now.AsUtc(), trimmedNote, yes));
        return new GateDecision(record, yes ? gate.StartsClock : null);
    }

    /// <summary>Who may handle a step: the holder of its owner role, or the Incident Commander.</summary>
    /// <param name="roles">The roles the person holds on the incident.</param>
    public static bool MayHandle(PlaybookStep step, IReadOnlyCollection<IncidentRole> roles)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(roles);
        return roles.Contains(step.Owner) || roles.Contains(IncidentRole.IncidentCommander);
    }

    private PlaybookStep Open(string stepId, string by, IReadOnlyCollection<IncidentRole> byRoles, string what)
    {
        if (string.IsNullOrWhiteSpace(by))
        {
            throw ValidationException.For("by", "Who is doing this is required.");
        }
        var step = Content.Steps.FirstOrDefault(s => s.Id == stepId)
            ?? throw new NotFoundException($"There is no step '{stepId}' in the playbook “{Content.Title}”.");
        if (!MayHandle(step, byRoles))
        {
            throw new ForbiddenActionException(
                $"Only the {step.Owner.Title()} or the Incident Commander can {what} '{step.Id}'; {by.Trim()} holds neither role.");
        }
        if (RecordOf(step.Id) is { } existing)
        {
            var outcome = existing.Outcome == StepOutcome.Skipped ? "skipped" : existing.GateAnswer is null ? "done" : "answered";
            throw new InvalidTransitionException(
                $"'{step.Id}' was already {outcome} by {existing.By} at {existing.At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.");
        }
        return step;
    }

    private StepRecord Append(StepRecord record)
    {
        _records.Add(record.StepId, record);
        return record;
    }
}
