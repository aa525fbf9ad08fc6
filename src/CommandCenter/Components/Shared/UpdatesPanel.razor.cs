using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Communications;
using CommandCenter.Core.Events;
using CommandCenter.Identity;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Shared;

public partial class UpdatesPanel
{
    private IncidentStatusUpdates? _updates;
    private string? _loadError;
    private string? _actionError;
    private IReadOnlyDictionary<string, string[]> _fieldErrors = new Dictionary<string, string[]>();
    private Actor? _actor;
    private ComposerState? _composer;
    private int? _rejecting;
    private string _rejectReason = "";

    [Inject] private StatusUpdateService Updates { get; set; } = null!;
    [Inject] private CurrentUser User { get; set; } = null!;

    [Parameter, EditorRequired] public string Key { get; set; } = "";

    /// <summary>The war room's ticking clock, so "due in" and "overdue by" move without a reload.</summary>
    [Parameter, EditorRequired] public DateTime Now { get; set; }

    /// <summary>Leadership follows read-only: clocks and history, no composer or buttons (Core refuses anyway).</summary>
    [Parameter] public bool ReadOnly { get; set; }

    private string _me => _actor?.Name ?? "";

    /// <summary>What the composer holds; kept as typed when saving fails.</summary>
    private sealed class ComposerState
    {
        public int? EditingId { get; set; }
        public string AudienceCode { get; set; } = UpdateAudience.Internal.Code();
        public UpdateAudience Audience => UpdateAudiences.Parse(AudienceCode) ?? UpdateAudience.Internal;
        public string WhatHappened { get; set; } = "";
        public string WhatWeAreTesting { get; set; } = "";
        public string WhatWeAreDoing { get; set; } = "";
        public string WhatWeDontKnow { get; set; } = "";
        public DateTime? NextUpdateAt { get; set; }
        public StatusUpdateContent? Prefilled { get; set; }

        public StatusUpdateText Text => new(WhatHappened, WhatWeAreTesting, WhatWeAreDoing, WhatWeDontKnow,
            NextUpdateAt is { } next ? DateTime.SpecifyKind(next, DateTimeKind.Utc) : null);

        public bool StillAsPrefilled => Prefilled is { } p && p.WhatHappened == WhatHappened && p.WhatWeAreTesting == WhatWeAreTesting
            && p.WhatWeAreDoing == WhatWeAreDoing && p.WhatWeDontKnowYet == WhatWeDontKnow;

        public void Fill(StatusUpdateContent content)
        {
            WhatHappened = content.WhatHappened;
            WhatWeAreTesting = content.WhatWeAreTesting;
            WhatWeAreDoing = content.WhatWeAreDoing;
            WhatWeDontKnow = content.WhatWeDontKnowYet;
            NextUpdateAt = TrimSeconds(content.NextUpdateAt);
        }

        private static DateTime TrimSeconds(DateTime time) => new(time.Year, time.Month, time.Day, time.Hour, time.Minute, 0, DateTimeKind.Utc);
    }

