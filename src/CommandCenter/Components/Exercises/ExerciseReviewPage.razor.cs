using CommandCenter.Components.Common;
using CommandCenter.Components.Learning;
using CommandCenter.Core.Common;
using CommandCenter.Core.Events;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Exercises;
using CommandCenter.Core.Learning;
using CommandCenter.Identity;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CommandCenter.Components.Exercises;

/// <summary>The after-action review: what the exercise showed, and what the facilitator adds (lessons, changes, items, follow-up).</summary>
public partial class ExerciseReviewPage
{
    private ExerciseReview? _review;
    private string? _notFound;
    private string? _error;
    private bool _mayFacilitate;
    private bool _busy;
    private IReadOnlyList<(string UserName, string DisplayName)> _people = [];
    private string? _lesson;
    private string? _proposal;
    private DateTime? _followUp;
    private ActionItemForm _newItem = new();
    private ActionOutcome _lessonOutcome = ActionOutcome.Done;
    private ActionOutcome _proposalOutcome = ActionOutcome.Done;
    private ActionOutcome _itemOutcome = ActionOutcome.Done;
    private ActionOutcome _followUpOutcome = ActionOutcome.Done;

    [Parameter] public int Id { get; set; }

    [Inject] private ExerciseService Exercises { get; set; } = null!;
    [Inject] private ActionItemService ActionItems { get; set; } = null!;
    [Inject] private CurrentUser User { get; set; } = null!;
    [Inject] private ActionRunner Runner { get; set; } = null!;

    protected override async Task OnParametersSetAsync()
    {
        await LoadAsync();
        if (_mayFacilitate && _people.Count == 0)
        {
            _people = await ActionItems.OwnersAsync();
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            _review = await Exercises.ReviewAsync(Id);
            _mayFacilitate = ExerciseRules.MayFacilitate(_review.Exercise.Facilitator, await User.GetActorAsync());
            _followUp ??= _review.Exercise.FollowUpOn;
            _notFound = null;
            _error = null;
        }
        catch (NotFoundException ex)
        {
            _notFound = ex.Message;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _error = "The review could not be loaded. Reload the page to try again.";
        }
    }

    private async Task OnNotificationAsync(IncidentNotification notification)
    {
        if (notification is ExerciseChangedNotification or ActionItemsChangedNotification && !_busy)
        {
            await LoadAsync();
        }
    }

    private async Task AddLessonAsync()
    {
        _lessonOutcome = await ChangeAsync((s, a) => s.AddLessonAsync(Id, _lesson, a), "Lesson added.");
        if (_lessonOutcome.Succeeded)
        {
            _lesson = null;
        }
    }

    private async Task ProposeAsync()
    {
        _proposalOutcome = await ChangeAsync((s, a) => s.ProposePlaybookChangeAsync(Id, _proposal, a), "Playbook change proposed.");
        if (_proposalOutcome.Succeeded)
        {
            _proposal = null;
        }
    }

    private async Task ScheduleAsync() =>
        _followUpOutcome = await ChangeAsync((s, a) => s.ScheduleFollowUpAsync(Id, _followUp, a), "Follow-up exercise scheduled.");

    private async Task AddItemAsync()
    {
        var input = _newItem.ToInput();
        _busy = true;
        try
        {
            var actor = await User.GetActorAsync();
            (_itemOutcome, var item) = await Runner.RunAsync(() => Exercises.CreateActionItemAsync(Id, input, actor), "Action item added.");
            if (item is not null)
            {
                _newItem = new ActionItemForm();
                await LoadAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task<ActionOutcome> ChangeAsync(Func<ExerciseService, Core.Accounts.Actor, Task<ExerciseReview>> change, string confirmation)
    {
        _busy = true;
        try
        {
            var actor = await User.GetActorAsync();
            var (outcome, review) = await Runner.RunAsync(() => change(Exercises, actor), confirmation);
            if (review is not null)
            {
                _review = review;
            }
            return outcome;
        }
        finally
        {
            _busy = false;
        }
    }

    private static Color OutcomeColor(DecisionState state) => state switch
    {
        DecisionState.OnTime => Color.Success,
        DecisionState.Late => Color.Warning,
        DecisionState.Missed => Color.Error,
        _ => Color.Default,
    };
}
