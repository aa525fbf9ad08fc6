using CommandCenter.Components.Shared;
using CommandCenter.Core.Common;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Events;
using CommandCenter.Core.Incidents;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Pages;

public partial class WarRoom
{
    private IncidentDetail? _detail;
    private IReadOnlyList<TimelineEntryView> _timeline = [];
    private bool _hasMore;
    private string? _loadError;
    private string? _actionError;
    private Core.Accounts.Actor? _actor;
    private string _me => _actor?.Name ?? "";
    private bool _readOnly => _actor?.Role == Core.Accounts.OrgRole.Leadership;
    private DateTime _now;
    private PendingChange? _pending;
    private TimelineEntryView? _correcting;
    private string _correctionText = "";
    private Timer? _clockTimer;
    private TriagePack? _triage;
    private string? _triageError;
    private SignalSeries? _series;
    private IReadOnlyList<(Core.Regulatory.RegulatoryTrigger Trigger, string Why)> _suggestions = [];

    [Parameter] public string Key { get; set; } = "";

    private sealed class PendingChange(string question, string confirmLabel, Func<string?, Task> apply)
    {
        public string Question { get; } = question;
        public string ConfirmLabel { get; } = confirmLabel;
        public Func<string?, Task> Apply { get; } = apply;
        public string? Reason { get; set; }
    }

