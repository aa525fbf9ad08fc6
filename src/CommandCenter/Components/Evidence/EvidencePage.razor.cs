using CommandCenter.Components.Common;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Evidence;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace CommandCenter.Components.Evidence;

/// <summary>
/// An incident's evidence: collect (paste or upload), list with hashes, open one to see its custody log and text, make a
/// redacted shared copy, compare two text versions. Leadership reads only.
/// </summary>
public partial class EvidencePage
{
    [Parameter, EditorRequired] public string Key { get; set; } = "";

    private IReadOnlyList<EvidenceView>? _items;
    private string? _loadError;
    private bool _mayCollect;
    private EvidenceDeletion _deletion = EvidenceDeletion.NotAllowed;
    private bool _saving;
    private ActionOutcome? _outcome;
    private string? _kind = EvidenceKind.Prompt.Code();
    private string? _title;
    private string? _source;
    private string? _text;
    private IBrowserFile? _file;
    private EvidenceView? _selected;
    private long? _viewerFor;
    private string? _viewerText;
    private long? _older;
    private long? _newer;
    private IReadOnlyList<DiffLine>? _diff;

    private IReadOnlyList<EvidenceView> TextItems => _items?.Where(i => i.IsText && !i.ContentRemoved).ToList() ?? [];

    protected override async Task OnParametersSetAsync()
    {
        _mayCollect = await User.CanAsync(Permission.WriteTimeline);
        var actor = await User.GetActorAsync();
        var (_, deletion) = await Runner.RunAsync(() => Evidence.DeletionForAsync(Key, actor));
        _deletion = deletion ?? EvidenceDeletion.NotAllowed;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var (outcome, items) = await Runner.RunAsync(() => Evidence.ListAsync(Key));
        _items = items ?? _items ?? [];
        _loadError = outcome.Succeeded ? null : outcome.Refusal;
    }

    private void FileChosen(InputFileChangeEventArgs e) => _file = e.File;

    private async Task CollectAsync()
    {
        _saving = true;
        var actor = await User.GetActorAsync();
        var file = _file;
        var (outcome, added) = await Runner.RunAsync(async () =>
        {
            // The service enforces the size limit (and says so on the file field); the browser stream is not cut short first.
            await using var content = file?.OpenReadStream(maxAllowedSize: file.Size);
            return await Evidence.AddAsync(Key, new AddEvidence(_kind, _title, _source, file is null ? _text : null, content,
                file?.ContentType, file?.Name), actor);
        }, "Evidence collected.");
        _outcome = outcome;
        _saving = false;
        if (added is not null)
        {
            _title = _source = _text = null;
            _file = null;
            await LoadAsync();
            await SelectAsync(added);
        }
    }

    private async Task SelectAsync(EvidenceView item)
    {
        var actor = await User.GetActorAsync();
        var (_, viewed) = await Runner.RunAsync(() => Evidence.ViewAsync(Key, item.Id, actor));
        _selected = viewed ?? item;
        _viewerFor = null;
        if (_selected.IsText && !_selected.ContentRemoved)
        {
            var (_, text) = await Runner.RunAsync(() => Evidence.ReadTextAsync(Key, item.Id, actor));
            (_viewerFor, _viewerText) = (item.Id, text);
            var (_, again) = await Runner.RunAsync(() => Evidence.ListAsync(Key));
            _selected = again?.FirstOrDefault(i => i.Id == item.Id) ?? _selected;
        }
    }

    private async Task RedactAsync()
    {
        var actor = await User.GetActorAsync();
        var (_, copy) = await Runner.RunAsync(() => Evidence.RedactedCopyAsync(Key, _selected!.Id, actor), "Redacted shared copy made; the original is kept.");
        if (copy is not null)
        {
            await LoadAsync();
            await SelectAsync(copy);
        }
    }

    private async Task DeleteAsync()
    {
        var item = _selected!;
        var dialog = await Dialogs.ShowAsync<Learning.ReasonDialog>($"Delete the content of evidence #{item.Id}?",
            new DialogParameters<Learning.ReasonDialog>
            {
                { d => d.Prompt, $"“{item.Title}” will be removed from the evidence store. Its metadata, SHA-256 and custody log stay, " +
                    "and the custody log records who deleted it and why." },
                { d => d.ConfirmText, "Delete content" },
                { d => d.ConfirmColor, MudBlazor.Color.Error },
            },
            new DialogOptions { MaxWidth = MudBlazor.MaxWidth.Small, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true });
        if (await dialog.Result is not { Canceled: false, Data: string reason })
        {
            return;
        }
        var actor = await User.GetActorAsync();
        var (_, deleted) = await Runner.RunAsync(() => Evidence.DeleteAsync(Key, item.Id, reason, actor), "Evidence content deleted; its hash and custody log are kept.");
        if (deleted is not null)
        {
            await LoadAsync();
            _selected = deleted;
            _viewerFor = null;
        }
    }

    private async Task DiffAsync()
    {
        var actor = await User.GetActorAsync();
        var (_, diff) = await Runner.RunAsync(() => Evidence.DiffAsync(Key, _older!.Value, _newer!.Value, actor));
        _diff = diff;
    }
}
