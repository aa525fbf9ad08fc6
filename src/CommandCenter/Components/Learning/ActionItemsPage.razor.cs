using CommandCenter.Core.Accounts;
using CommandCenter.Core.Events;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Learning;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CommandCenter.Components.Learning;

/// <summary>Everyone's action items, the signed-in person's first; filters live in the URL so a link shows the same list.</summary>
public partial class ActionItemsPage
{
    private IReadOnlyList<ActionItemView>? _items;
    private string? _error;
    private Actor? _actor;
    private bool _mayWrite;

    [SupplyParameterFromQuery(Name = "status")] public string? StatusFilter { get; set; }
    [SupplyParameterFromQuery(Name = "mine")] public bool MineOnly { get; set; }
    [SupplyParameterFromQuery(Name = "overdue")] public bool OverdueOnly { get; set; }
    [SupplyParameterFromQuery(Name = "incident")] public string? IncidentFilter { get; set; }

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private IEnumerable<ActionItemView> Shown => (_items ?? []).Where(i =>
        (StatusFilter is null || (StatusFilter == "unfinished" ? !i.Status.IsFinished() : i.Status.Code() == StatusFilter))
        && (!MineOnly || IsMine(i))
        && (!OverdueOnly || i.IsOverdue)
        && (string.IsNullOrEmpty(IncidentFilter) || IncidentKey.Same(i.IncidentKey, IncidentFilter)));

    public static Color StatusColor(ActionItemStatus status) => status switch
    {
        ActionItemStatus.Done => Color.Success,
        ActionItemStatus.InProgress => Color.Info,
        ActionItemStatus.WontDo => Color.Dark,
        _ => Color.Warning,
    };

    protected override async Task OnInitializedAsync()
    {
        _actor = await User.GetActorAsync();
        _mayWrite = AccessPolicy.Allows(_actor.Role, Permission.WriteTimeline);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _items = await Actions.ListAsync(_actor?.UserName);
            _error = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _error = "The action items could not be loaded. Reload the page to try again.";
        }
    }

    private Task OnIncidentEventAsync(IncidentNotification notification) =>
        notification is ActionItemsChangedNotification ? LoadAsync() : Task.CompletedTask;

    private Task FilterChangedAsync()
    {
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["status"] = StatusFilter,
            ["mine"] = MineOnly ? true : null,
            ["overdue"] = OverdueOnly ? true : null,
        }), replace: true);
        return Task.CompletedTask;
    }

    private bool IsMine(ActionItemView item) => PersonId.Same(item.Owner, _actor?.UserName);

    private string RowClass(ActionItemView item, int _) => (item.IsOverdue ? "row-overdue " : "") + (IsMine(item) ? "row-mine" : "");

    private async Task ChangeStatusAsync(ActionItemView item, ActionItemStatus target)
    {
        string? reason = null;
        if (target == ActionItemStatus.WontDo)
        {
            var dialog = await Dialogs.ShowAsync<ReasonDialog>($"Won't do: {item.Title}",
                new DialogParameters<ReasonDialog> { { d => d.Prompt, "Why will this not be done? The reason stays with the item." } },
                new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true });
            var result = await dialog.Result;
            if (result is not { Canceled: false, Data: string given })
            {
                return;
            }
            reason = given;
        }
        var (_, changed) = await Runner.RunAsync(async () => await Actions.ChangeStatusAsync(item.Id, target.Code(), reason, await User.GetActorAsync()),
            $"Marked {target.Label().ToLowerInvariant()}.");
        if (changed is not null)
        {
            await LoadAsync();
        }
    }
}
