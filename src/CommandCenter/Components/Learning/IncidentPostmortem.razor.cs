using CommandCenter.Components.Common;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Events;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Learning;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CommandCenter.Components.Learning;

/// <summary>
/// The postmortem of one incident: read by everyone, edited by responders while it is a draft or in review, published by a
/// named reviewer. Changes by others arrive live; a person's unsaved typing is never overwritten by them.
/// </summary>
public partial class IncidentPostmortem
{
    private Core.Learning.PostmortemPage? _page;
    private PostmortemForm? _form;
    private ActionItemForm _newItem = new();
    private IReadOnlyList<(string UserName, string DisplayName)> _people = [];
    private IReadOnlyCollection<string> _reviewers = [];
    private ActionOutcome _outcome = ActionOutcome.Done;
    private ActionOutcome _itemOutcome = ActionOutcome.Done;
    private PostmortemSection _commentSection = PostmortemSection.RootCause;
    private string _comment = "";
    private Actor? _actor;
    private bool _mayWrite;
    private bool _notFound;
    private string? _error;
    private bool _dirty;
    private bool _changedElsewhere;
    private bool _busy;

    [Parameter] public string Key { get; set; } = "";

    private PostmortemView? Postmortem => _page?.Postmortem;

    /// <summary>Edits are possible: a responder, and the postmortem is not published.</summary>
    private bool Editable => _mayWrite && Postmortem is { IsPublished: false };

    private bool IsReviewer => Postmortem?.IsReviewer(_actor?.UserName) == true;

    protected override async Task OnInitializedAsync()
    {
        _actor = await User.GetActorAsync();
        _mayWrite = AccessPolicy.Allows(_actor.Role, Permission.WriteTimeline);
        if (_mayWrite)
        {
            _people = await Actions.OwnersAsync();
        }
    }

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        try
        {
            _page = await Postmortems.GetPageAsync(Key);
            _form = _page.Postmortem is { } p ? PostmortemForm.From(p.Content) : null;
            _reviewers = _page.Postmortem?.Reviewers.ToList() ?? [];
            _dirty = false;
            _changedElsewhere = false;
            _error = null;
        }
        catch (NotFoundException)
        {
            _notFound = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _error = "The postmortem could not be loaded. Reload the page to try again.";
        }
    }

    private async Task OnIncidentEventAsync(IncidentNotification notification)
    {
        if (notification is not (PostmortemChangedNotification or ActionItemsChangedNotification or IncidentUpdatedNotification))
        {
            return;
        }
        if (_dirty)
        {
            _changedElsewhere = true;
            return;
        }
        await LoadAsync();
    }

    private void Touched() => _dirty = true;

    private async Task OpenAsync() => await RunAsync(async actor => await Postmortems.OpenAsync(Key, actor), "Postmortem opened.");

    private async Task SaveAsync()
    {
        if (_form is null)
        {
            return;
        }
        var edit = _form.ToEdit();
        await RunAsync(async actor => await Postmortems.EditAsync(Key, edit, actor), "Postmortem saved.");
    }

    private async Task SubmitAsync()
    {
        if (_dirty)
        {
            await SaveAsync();
            if (!_outcome.Succeeded)
            {
                return;
            }
        }
        var reviewers = _reviewers.ToList();
        await RunAsync(async actor => await Postmortems.SubmitForReviewAsync(Key, reviewers, actor), "Sent for review.");
    }

    private Task ReturnAsync() => RunAsync(async actor => await Postmortems.ReturnToDraftAsync(Key, actor), "Back to draft.");

    private Task PublishAsync() => RunAsync(async actor => await Postmortems.PublishAsync(Key, actor), "Postmortem published.");

    private async Task CommentAsync()
    {
        var text = _comment;
        var section = _commentSection.Code();
        await RunAsync(async actor => await Postmortems.CommentAsync(Key, section, text, actor), null, keepTyping: true);
        if (_outcome.Succeeded)
        {
            _comment = "";
        }
    }

    private async Task AddItemAsync()
    {
        var input = _newItem.ToInput();
        _busy = true;
        try
        {
            (_itemOutcome, var item) = await Runner.RunAsync(async () => await Actions.CreateAsync(Key, input, await User.GetActorAsync()), "Action item added.");
            if (item is not null)
            {
                _newItem = new ActionItemForm();
                await LoadIfCleanAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RunAsync(Func<Actor, Task<PostmortemView>> command, string? confirmation, bool keepTyping = false)
    {
        _busy = true;
        try
        {
            (_outcome, var view) = await Runner.RunAsync(async () => await command(await User.GetActorAsync()), confirmation);
            if (view is not null)
            {
                if (keepTyping)
                {
                    await LoadIfCleanAsync();
                }
                else
                {
                    await LoadAsync();
                }
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task LoadIfCleanAsync()
    {
        if (_dirty)
        {
            _page = await Postmortems.GetPageAsync(Key);
            return;
        }
        await LoadAsync();
    }

    private string? Error(string field) => _outcome.ErrorFor(field);

    private string? FactorError(ContributingFactor factor, string part)
    {
        var index = _form?.Factors.Where(f => f.Checked).ToList().FindIndex(f => f.Factor == factor) ?? -1;
        return index < 0 ? null : _outcome.ErrorFor($"factors[{index}].{part}");
    }

    private string ProposeLink(IncidentSummary incident) => $"/playbooks/{incident.Archetype.Code()}?fromIncident={Uri.EscapeDataString(incident.Key)}";

    private string ExportLink => $"/api/incidents/{Uri.EscapeDataString(Key)}/postmortem/export";

    private string DisplayName(string userName) =>
        _people.FirstOrDefault(p => PersonId.Same(p.UserName, userName)).DisplayName ?? userName;

    private static Color StateColor(PostmortemState state) => state switch
    {
        PostmortemState.Published => Color.Success,
        PostmortemState.InReview => Color.Info,
        _ => Color.Default,
    };
}
