using CommandCenter.Components.Shared;
using CommandCenter.Core.Events;
using CommandCenter.Core.Incidents;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Pages;

public partial class Board
{
    private IReadOnlyList<IncidentSummary>? _incidents;
    private string? _error;
    private DateTime _now;
    private Timer? _clockTimer;

    [SupplyParameterFromQuery(Name = "all")] private bool ShowAll { get; set; }

    protected override async Task OnParametersSetAsync()
    {
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

    private Task DeclareAsync() =>
        Dialogs.OpenAsync<DeclareIncidentDialog>("Declare an incident", options: new Radzen.DialogOptions { Width = "640px", CloseDialogOnEsc = true });

    public void Dispose() => _clockTimer?.Dispose();
}
