using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Events;
using CommandCenter.Core.Incidents;
using CommandCenter.Identity;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Pages;

/// <summary>
/// What every role view of one incident needs: the detail and timeline loaded, kept live from the incident's events, the
/// signed-in actor, and a way to run a change that turns a refusal into the sentence to show.
/// </summary>
public abstract class IncidentViewBase : ComponentBase
{
    [Inject] protected IncidentService Incidents { get; set; } = null!;
    [Inject] protected CurrentUser User { get; set; } = null!;
    [Inject] protected TimeProvider Clock { get; set; } = null!;

    [Parameter] public string Key { get; set; } = "";

    protected IncidentDetail? Detail { get; private set; }
    protected IReadOnlyList<TimelineEntryView> Timeline { get; private set; } = [];
    protected string? LoadError { get; private set; }
    protected string? ActionError { get; set; }
    protected Actor? Actor { get; private set; }
    protected bool ReadOnly => Actor?.Role == OrgRole.Leadership;
    protected DateTime Now { get; private set; }

    /// <summary>The incident roles the signed-in person holds here.</summary>
    protected IReadOnlyList<IncidentRole> MyRoles => Detail is null || Actor is null ? []
        : Detail.Roles.Where(r => string.Equals(r.Person.Trim(), Actor.Name.Trim(), StringComparison.OrdinalIgnoreCase)).Select(r => r.Role).ToList();

    protected override async Task OnParametersSetAsync()
    {
        Actor = await User.GetActorAsync();
        Now = Clock.GetUtcNow().UtcDateTime;
        try
        {
            Detail = await Incidents.GetAsync(Key);
            Timeline = TimelineView.Order(await Incidents.GetTimelineAsync(Key));
            LoadError = null;
            await OnLoadedAsync();
        }
        catch (NotFoundException)
        {
            LoadError = $"There is no incident {Key}.";
        }
    }

    /// <summary>Loads what the view adds (the triage pack, the system, ...) after the incident.</summary>
    protected virtual Task OnLoadedAsync() => Task.CompletedTask;

    protected async Task OnIncidentEventAsync(IncidentNotification notification)
    {
        Now = Clock.GetUtcNow().UtcDateTime;
        switch (notification)
        {
            case TimelineEntryAddedNotification added:
                Timeline = TimelineView.Apply(Timeline, added.Entry);
                break;
            case IncidentUpdatedNotification:
                Detail = await Incidents.GetAsync(Key);
                break;
        }
        await OnIncidentChangedAsync(notification);
        StateHasChanged();
    }

    protected virtual Task OnIncidentChangedAsync(IncidentNotification notification) => Task.CompletedTask;

    protected async Task RunAsync(Func<Actor, Task> change)
    {
        try
        {
            await change(Actor!);
            ActionError = null;
        }
        catch (DomainException e)
        {
            ActionError = e.Message;
        }
    }
}
