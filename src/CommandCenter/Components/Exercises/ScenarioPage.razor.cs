using CommandCenter.Components.Common;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Exercises;
using CommandCenter.Identity;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Exercises;

/// <summary>One scenario: a version to read with its history, and (administrators) the editor that saves the next version.</summary>
public partial class ScenarioPage
{
    private ScenarioDetail? _detail;
    private string? _notFound;
    private bool _mayEdit;
    private ScenarioForm? _form;
    private bool _busy;
    private ActionOutcome _outcome = ActionOutcome.Done;

    [Parameter] public string Slug { get; set; } = "";

    [SupplyParameterFromQuery] public int? Version { get; set; }

    [Inject] private ExerciseService Exercises { get; set; } = null!;
    [Inject] private CurrentUser User { get; set; } = null!;
    [Inject] private ActionRunner Runner { get; set; } = null!;

    protected override async Task OnParametersSetAsync()
    {
        _mayEdit = await User.CanAsync(Permission.EditScenarios);
        try
        {
            _detail = await Exercises.GetScenarioAsync(Slug, Version);
            _notFound = null;
        }
        catch (NotFoundException ex)
        {
            _notFound = ex.Message;
        }
    }

    /// <summary>The choices' errors (the list's, or the first bad line's) shown on the one text box that holds them.</summary>
    private string? ChoicesError(string inject) =>
        _outcome.ErrorFor($"{inject}.decision.choices")
        ?? Enumerable.Range(0, ScenarioValidator.MaxChoices + 1).Select(i => _outcome.ErrorFor($"{inject}.decision.choices[{i}]")).FirstOrDefault(e => e is not null);

    private void StartEditing()
    {
        _form = ScenarioForm.From(_detail!.Content);
        _outcome = ActionOutcome.Done;
    }

    private async Task SaveAsync()
    {
        _busy = true;
        try
        {
            var content = _form!.ToContent();
            var actor = await User.GetActorAsync();
            (_outcome, var saved) = await Runner.RunAsync(() => Exercises.SaveScenarioAsync(Slug, content, _form.ChangeNote, actor), "Saved as a new version.");
            if (saved is not null)
            {
                _detail = saved;
                _form = null;
            }
        }
        finally
        {
            _busy = false;
        }
    }
}
