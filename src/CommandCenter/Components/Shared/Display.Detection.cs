using System.Globalization;
using CommandCenter.Core.Detection;

namespace CommandCenter.Components.Shared;

public static partial class Display
{
    public static string Number(double? value) => value is not { } v
        ? "—"
        : v.ToString(Math.Abs(v) >= 100 ? "N0" : "0.###", CultureInfo.InvariantCulture);

    /// <summary>"+240 %" past the threshold, or "within threshold".</summary>
    public static string Deviation(double deviation) => deviation <= 0
        ? "not past it"
        : "+" + (deviation * 100).ToString(deviation >= 10 ? "N0" : "0", CultureInfo.InvariantCulture) + " %";

    public static string Percent(double? ratio) => ratio is { } r ? (r * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %" : "—";

    public static string CandidateState(CandidateView candidate) => candidate.Status switch
    {
        CandidateStatus.Forming => "Forming",
        CandidateStatus.Pending => candidate.IsOpen ? "Awaiting decision" : "Stopped firing — awaiting decision",
        CandidateStatus.Incident => candidate.Decision switch
        {
            CandidateDecision.AutoOpened => "Opened automatically",
            CandidateDecision.Merged => "Merged",
            _ => "Promoted",
        },
        _ => "Dismissed",
    };

    public static string ChangeIcon(ChangeKind kind) => kind switch
    {
        ChangeKind.ModelDeploy => MudBlazor.Icons.Material.Outlined.RocketLaunch,
        ChangeKind.ModelRollback => MudBlazor.Icons.Material.Outlined.Undo,
        ChangeKind.SystemPrompt => MudBlazor.Icons.Material.Outlined.EditNote,
        ChangeKind.RetrievalIndex => MudBlazor.Icons.Material.Outlined.Storage,
        ChangeKind.Guardrail => MudBlazor.Icons.Material.Outlined.Shield,
        ChangeKind.Config => MudBlazor.Icons.Material.Outlined.Tune,
        _ => MudBlazor.Icons.Material.Outlined.ToggleOn,
    };

    public static string DataCategories(Core.Systems.DataCategories categories) => categories switch
    {
        Core.Systems.DataCategories.None => "No personal data",
        _ => string.Join(", ", new[]
        {
            categories.HasFlag(Core.Systems.DataCategories.PersonalData) ? "Personal data" : null,
            categories.HasFlag(Core.Systems.DataCategories.SpecialCategories) ? "Special categories (Art. 9)" : null,
        }.OfType<string>()),
    };
}
