using CommandCenter.Components.Shared;
using CommandCenter.Core.Detection;

namespace CommandCenter.Components.Pages;

public partial class Candidates
{
    private IReadOnlyList<CandidateView>? _candidates;
    private DetectionMetrics? _metrics;
    private string? _error;
    private DateTime _now;
    private Timer? _countdown;

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        // "Judged in 12 s" counts down on screen; the data itself arrives by push.
        _countdown = new Timer(_ => InvokeAsync(() =>
        {
            if (_candidates?.Any(c => c.Status == CandidateStatus.Forming) == true)
            {
                _now = Clock.GetUtcNow().UtcDateTime;
                StateHasChanged();
            }
        }), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private async Task LoadAsync()
    {
        _now = Clock.GetUtcNow().UtcDateTime;
        try
        {
            _candidates = await CandidatesService.ListAsync();
            _metrics = await CandidatesService.MetricsAsync();
            _error = null;
        }
        catch (Exception ex)
        {
            _error = "The candidates could not be loaded: " + ex.Message;
        }
    }

    private async Task OnDetectionEventAsync(DetectionNotification notification)
    {
        if (notification is CandidatesChangedNotification)
        {
            await LoadAsync();
            StateHasChanged();
        }
    }

    private async Task DecideAsync(CandidateView candidate, CandidateDecisionMode mode)
    {
        var title = mode switch
        {
            CandidateDecisionMode.Promote => "Promote to an incident",
            CandidateDecisionMode.Merge => "Merge into an open incident",
            _ => "Dismiss as a false positive",
        };
        var result = await Dialogs.OpenAsync<CandidateDecisionDialog>(title,
            new Dictionary<string, object?> { [nameof(CandidateDecisionDialog.Candidate)] = candidate, [nameof(CandidateDecisionDialog.Mode)] = mode },
            new Radzen.DialogOptions { Width = "600px", CloseDialogOnEsc = true });
        if (result is CandidateView decided)
        {
            if (mode != CandidateDecisionMode.Dismiss && decided.IncidentKey is { } key)
            {
                Navigation.NavigateTo($"/incidents/{key}");
                return;
            }
            await LoadAsync();
        }
    }

    public void Dispose() => _countdown?.Dispose();
}
