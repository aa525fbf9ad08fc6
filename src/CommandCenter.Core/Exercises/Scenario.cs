using CommandCenter.Core.Common;

namespace CommandCenter.Core.Exercises;

/// <summary>
/// A tabletop scenario: a numbered series of immutable versions, like a playbook. Editing adds the next version, so an
/// exercise keeps the version it was started with.
/// </summary>
public sealed class Scenario
{
    public const int ChangeNoteLength = 500;

    private Scenario()
    {
    }

    public Scenario(string slug) => Slug = slug;

    public int Id { get; private set; }

    /// <summary>A kebab slug that names the scenario in URLs and the API (e.g. <c>refund-policy-invented</c>).</summary>
    public string Slug { get; private set; } = "";

    public int CurrentVersion { get; private set; }

    /// <summary>Adds the next version; the content must already be validated (<see cref="ScenarioValidator"/>).</summary>
    public ScenarioVersion AddVersion(ScenarioContent content, string editedBy, DateTime editedAt, string changeNote)
    {
        CurrentVersion++;
        return new ScenarioVersion(this, CurrentVersion, content, editedBy, editedAt.AsUtc(), changeNote);
    }
}

/// <summary>One stored version of a scenario; its content never changes.</summary>
public sealed class ScenarioVersion
{
    private ScenarioVersion()
    {
    }

    internal ScenarioVersion(Scenario scenario, int number, ScenarioContent content, string editedBy, DateTime editedAt, string changeNote)
    {
        Scenario = scenario;
        Number = number;
        Content = content;
        EditedBy = editedBy;
        EditedAt = editedAt;
        ChangeNote = changeNote;
    }

    public int Id { get; private set; }
    public int ScenarioId { get; private set; }
    public Scenario? Scenario { get; private set; }
    public int Number { get; private set; }
    public ScenarioContent Content { get; private set; } = null!;
    public string EditedBy { get; private set; } = "";
    public DateTime EditedAt { get; private set; }
    public string ChangeNote { get; private set; } = "";
}
