using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Events;
using CommandCenter.Core.Playbooks;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Shared;

public partial class PlaybookPanel
{
    private IncidentPlaybookRun? _run;
    private Actor? _actor;
    private string? _error;
    private string? _skipping;
    private string? _skipReason;
    private bool _busy;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [Parameter, EditorRequired] public string Key { get; set; } = "";

    /// <summary>Leadership follows read-only: no controls (Core refuses anyway).</summary>
    [Parameter] public bool ReadOnly { get; set; }

    private string _me => _actor?.Name ?? "";

    protected override async Task OnParametersSetAsync()
    {
        _actor = await User.GetActorAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _run = await Playbooks.ForIncidentAsync(Key);
            _error = null;
        }
        catch (DomainException ex)
        {
            _error = ex.Message;
        }
    }

    private async Task OnIncidentEventAsync(IncidentNotification notification)
    {
        // A step handled (by anyone) adds a timeline entry; a role change updates who owns what.
        if (notification is TimelineEntryAddedNotification or IncidentUpdatedNotification)
        {
            await LoadAsync();
        }
    }

    private Task CheckAsync(PlaybookStep step) => RunAsync(() => Playbooks.CheckAsync(Key, step.Id, null, _actor!));

    private Task AnswerAsync(PlaybookStep step, bool yes) => RunAsync(() => Playbooks.AnswerGateAsync(Key, step.Id, yes, null, _actor!));

    private void StartSkip(PlaybookStep step)
    {
        _skipping = step.Id;
        _skipReason = null;
        _error = null;
    }

    private async Task SkipAsync(PlaybookStep step)
    {
        await RunAsync(() => Playbooks.SkipAsync(Key, step.Id, _skipReason, _actor!));
        if (_error is null)
        {
            _skipping = null;
            _skipReason = null;
        }
    }

    /// <summary>Runs a move and shows the refusal in the panel; what was typed (a skip reason) stays.</summary>
    private async Task RunAsync(Func<Task<IncidentPlaybookRun>> move)
    {
        if (_busy)
        {
            return;
        }
        _busy = true;
        try
        {
            _run = await move();
            _error = null;
        }
        catch (ValidationException ex)
        {
            _error = string.Join(" ", ex.Errors.SelectMany(e => e.Value));
        }
        catch (DomainException ex)
        {
            _error = ex.Message;
        }
        catch (Exception)
        {
            _error = "That did not save (the server could not be reached or failed). Try again.";
        }
        finally
        {
            _busy = false;
        }
    }

    private static string Share(int part, int total) =>
        (total == 0 ? 0 : part * 100.0 / total).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "%";

    private static string StateCss(StepRecord? record) => record switch
    {
        null => "open",
        { Outcome: StepOutcome.Skipped } => "skipped",
        _ => "done",
    };

    private static string Headline(PlaybookStep step)
    {
        var text = step.Gate?.Question ?? step.Text;
        var sentence = text.IndexOf(". ", StringComparison.Ordinal);
        return sentence > 0 && sentence < 140 ? text[..(sentence + 1)] : text.Length <= 140 ? text : text[..139] + "…";
    }

    private static string Describe(StepRecord record)
    {
        var when = Display.Utc(record.At);
        return record switch
        {
            { Outcome: StepOutcome.Skipped } => $"Skipped by {record.By} at {when}: {record.Note}",
            { GateAnswer: { } yes } => $"Answered {(yes ? "yes" : "no")} by {record.By} at {when}" + (record.Note is null ? "" : $": {record.Note}"),
            _ => $"Done by {record.By} at {when}" + (record.Note is null ? "" : $": {record.Note}"),
        };
    }
}