    protected override async Task OnInitializedAsync()
    {
        _actor = await User.GetActorAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _updates = await Updates.ListAsync(Key);
            _loadError = null;
        }
        catch (NotFoundException ex)
        {
            _loadError = ex.Message;
        }
    }

    private async Task OnIncidentEventAsync(IncidentNotification notification)
    {
        if (notification is StatusUpdatesChangedNotification or IncidentUpdatedNotification)
        {
            await LoadAsync();
        }
    }

    private async Task OpenComposerAsync()
    {
        _actionError = null;
        _fieldErrors = new Dictionary<string, string[]>();
        var audience = _updates?.Schedule.MostUrgent?.Audience ?? UpdateAudience.Internal;
        _composer = new ComposerState { AudienceCode = audience.Code() };
        await PrefillAsync(_composer);
    }

    /// <summary>A new audience gets its own prefill, unless the author already changed the text.</summary>
    private async Task OnAudienceChangedAsync()
    {
        if (_composer is { EditingId: null } composer && (composer.Prefilled is null || composer.StillAsPrefilled))
        {
            await PrefillAsync(composer);
        }
    }

    private async Task PrefillAsync(ComposerState composer)
    {
        try
        {
            var content = await Updates.PrefillAsync(Key, composer.AudienceCode);
            composer.Fill(content);
            composer.Prefilled = content;
        }
        catch (DomainException ex)
        {
            _actionError = "The timeline could not prefill the update: " + ex.Message;
        }
    }

    private void Edit(StatusUpdateView update)
    {
        _actionError = null;
        _fieldErrors = new Dictionary<string, string[]>();
        _composer = new ComposerState { EditingId = update.Id, AudienceCode = update.Audience.Code() };
        _composer.Fill(new StatusUpdateContent(update.WhatHappened, update.WhatWeAreTesting, update.WhatWeAreDoing, update.WhatWeDontKnowYet,
            update.NextUpdateAt));
    }

    private void CloseComposer()
    {
        _composer = null;
        _fieldErrors = new Dictionary<string, string[]>();
        _actionError = null;
    }

    private Task SaveDraftAsync() => SaveThenAsync(null);

    private Task SubmitFromComposerAsync() => SaveThenAsync((id, actor) => Updates.SubmitAsync(Key, id, actor));

    private Task SendFromComposerAsync() => SaveThenAsync((id, actor) => Updates.MarkSentAsync(Key, id, actor));

    /// <summary>
    /// Saves the composer (a new draft or a revision) and then, optionally, submits or sends it. Once saved, the composer
    /// edits that update, so a refused submit or send does not leave a second copy behind when the author tries again.
    /// </summary>
    private async Task SaveThenAsync(Func<int, Actor, Task<StatusUpdateView>>? then)
    {
        if (_composer is not { } composer || _actor is null)
        {
            return;
        }
        _actionError = null;
        _fieldErrors = new Dictionary<string, string[]>();
        try
        {
            var saved = composer.EditingId is { } id
                ? await Updates.ReviseAsync(Key, id, composer.Text, _actor)
                : await Updates.DraftAsync(Key, composer.AudienceCode, composer.Text, _actor);
            composer.EditingId = saved.Id;
            if (then is not null)
            {
                await then(saved.Id, _actor);
            }
            _composer = null;
        }
        catch (ValidationException ex)
        {
            _fieldErrors = ex.Errors;
            _actionError = "Fix the marked fields; nothing else was lost.";
        }
        catch (DomainException ex)
        {
            _actionError = ex.Message;
        }
        catch (Exception)
        {
            _actionError = "That did not save (the server could not be reached or failed). What you wrote is still here: try again.";
        }
        await LoadAsync();
    }

    private async Task ActAsync(Func<Actor, Task<StatusUpdateView>> action)
    {
        if (_actor is null)
        {
            return;
        }
        _actionError = null;
        try
        {
            await action(_actor);
        }
        catch (DomainException ex)
        {
            _actionError = ex.Message;
        }
        await LoadAsync();
    }

    private void StartReject(int id)
    {
        _rejecting = id;
        _rejectReason = "";
        _fieldErrors = new Dictionary<string, string[]>();
    }

    private async Task RejectAsync()
    {
        if (_rejecting is not { } id || _actor is null)
        {
            return;
        }
        _fieldErrors = new Dictionary<string, string[]>();
        try
        {
            await Updates.RejectAsync(Key, id, _rejectReason, _actor);
            _rejecting = null;
            _actionError = null;
        }
        catch (ValidationException ex)
        {
            _fieldErrors = ex.Errors;
        }
        catch (DomainException ex)
        {
            _actionError = ex.Message;
        }
        await LoadAsync();
    }

    private string? FieldError(string field) => _fieldErrors.TryGetValue(field, out var messages) ? messages[0] : null;

    private bool IsOverdue(UpdateDue due) => due.DueAt is { } at && Now > at;

    private string ClockCss(UpdateDue due) => due.DueAt is not { } at ? "update-clock-none"
        : Now > at ? "update-clock-overdue"
        : due.Urgency == UpdateUrgency.Upcoming || at - Now < UpdateSchedule.UpcomingWithin ? "update-clock-upcoming"
        : "";

    private string DueText(UpdateDue due) => due.DueAt is not { } at ? "no cadence"
        : Now > at ? $"overdue by {Minutes(Now - at, roundUp: false)}"
        : $"due in {Minutes(at - Now, roundUp: true)}";

    /// <summary>Whole minutes under an hour: "due in" rounds up (never "due in 0 min" while time is left), "overdue by" rounds down.</summary>
    private static string Minutes(TimeSpan span, bool roundUp)
    {
        if (span.TotalMinutes >= 60)
        {
            return Display.Duration(span);
        }
        var minutes = roundUp ? (int)Math.Ceiling(span.TotalMinutes) : (int)Math.Floor(span.TotalMinutes);
        return $"{Math.Max(roundUp ? 1 : 0, minutes)} min";
    }

    private static string StateCode(StatusUpdateState state) => state switch
    {
        StatusUpdateState.AwaitingApproval => "awaiting-approval",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static string StateLabel(StatusUpdateState state) => state switch
    {
        StatusUpdateState.AwaitingApproval => "awaiting approval",
        _ => state.ToString().ToLowerInvariant(),
    };
}
