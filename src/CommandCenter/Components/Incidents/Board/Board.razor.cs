using CommandCenter.Core.Accounts;
using CommandCenter.Core.Incidents;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CommandCenter.Components.Incidents.Board;

public partial class Board
{
    private IReadOnlyList<IncidentSummary>? _incidents;
    private string? _error;
    private DateTime _now;
    private Timer? _clockTimer;
    private bool _mayDeclare;
    private bool _leaving;

    [SupplyParameterFromQuery(Name = "all")] private bool ShowAll { get; set; }

    /// <summary>
    /// Where a person lands after signing in. Leadership reads the status board; everyone else works from this board.
    /// </summary>
    public static string HomeOf(OrgRole role) => role == OrgRole.Leadership ? "/status" : "/";

    protected override async Task OnInitializedAsync()
    {
        var home = HomeOf((await User.GetActorAsync()).Role);
        if (home != "/")
        {
            _leaving = true;
            Navigation.NavigateTo(home, replace: true);
            return;
        }
        _mayDeclare = await User.CanAsync(Permission.DeclareIncident);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (_leaving)
        {
            return;
        }
        _now = Clock.GetUtcNow().UtcDateTime;
        try
        {
            _incidents = IncidentBoard.Order(await Incidents.ListAsync(activeOnly: !ShowAll));
            _error = null;
        }
        catch (Exception ex)
        {
            _error = "The incident list could not be loaded: " + ex.Message;
        }
        // "Time since detection" ticks on screen; the data itself arrives by push.
        _clockTimer ??= new Timer(_ => InvokeAsync(() =>
        {
            _now = Clock.GetUtcNow().UtcDateTime;
            StateHasChanged();
        }), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
    }

    private Task OnIncidentEventAsync(IncidentNotification notification)
    {
        if (notification is IncidentUpdatedNotification updated && _incidents is not null)
        {
            _now = Clock.GetUtcNow().UtcDateTime;
            _incidents = IncidentBoard.Apply(_incidents, updated.Incident, activeOnly: !ShowAll);
            StateHasChanged();
        }
        return Task.CompletedTask;
    }

    private async Task DeclareAsync()
    {
        var dialog = await Dialogs.ShowAsync<DeclareIncidentDialog>("Declare an incident",
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: string key })
        {
            Navigation.NavigateTo($"/incidents/{key}");
        }
    }

    public void Dispose() => _clockTimer?.Dispose();
}