    protected override async Task OnParametersSetAsync()
    {
        _actor = await User.GetActorAsync();
        _now = Clock.GetUtcNow().UtcDateTime;
        try
        {
            _detail = await Incidents.GetAsync(Key);
            var page = await Incidents.GetTimelineAsync(Key);
            _timeline = TimelineView.Order(page);
            _hasMore = page.Count == IncidentService.TimelinePageSize;
            _loadError = null;
            var system = await Inventory.GetAsync(_detail.System.Slug);
            _suggestions = Core.Regulatory.ClockSelection.Suggested(system.DataCategories, system.System.RiskTier, system.EuAiActRole);
            await LoadSignalsAsync();
        }
        catch (NotFoundException)
        {
            _loadError = $"There is no incident {Key}.";
        }
        _clockTimer ??= new Timer(_ => InvokeAsync(() =>
        {
            _now = Clock.GetUtcNow().UtcDateTime;
            StateHasChanged();
        }), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
    }

    private async Task OnIncidentEventAsync(IncidentNotification notification)
    {
        _now = Clock.GetUtcNow().UtcDateTime;
        switch (notification)
        {
            case TimelineEntryAddedNotification added:
                _timeline = TimelineView.Apply(_timeline, added.Entry);
                break;
            case IncidentUpdatedNotification:
                _detail = await Incidents.GetAsync(Key);
                break;
            case IncidentSignalsNotification:
                await LoadSignalsAsync();
                break;
        }
        StateHasChanged();
    }

    private async Task LoadEarlierAsync()
    {
        var oldest = _timeline.Count == 0 ? (int?)null : _timeline.Min(e => e.Sequence);
        var page = await Incidents.GetTimelineAsync(Key, oldest);
        _timeline = TimelineView.Order(_timeline.Concat(page));
        _hasMore = page.Count == IncidentService.TimelinePageSize;
    }

    private async Task<string?> RecordAsync(RecordTimelineEntry entry)
    {
        var error = await RunAsync(() => Incidents.RecordAsync(Key, entry, _actor!));
        return error;
    }

    private async Task SelectStatus(IncidentStatus target)
    {
        _pending = null;
        if (_detail is null)
        {
            return;
        }
        if (!Incident.CanMove(_detail.Incident.Status, target) || !MayCommand())
        {
            // Let the domain say why: it rejects without changing anything.
            _actionError = await RunAsync(() => Incidents.ChangeStatusAsync(Key, target.Code(), _actor!));
            return;
        }
        _actionError = null;
        _pending = new PendingChange($"Move {Key} to {target}?", $"Move to {target}",
            reason => ApplyAsync(() => Incidents.ChangeStatusAsync(Key, target.Code(), _actor!, reason)));
    }

    private async Task SelectSeverity(Severity target)
    {
        _pending = null;
        if (_detail is null || target == _detail.Incident.Severity || !MayCommand())
        {
            _actionError = await RunAsync(() => Incidents.ChangeSeverityAsync(Key, target.Code(), _actor!));
            return;
        }
        _actionError = null;
        var verb = target < _detail.Incident.Severity ? "Raise" : "Lower";
        _pending = new PendingChange($"{verb} {Key} to {target.Label()}?", $"{verb} to {target.Label()}",
            reason => ApplyAsync(() => Incidents.ChangeSeverityAsync(Key, target.Code(), _actor!, reason)));
    }

    private async Task ConfirmPendingAsync()
    {
        if (_pending is { } pending)
        {
            await pending.Apply(pending.Reason);
        }
    }

    private async Task ApplyAsync(Func<Task> change)
    {
        _actionError = await RunAsync(change);
        if (_actionError is null)
        {
            _pending = null;
        }
    }

    private bool MayCommand() =>
        _detail?.HolderOf(IncidentRole.IncidentCommander) is not { } commander
        || string.Equals(commander.Trim(), _me.Trim(), StringComparison.OrdinalIgnoreCase);

    private async Task AssignAsync(RoleRoster.RoleChange change) =>
        _actionError = await RunAsync(() => Incidents.AssignRoleAsync(Key, change.Role.Code(), change.Person, _actor!));

    private async Task StartClockAsync(RegulatoryClocksCard.StartClock start) =>
        _actionError = await RunAsync(() => Incidents.StartClocksAsync(Key, start.Trigger.ToString(), start.AwareAt, _actor!));

    private async Task MeetClockAsync(string code) =>
        _actionError = await RunAsync(() => Incidents.MeetClockAsync(Key, code, _actor!));

    private async Task RecordExposureAsync(LegalScopeCard.ExposureChange change) =>
        _actionError = await RunAsync(() => Incidents.RecordExposureAsync(Key, change.Systems, change.DataCategories, change.AffectedUsers, _actor!));

    private async Task SetLegalHoldAsync(bool on) =>
        _actionError = await RunAsync(() => Incidents.SetLegalHoldAsync(Key, on, null, _actor!));

    private async Task ReleaseAsync(IncidentRole role) =>
        _actionError = await RunAsync(() => Incidents.UnassignRoleAsync(Key, role.Code(), _actor!));

    private void StartCorrection(TimelineEntryView entry)
    {
        _correcting = entry;
        _correctionText = entry.Text;
    }

    private async Task SaveCorrectionAsync()
    {
        if (_correcting is null)
        {
            return;
        }
        var sequence = _correcting.Sequence;
        _actionError = await RunAsync(() => Incidents.CorrectAsync(Key, new CorrectTimelineEntry(sequence, _correctionText), _actor!));
        if (_actionError is null)
        {
            _correcting = null;
        }
    }

    /// <summary>Runs a change and turns a refusal into the sentence to show; the pushed event refreshes the view.</summary>
    private static async Task<string?> RunAsync(Func<Task> change)
    {
        try
        {
            await change();
            return null;
        }
        catch (DomainException ex)
        {
            return ex.Message;
        }
        catch (Exception)
        {
            return "That did not save (the server could not be reached or failed). Nothing was lost here: try again.";
        }
    }

    /// <summary>The triage pack and the signal chart, re-read when new signals arrive for this incident.</summary>
    private async Task LoadSignalsAsync()
    {
        try
        {
            _triage = await Triage.AssembleAsync(Key);
            _series = await Signals.PerMinuteAsync(Key);
            _triageError = null;
        }
        catch (Exception ex) when (ex is not NotFoundException)
        {
            _triageError = "The triage pack could not be assembled: " + ex.Message;
        }
    }

    public void Dispose() => _clockTimer?.Dispose();
}
