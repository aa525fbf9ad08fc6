using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Playbooks;

/// <summary>
/// The playbook of one archetype: a numbered series of immutable versions. Editing never changes a stored version;
/// it adds the next one, so an incident keeps running the version it started with.
/// </summary>
public sealed class Playbook
{
    public const int ChangeNoteLength = 500;

    private Playbook()
    {
    }

    public Playbook(Archetype archetype) => Archetype = archetype;

    public int Id { get; private set; }
    public Archetype Archetype { get; private set; }

    /// <summary>The number of the newest version; 0 before the first one is added.</summary>
    public int CurrentVersion { get; private set; }

    /// <summary>Adds the next version. The content must already be validated (<see cref="PlaybookValidator"/>).</summary>
    public PlaybookVersion AddVersion(PlaybookContent content, string editedBy, DateTime editedAt, string changeNote)
    {
        CurrentVersion++;
        return new PlaybookVersion(this, CurrentVersion, content, editedBy, editedAt.AsUtc(), changeNote);
    }
}

/// <summary>One stored version of a playbook; its content is kept whole as a JSON column and never changes.</summary>
public sealed class PlaybookVersion
{
    private PlaybookVersion()
    {
    }

    internal PlaybookVersion(Playbook playbook, int number, PlaybookContent content, string editedBy, DateTime editedAt, string changeNote)
    {
        Playbook = playbook;
        Number = number;
        Content = content;
        EditedBy = editedBy;
        EditedAt = editedAt;
        ChangeNote = changeNote;
    }

    public int Id { get; private set; }
    public int PlaybookId { get; private set; }
    public Playbook? Playbook { get; private set; }
    public int Number { get; private set; }
    public PlaybookContent Content { get; private set; } = null!;
    public string EditedBy { get; private set; } = "";
    public DateTime EditedAt { get; private set; }
    public string ChangeNote { get; private set; } = "";
}

/// <summary>Which playbook version an incident runs; set once, when the incident is first seen, and never moved.</summary>
public sealed class IncidentPlaybook
{
    private IncidentPlaybook()
    {
    }

    public IncidentPlaybook(int incidentId, PlaybookVersion version, DateTime attachedAt)
    {
        IncidentId = incidentId;
        PlaybookVersion = version;
        AttachedAt = attachedAt.AsUtc();
    }

    public int Id { get; private set; }
    public int IncidentId { get; private set; }
    public int PlaybookVersionId { get; private set; }
    public PlaybookVersion? PlaybookVersion { get; private set; }
    public DateTime AttachedAt { get; private set; }
}

/// <summary>The stored form of a <see cref="StepRecord"/>: what happened to one step on one incident.</summary>
public sealed class PlaybookStepRecord
{
    private PlaybookStepRecord()
    {
    }

    public PlaybookStepRecord(int incidentId, StepRecord record)
    {
        IncidentId = incidentId;
        StepId = record.StepId;
        Outcome = record.Outcome;
        By = record.By;
        At = record.At.AsUtc();
        Note = record.Note;
        GateAnswer = record.GateAnswer;
    }

    public int Id { get; private set; }
    public int IncidentId { get; private set; }
    public string StepId { get; private set; } = "";
    public StepOutcome Outcome { get; private set; }
    public string By { get; private set; } = "";
    public DateTime At { get; private set; }
    public string? Note { get; private set; }
    public bool? GateAnswer { get; private set; }

    public StepRecord ToRecord() => new(StepId, Outcome, By, At, Note, GateAnswer);
}
