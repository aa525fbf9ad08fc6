using CommandCenter.Components.Common;
using CommandCenter.Components.Shared;
using CommandCenter.Core.Communications;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Incidents.WarRoom;

public partial class UpdatesPanel
{
    private string? _actionError;
    private IReadOnlyDictionary<string, string[]> _fieldErrors = new Dictionary<string, string[]>();
    private ComposerState? _composer;
    private int? _rejecting;
    private string _rejectReason = "";

    [Parameter, EditorRequired] public IncidentStatusUpdates? Updates { get; set; }
    /// <summary>The signed-in person may draft, revise, submit and send updates here (<see cref="IncidentPermissions.MayComposeUpdates"/>).</summary>
    [Parameter] public bool MayCompose { get; set; }

    /// <summary>The signed-in person may approve or reject what goes outside (<see cref="IncidentPermissions.MayApproveUpdates"/>).</summary>
    [Parameter] public bool MayApprove { get; set; }

    /// <summary>The view's ticking clock, so "due in" and "overdue by" move without a reload.</summary>
    [Parameter, EditorRequired] public DateTime Now { get; set; }

    /// <summary>Leadership follows read-only: clocks and history, no composer or buttons (Core refuses anyway).</summary>
    [Parameter] public bool ReadOnly { get; set; }

    /// <summary>The text the timeline suggests for an audience (by its code); null when it could not be made.</summary>
    [Parameter, EditorRequired] public Func<string, Task<StatusUpdateContent?>> Prefill { get; set; } = null!;

    /// <summary>Saves the composer as a new draft or a revision, then optionally submits or sends it.</summary>
    [Parameter, EditorRequired] public Func<UpdateSave, Task<SaveResult>> Save { get; set; } = null!;

    /// <summary>Submits, sends, approves or rejects an update from the history.</summary>
    [Parameter, EditorRequired] public Func<UpdateAct, Task<ActionOutcome>> Act { get; set; } = null!;

    public enum UpdateMove
    {
        None,
        Submit,
        Send,
        Approve,
        Reject,
    }

    public sealed record UpdateSave(int? EditingId, string AudienceCode, StatusUpdateText Text, UpdateMove Then);

    /// <summary>What saving did: the outcome, and the update saved (even when the move after it was refused).</summary>
    public sealed record SaveResult(ActionOutcome Outcome, int? SavedId);

    public sealed record UpdateAct(int Id, UpdateMove Move, string? Reason = null);

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

    private async Task OpenComposerAsync()
    {
        _actionError = null;
        _fieldErrors = new Dictionary<string, string[]>();
        var audience = Updates?.Schedule.MostUrgent?.Audience ?? UpdateAudience.Internal;
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
        if (await Prefill(composer.AudienceCode) is { } content)
        {
            composer.Fill(content);
            composer.Prefilled = content;
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

    private Task SaveDraftAsync() => SaveThenAsync(UpdateMove.None);

    private Task SubmitFromComposerAsync() => SaveThenAsync(UpdateMove.Submit);

    private Task SendFromComposerAsync() => SaveThenAsync(UpdateMove.Send);

    /// <summary>
    /// Saves the composer and then, optionally, submits or sends it. Once saved, the composer edits that update, so a
    /// refused submit or send does not leave a second copy behind when the author tries again.
    /// </summary>
    private async Task SaveThenAsync(UpdateMove then)
    {
        if (_composer is not { } composer)
        {
            return;
        }
        var result = await Save(new UpdateSave(composer.EditingId, composer.AudienceCode, composer.Text, then));
        composer.EditingId = result.SavedId ?? composer.EditingId;
        _fieldErrors = result.Outcome.FieldErrors;
        _actionError = result.Outcome.Succeeded ? null
            : _fieldErrors.Count > 0 ? "Fix the marked fields; nothing else was lost." : result.Outcome.Refusal;
        if (result.Outcome.Succeeded)
        {
            _composer = null;
        }
    }

    private async Task ActAsync(int id, UpdateMove move)
    {
        var outcome = await Act(new UpdateAct(id, move));
        _actionError = outcome.Succeeded ? null : outcome.Refusal;
    }

    private void StartReject(int id)
    {
        _rejecting = id;
        _rejectReason = "";
        _fieldErrors = new Dictionary<string, string[]>();
    }

    private async Task RejectAsync()
    {
        if (_rejecting is not { } id)
        {
            return;
        }
        var outcome = await Act(new UpdateAct(id, UpdateMove.Reject, _rejectReason));
        _fieldErrors = outcome.FieldErrors;
        _actionError = outcome.Succeeded || _fieldErrors.Count > 0 ? null : outcome.Refusal;
        if (outcome.Succeeded)
        {
            _rejecting = null;
        }
    }

    private string? FieldError(string field) =>
        _fieldErrors.FirstOrDefault(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    private bool IsOverdue(UpdateDue due) => due.DueAt is { } at && Now > at;

    private string ClockCss(UpdateDue due) => due.DueAt is not { } at ? "update-clock-none"
        : Now > at ? "update-clock-overdue"
        : due.Urgency == UpdateUrgency.Upcoming || at - Now < UpdateSchedule.UpcomingWithin ? "update-clock-upcoming"
        : "";

    private string DueText(UpdateDue due) => due.DueAt is not { } at ? "no cadence"
        : Now > at ? Display.Overdue(Now - at)
        : Display.DueIn(at - Now);

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
