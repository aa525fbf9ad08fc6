namespace CommandCenter.Api;

// Request bodies. Enum-like fields stay raw strings so IncidentService's Validator names the field that is wrong
// ("severity: 'SEV9' is not a known severity...") instead of the JSON reader failing on the whole body.

/// <summary>Declares an incident. <c>severity</c> SEV1..SEV4, <c>archetype</c> a kebab code, <c>system</c> a slug.</summary>
public sealed record DeclareIncidentRequest(
    string? Title,
    string? Summary,
    string? Severity,
    string? Archetype,
    string? System,
    bool? TakeCommand = null,
    DateTimeOffset? ImpactStartedAt = null);

/// <summary>Adds a note, decision, action, signal or communication; <c>occurredAt</c> back-dates it.</summary>
public sealed record RecordTimelineEntryRequest(string? Kind, string? Text, DateTimeOffset? OccurredAt = null);

/// <summary>Appends a correction of an earlier entry; the original is kept and shown as corrected.</summary>
public sealed record CorrectTimelineEntryRequest(string? Text);

/// <summary>Moves the incident to a later phase (detected, triaged, contained, recovered, resolved, closed).</summary>
public sealed record ChangeStatusRequest(string? Status, string? Reason = null);

/// <summary>Raises or lowers the severity (SEV1..SEV4).</summary>
public sealed record ChangeSeverityRequest(string? Severity, string? Reason = null);

/// <summary>The IC corrects the archetype; by default the incident swaps to the new archetype's current playbook.</summary>
public sealed record ChangeArchetypeRequest(string? Archetype, bool SwapPlaybook = true, string? Reason = null);

/// <summary>Gives a role (e.g. <c>incident-commander</c>, <c>scribe</c>) to a person.</summary>
public sealed record AssignRoleRequest(string? Role, string? Person);

/// <summary>A finding with legal consequences: <c>personal-data-breach</c>, <c>serious-incident</c>, <c>serious-incident-widespread</c>,
/// <c>serious-incident-death</c> or <c>nis2-significant</c>; <c>awareAt</c> is when the organisation became aware (default now).</summary>
public sealed record StartClocksRequest(string? Trigger, DateTimeOffset? AwareAt = null);


/// <summary>The data-exposure scope as known now: <c>affectedUsers</c> null while unknown.</summary>
public sealed record RecordExposureRequest(IReadOnlyList<string>? Systems, IReadOnlyList<string>? DataCategories, int? AffectedUsers);

/// <summary>Places (<c>on: true</c>) or lifts a legal hold.</summary>
public sealed record LegalHoldRequest(bool On, string? Reason = null);

/// <summary>Runs a containment action: <c>action</c> a code such as <c>rollback-model</c>; <c>reason</c> is required for destructive ones.</summary>
public sealed record RunContainmentRequest(string? Action, string? Reason = null);

/// <summary>A system's control webhook: an absolute http(s) URL and the HMAC secret (blank keeps the current secret).</summary>
public sealed record SetSystemControlRequest(string? Url, string? Secret);

/// <summary>A new version of a playbook: the whole content (title, summary, detectionSignals, steps, templates) and why it changed.</summary>
public sealed record SavePlaybookRequest(Core.Playbooks.PlaybookContent? Content, string? ChangeNote);

/// <summary>Marks a playbook step done, optionally with a note for the timeline.</summary>
public sealed record CheckPlaybookStepRequest(string? Note = null);

/// <summary>Skips a playbook step; the reason is required and goes on the timeline.</summary>
public sealed record SkipPlaybookStepRequest(string? Reason);

/// <summary>Answers a playbook decision gate: <c>yes</c> true or false, optionally with a note.</summary>
public sealed record AnswerPlaybookGateRequest(bool? Yes, string? Note = null);

public sealed record SaveScenarioRequest(Core.Exercises.ScenarioContent? Content, string? ChangeNote);

public sealed record OpenExerciseRequest(string? Scenario);

public sealed record ExerciseSpeedRequest(int? Speed);

public sealed record ReleaseInjectRequest(string? InjectId = null);

public sealed record AnswerExerciseDecisionRequest(string? InjectId, string? Answer, string? Reasoning);

public sealed record ExerciseNoteRequest(string? Text);

public sealed record FollowUpRequest(DateTime? Date);
