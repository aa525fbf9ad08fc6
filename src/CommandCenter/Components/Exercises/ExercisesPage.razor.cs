using CommandCenter.Core.Accounts;
using CommandCenter.Components.Common;
using CommandCenter.Core.Exercises;
using CommandCenter.Identity;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CommandCenter.Components.Exercises;

/// <summary>The scenario library with a start button, the exercises run so far, and the quarter's follow-ups.</summary>
public partial class ExercisesPage
{
    private IReadOnlyList<ScenarioSummary>? _scenarios;
    private IReadOnlyList<ExerciseSummary>? _exercises;
    private IReadOnlyList<FollowUp>? _followUps;
    private string? _error;
    private bool _mayRun;
    private bool _busy;

    [Inject] private ExerciseService Exercises { get; set; } = null!;
    [Inject] private CurrentUser User { get; set; } = null!;
    [Inject] private ActionRunner Runner { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        try
        {
            _mayRun = await User.CanAsync(Permission.RunExercises);
            _scenarios = await Exercises.ListScenariosAsync();
            _exercises = await Exercises.ListAsync();
            _followUps = await Exercises.FollowUpsAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _error = "The exercises could not be loaded. Reload the page to try again.";
        }
    }

    private async Task OpenAsync(ScenarioSummary scenario)
    {
        _busy = true;
        try
        {
            var actor = await User.GetActorAsync();
            var (outcome, opened) = await Runner.RunAsync(() => Exercises.OpenAsync(scenario.Slug, actor));
            if (outcome.Succeeded && opened is not null)
            {
                Navigation.NavigateTo($"/exercises/{opened.Id}/facilitate");
            }
        }
        finally
        {
            _busy = false;
        }
    }

    internal static Color StateColor(ExerciseState state) => state switch
    {
        ExerciseState.Running => Color.Success,
        ExerciseState.Paused => Color.Warning,
        ExerciseState.Finished => Color.Default,
        _ => Color.Info,
    };
}
