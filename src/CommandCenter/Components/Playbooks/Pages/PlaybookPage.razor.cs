using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Playbooks;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Playbooks;

/// <summary>One playbook: a version of it to read, its history, and (for administrators) the editor that saves a new version.</summary>
public partial class PlaybookPage
{
    private const string FixFields = "Some fields need fixing (marked in red). Nothing was saved yet; what you typed is kept.";

    private PlaybookDetail? _detail;
    private string? _notFound;
    private string? _loadError;
    private bool _mayEdit;
    private PlaybookForm? _form;
    private string? _failure;
    private int? _savedVersion;
    private bool _saving;

    [Parameter] public string ArchetypeCode { get; set; } = "";

    /// <summary>An earlier version to show; the current one when absent.</summary>
    [SupplyParameterFromQuery] public int? Version { get; set; }

    /// <summary>Opened from an incident's postmortem ("propose a playbook change"): the editor opens with the change note linked to it.</summary>
    [SupplyParameterFromQuery(Name = "fromIncident")] public string? FromIncidentKey { get; set; }

    private string? FromIncident => IncidentKey.TryParse(FromIncidentKey, out var key) ? key.Value : null;

    private string? _proposalOpenedFor;

    protected override async Task OnParametersSetAsync()
    {
        _mayEdit = await User.CanAsync(Permission.EditPlaybooks);
        if (Archetypes.Parse(ArchetypeCode) is not { } archetype)
        {
            _notFound = $"There is no archetype '{ArchetypeCode}'.";
            return;
        }
        try
        {
            _detail = await PlaybookCatalog.GetAsync(archetype, Version);
            _notFound = null;
            _loadError = null;
            if (_mayEdit && FromIncident is { } incident && _proposalOpenedFor != incident)
            {
                _proposalOpenedFor = incident;
                StartEditing();
                _form!.ChangeNote = $"Lesson from {incident}: ";
            }
        }
        catch (NotFoundException ex)
        {
            _notFound = ex.Message;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _loadError = "The playbook could not be loaded. Reload the page to try again.";
        }
    }

    private string VersionLink(int number) =>
        number == _detail?.CurrentVersion ? $"/playbooks/{_detail.Archetype.Code()}" : $"/playbooks/{_detail!.Archetype.Code()}?version={number}";

    private void StartEditing()
    {
        if (_detail is null)
        {
            return;
        }
        _form = PlaybookForm.From(_detail.Content);
        _failure = null;
        _savedVersion = null;
    }

    private void CancelEditing()
    {
        _form = null;
        _failure = null;
    }

    private async Task SaveAsync()
    {
        if (_saving || _form is not { } form || _detail is not { } detail)
        {
            return;
        }
        _saving = true;
        _failure = null;
        try
        {
            var (outcome, saved) = await Runner.RunAsync(async () =>
                await PlaybookCatalog.SaveVersionAsync(detail.Archetype, form.ToContent(), form.ChangeNote, await User.GetActorAsync()));
            if (saved is not null)
            {
                _form = null;
                _detail = saved;
                _savedVersion = saved.Version;
                Navigation.NavigateTo($"/playbooks/{saved.Archetype.Code()}");
                return;
            }
            // A refusal or a failure is already in a snackbar; field errors also go under the rows they are about.
            form.ShowErrors(outcome.FieldErrors);
            _failure = outcome.FieldErrors.Count > 0 ? FixFields : outcome.Refusal;
        }
        finally
        {
            _saving = false;
        }
    }
}
