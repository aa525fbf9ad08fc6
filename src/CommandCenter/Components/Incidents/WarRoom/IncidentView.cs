using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Incidents.WarRoom;

/// <summary>
/// A page showing one incident (the war room and each role view): it asks the circuit's <see cref="IncidentState"/> for
/// the parts it shows and re-renders when the state changes. It holds no incident data of its own.
/// </summary>
public abstract class IncidentView : ComponentBase, IDisposable
{
    [Inject] protected IncidentState State { get; set; } = null!;
    [Inject] protected IncidentActions Actions { get; set; } = null!;

    [Parameter] public string Key { get; set; } = "";

    /// <summary>What this view shows besides the detail and the timeline.</summary>
    protected abstract IncidentParts Parts { get; }

    protected override void OnInitialized() => State.Changed += OnStateChanged;

    protected override Task OnParametersSetAsync() => State.LoadAsync(Key, Parts);

    // An event handler: async void is the shape events have; a failure goes to the circuit's error boundary.
    private async void OnStateChanged()
    {
        try
        {
            await InvokeAsync(StateHasChanged);
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    public void Dispose()
    {
        State.Changed -= OnStateChanged;
        GC.SuppressFinalize(this);
    }
}
