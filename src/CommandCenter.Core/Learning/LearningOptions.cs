using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Learning;

/// <summary>The "Learning" section of appsettings: when postmortems are due and whether closing waits for one.</summary>
public sealed class LearningOptions
{
    public const string Section = "Learning";

    /// <summary>Days from Resolved to the postmortem's due date, per severity.</summary>
    public int Sev1DueDays { get; set; } = 3;
    public int Sev2DueDays { get; set; } = 5;
    public int Sev3DueDays { get; set; } = 10;
    public int Sev4DueDays { get; set; } = 10;

    /// <summary>SEV1 and SEV2 incidents cannot be Closed until their postmortem is published.</summary>
    public bool RequirePostmortemToClose { get; set; } = true;

    public TimeSpan DueAfter(Severity severity) => TimeSpan.FromDays(severity switch
    {
        Severity.Sev1 => Sev1DueDays,
        Severity.Sev2 => Sev2DueDays,
        Severity.Sev3 => Sev3DueDays,
        _ => Sev4DueDays,
    });

    /// <summary>Whether an incident of <paramref name="severity"/> needs a published postmortem before it closes.</summary>
    public bool PostmortemRequiredToClose(Severity severity) => RequirePostmortemToClose && severity is Severity.Sev1 or Severity.Sev2;
}
