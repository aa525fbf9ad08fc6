using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Components.Common;
using CommandCenter.Core.Exercises;
using CommandCenter.Identity;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Exercises;

/// <summary>
/// The facilitator's console: the exercise clock (ticking locally between reads), the inject script with release buttons,
/// open decisions with their countdowns, and who joined in which role. Reloads on the exercise incident's notifications.
/// </summary>
public partial class FacilitatorConsole
{
    private ExerciseConsole? _console;
    private string? _notFound;
    private string? _error;
    private bool _mayFacilitate;
    private bool _busy;
    private Timer? _ticker;

    [Parameter] public int Id { get; set; }

    [Inject] private ExerciseService Exercises { get; set; } = null!;
    [Inject] private CurrentUser User { get; set; } = null!;
    [Inject] private ActionRunner Runner { get; set; } = null!;
    [Inject] private TimeProvider Clock { get; set; } = null!;

    protected override async Task OnParametersSetAsync()
    {
        await LoadAsync();
        _ticker ??= new Timer(_ => InvokeAsync(StateHasChanged), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private async Task LoadAsync()
    {
        try
        {
            _console = await Exercises.ConsoleAsync(Id);
            _mayFacilitate = ExerciseRules.MayFacilitate(_console.Exercise.Facilitator, await User.GetActorAsync());
            _notFound = null;
            _error = null;
        }
        catch (NotFoundException ex)
        {
            _notFound = ex.Message;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _error = "The exercise could not be loaded. Reload the page to try again.";
        }
    }

    private async Task OnNotificationAsync(IncidentNotification notification)
    {
        if (notification is ExerciseChangedNotification or RolesChangedNotification or TimelineEntryAddedNotification)
        {
            await LoadAsync();
        }
    }

    private Task StartAsync() => RunAsync((s, a) => s.StartAsync(Id, a), "Exercise started: the clock runs.");

    private Task PauseAsync() => RunAsync((s, a) => s.PauseAsync(Id, a), "Paused.");

    private Task ResumeAsync() => RunAsync((s, a) => s.ResumeAsync(Id, a), "Resumed.");

    private Task FinishAsync() => RunAsync((s, a) => s.FinishAsync(Id, a), "Exercise finished: the review is ready.");

    // The pressed button is the current speed: pressing it again changes nothing.
    private Task SpeedAsync(int speed) => speed == _console?.Clock.Speed
        ? Task.CompletedTask
        : RunAsync((s, a) => s.ChangeSpeedAsync(Id, speed, a), $"Running at {speed}×.");

    private Task ReleaseAsync(string? injectId) => RunAsync((s, a) => s.ReleaseAsync(Id, injectId, a), "Inject released.");

    private async Task RunAsync(Func<ExerciseService, Core.Accounts.Actor, Task<ExerciseConsole>> command, string confirmation)
    {
        _busy = true;
        try
        {
            var actor = await User.GetActorAsync();
            var (outcome, console) = await Runner.RunAsync(() => command(Exercises, actor), confirmation);
            if (outcome.Succeeded && console is not null)
            {
                _console = console;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    public void Dispose() => _ticker?.Dispose();
}
