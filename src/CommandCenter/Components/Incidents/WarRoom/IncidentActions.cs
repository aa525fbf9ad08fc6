using CommandCenter.Components.Common;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Communications;
using CommandCenter.Core.Containment;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Playbooks;

namespace CommandCenter.Components.Incidents.WarRoom;

/// <summary>
/// The commands of the incident views, each run through the <see cref="ActionRunner"/> as the signed-in person on the
/// incident <see cref="IncidentState"/> shows (scoped, one per circuit). Panels raise intents; the pages hand these
/// methods down. What changed reaches every view through the pushed notifications, not through the return values.
/// </summary>
public sealed class IncidentActions(
    IncidentState state,
    ActionRunner runner,
    IncidentService incidents,
    IncidentLifecycle lifecycle,
    IncidentRoster roster,
    IncidentLegalRecords legal,
    ContainmentService containment,
    PlaybookService playbooks,
    StatusUpdateService updates)
{
    private string Key => state.Key ?? throw new InvalidOperationException("No incident is shown.");

    private Actor Actor => state.Actor ?? throw new InvalidOperationException("Nobody is signed in.");

    /// <summary>Records an entry; returns what to show in the entry box (the text is then kept), or null.</summary>
    public async Task<string?> RecordAsync(RecordTimelineEntry entry)
    {
        var outcome = await Run(() => incidents.RecordAsync(Key, entry, Actor));
        return outcome.Succeeded ? null : outcome.ErrorFor("text") ?? outcome.ErrorFor("kind") ?? outcome.Refusal
            ?? string.Join(" ", outcome.FieldErrors.SelectMany(e => e.Value));
    }

    public Task<ActionOutcome> CorrectAsync(CorrectTimelineEntry correction) =>
        Run(() => incidents.CorrectAsync(Key, correction, Actor));

    public Task<ActionOutcome> ChangeStatusAsync(IncidentStatus target, string? reason) =>
        Run(() => lifecycle.ChangeStatusAsync(Key, target.Code(), Actor, reason));

    public Task<ActionOutcome> ChangeSeverityAsync(Severity target, string? reason) =>
        Run(() => lifecycle.ChangeSeverityAsync(Key, target.Code(), Actor, reason));

    public Task<ActionOutcome> ChangeArchetypeAsync(string archetype, bool swapPlaybook, string? reason) =>
        Run(() => playbooks.ChangeArchetypeAsync(Key, archetype, swapPlaybook, reason, Actor));

    public Task<ActionOutcome> AssignAsync(RoleRoster.RoleChange change) =>
        Run(() => roster.AssignRoleAsync(Key, change.Role.Code(), change.Person, Actor));

    public Task<ActionOutcome> ReleaseAsync(IncidentRole role) =>
        Run(() => roster.UnassignRoleAsync(Key, role.Code(), Actor));

    public Task<ActionOutcome> StartClockAsync(RegulatoryClocksCard.StartClock start) =>
        Run(() => legal.StartClocksAsync(Key, start.Trigger.ToString(), start.AwareAt, Actor));

    public Task<ActionOutcome> MeetClockAsync(string code) =>
        Run(() => legal.MeetClockAsync(Key, code, Actor));

    public Task<ActionOutcome> RecordExposureAsync(LegalScopeCard.ExposureChange change) =>
        Run(() => legal.RecordExposureAsync(Key, change.Systems, change.DataCategories, change.AffectedUsers, Actor));

    public Task<ActionOutcome> SetLegalHoldAsync(bool on) =>
        Run(() => legal.SetLegalHoldAsync(Key, on, null, Actor));

    public Task<ActionOutcome> RunContainmentAsync(ContainmentPanel.RunAction run) =>
        Run(() => containment.RunAsync(Key, run.Action, run.Reason, Actor));

    public Task<ActionOutcome> RetryContainmentAsync(int actionId) =>
        Run(() => containment.RetryAsync(Key, actionId, Actor));

    public Task<ActionOutcome> CheckContainmentAsync(ContainmentPanel.CheckItem item) =>
        Run(() => containment.CheckItemAsync(Key, item.ActionId, item.Index, Actor));

    public Task<ActionOutcome> MoveStepAsync(PlaybookPanel.StepMove move) => ShowPlaybookAsync(() => move.Kind switch
    {
        PlaybookPanel.StepMoveKind.Check => playbooks.CheckAsync(Key, move.StepId, null, Actor),
        PlaybookPanel.StepMoveKind.Skip => playbooks.SkipAsync(Key, move.StepId, move.Reason, Actor),
        var answer => playbooks.AnswerGateAsync(Key, move.StepId, answer == PlaybookPanel.StepMoveKind.Yes, null, Actor),
    });

    /// <summary>For an incident declared before playbooks existed: attaches its archetype's current playbook.</summary>
    public Task<ActionOutcome> AttachPlaybookAsync() => ShowPlaybookAsync(() => playbooks.AttachAsync(Key, Actor));

    private async Task<ActionOutcome> ShowPlaybookAsync(Func<Task<IncidentPlaybookRun>> command)
    {
        var (outcome, run) = await runner.RunAsync(command);
        if (run is not null)
        {
            state.Show(run);
        }
        return outcome;
    }

    /// <summary>The timeline's suggestion for an update to <paramref name="audience"/>; null (and a snackbar) when refused.</summary>
    public async Task<StatusUpdateContent?> PrefillUpdateAsync(string audience) =>
        (await runner.RunAsync(() => updates.PrefillAsync(Key, audience))).Value;

    public async Task<UpdatesPanel.SaveResult> SaveUpdateAsync(UpdatesPanel.UpdateSave save)
    {
        var savedId = save.EditingId;
        var outcome = await runner.RunAsync(async () =>
        {
            var saved = save.EditingId is { } id
                ? await updates.ReviseAsync(Key, id, save.Text, Actor)
                : await updates.DraftAsync(Key, save.AudienceCode, save.Text, Actor);
            savedId = saved.Id;
            if (save.Then != UpdatesPanel.UpdateMove.None)
            {
                await MoveUpdateAsync(saved.Id, save.Then, null);
            }
        });
        return new UpdatesPanel.SaveResult(outcome, savedId);
    }

    public Task<ActionOutcome> ActOnUpdateAsync(UpdatesPanel.UpdateAct act) =>
        Run(() => MoveUpdateAsync(act.Id, act.Move, act.Reason));

    // A command's result is not needed here: the views learn what changed from the notifications.
    private Task<ActionOutcome> Run(Func<Task> command) => runner.RunAsync(command);

    private Task<StatusUpdateView> MoveUpdateAsync(int id, UpdatesPanel.UpdateMove move, string? reason) => move switch
    {
        UpdatesPanel.UpdateMove.Submit => updates.SubmitAsync(Key, id, Actor),
        UpdatesPanel.UpdateMove.Send => updates.MarkSentAsync(Key, id, Actor),
        UpdatesPanel.UpdateMove.Approve => updates.ApproveAsync(Key, id, Actor),
        UpdatesPanel.UpdateMove.Reject => updates.RejectAsync(Key, id, reason, Actor),
        _ => throw new ArgumentOutOfRangeException(nameof(move), move, "Nothing to do."),
    };
}
