using CommandCenter.Components.Shared;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Playbooks;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Pages;

public partial class PlaybookPage
{
    private PlaybookDetail? _detail;
    private string? _notFound;
    private bool _mayEdit;
    private PlaybookForm? _form;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private string? _failure;
    private string? _saved;
    private bool _saving;

    [Parameter] public string ArchetypeCode { get; set; } = "";

    /// <summary>An earlier version to show; the current one when absent.</summary>
    [SupplyParameterFromQuery] public int? Version { get; set; }

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
        }
        catch (NotFoundException ex)
        {
            _notFound = ex.Message;
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
        _errors = new Dictionary<string, string[]>();
        _failure = null;
        _saved = null;
    }

    private async Task SaveAsync()
    {
        if (_saving || _form is null || _detail is null)
        {
            return;
        }
        _saving = true;
        _failure = null;
        try
        {
            var saved = await PlaybookCatalog.SaveVersionAsync(_detail.Archetype, _form.ToContent(), _form.ChangeNote, await User.GetActorAsync());
            _form = null;
            _errors = new Dictionary<string, string[]>();
            _detail = saved;
            _saved = $"Saved as v{saved.Version}. Incidents declared from now on run it; open incidents keep their version.";
            Navigation.NavigateTo($"/playbooks/{saved.Archetype.Code()}");
        }
        catch (ValidationException ex)
        {
            _errors = ex.Errors;
            _failure = "Some fields need fixing (marked in red). Nothing was saved yet; what you typed is kept.";
        }
        catch (DomainException ex)
        {
            _failure = ex.Message;
        }
        catch (Exception)
        {
            _failure = "The playbook could not be saved. Nothing was lost: check the connection and save again.";
        }
        finally
        {
            _saving = false;
        }
    }
}
