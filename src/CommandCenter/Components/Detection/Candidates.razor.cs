using CommandCenter.Components.Shared;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;
using MudBlazor;

namespace CommandCenter.Components.Detection;

public partial class Candidates
{
    private IReadOnlyList<CandidateView>? _candidates;
    private DetectionMetrics? _metrics;
    private string? _error;
    private string? _searchWaiting;
    private string? _searchDecided;
    private DateTime _now;
    private bool _mayDecide;
    private Timer? _countdown;

    private IReadOnlyList<CandidateView> Waiting { get; set; } = [];

    private IReadOnlyList<CandidateView> Decided { get; set; } = [];

    protected override async Task OnInitializedAsync()
    {
        _mayDecide = await User.CanAsync(Permission.DecideCandidates);
        await LoadAsync();
        // "Decision in 12 s" counts down on screen; the data itself arrives by push.
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
            Waiting = _candidates.Where(c => c.AwaitsDecision).ToList();
            Decided = _candidates.Where(c => !c.AwaitsDecision).ToList();
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

    private bool MatchesWaiting(CandidateView candidate) => Matches(candidate, _searchWaiting);

    private bool MatchesDecided(CandidateView candidate) => Matches(candidate, _searchDecided);

    private static bool Matches(CandidateView candidate, string? search) =>
        string.IsNullOrWhiteSpace(search)
        || new[] { candidate.Title, candidate.SystemName, candidate.Source, candidate.ArchetypeInfo.Name, candidate.Severity.Label(),
                candidate.IncidentKey, candidate.DecidedBy, candidate.DismissReason }
            .Concat(candidate.Labels.Select(l => $"{l.Key}={l.Value}"))
            .Any(text => text?.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase) == true);

    private static string RowClass(CandidateView candidate, int index) =>
        "candidate-row " + Display.SeverityCss(candidate.Severity) + (candidate.IsOpen ? "" : " quiet");

    private async Task DecideAsync(CandidateView candidate, CandidateDecisionMode mode)
    {
        var title = mode switch
        {
            CandidateDecisionMode.Promote => "Promote to an incident",
            CandidateDecisionMode.Merge => "Merge into an open incident",
            _ => "Dismiss as a false positive",
        };
        var parameters = new DialogParameters<CandidateDecisionDialog>
        {
            { d => d.Candidate, candidate },
            { d => d.Mode, mode },
        };
        var dialog = await Dialogs.ShowAsync<CandidateDecisionDialog>(title, parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: CandidateView decided })
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
