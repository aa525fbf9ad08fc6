using CommandCenter.Components.Common;
using CommandCenter.Components.Shared;
using CommandCenter.Core.Playbooks;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Incidents.WarRoom;

public partial class PlaybookPanel
{
    private string? _error;
    private string? _skipping;
    private string? _skipReason;
    private bool _busy;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    /// <summary>The incident's run as the signed-in person sees it (null while none is attached or not yet read).</summary>
    [Parameter, EditorRequired] public PlaybookRunView? Run { get; set; }

    /// <summary>True once the run was read: a null <see cref="Run"/> then means no playbook is attached.</summary>
    [Parameter] public bool Loaded { get; set; }

    /// <summary>Attaches the current playbook to an incident that runs none.</summary>
    [Parameter] public Func<Task<ActionOutcome>>? Attach { get; set; }

    /// <summary>Leadership follows read-only: no controls (Core refuses anyway).</summary>
    [Parameter] public bool ReadOnly { get; set; }

    /// <summary>Checks, answers or skips a step.</summary>
    [Parameter, EditorRequired] public Func<StepMove, Task<ActionOutcome>> Move { get; set; } = null!;

    public enum StepMoveKind
    {
        Check,
        Yes,
        No,
        Skip,
    }

    public sealed record StepMove(string StepId, StepMoveKind Kind, string? Reason = null);

    private Task CheckAsync(PlaybookStep step) => RunAsync(new StepMove(step.Id, StepMoveKind.Check));

    private Task AnswerAsync(PlaybookStep step, bool yes) => RunAsync(new StepMove(step.Id, yes ? StepMoveKind.Yes : StepMoveKind.No));

    private void StartSkip(PlaybookStep step)
    {
        _skipping = step.Id;
        _skipReason = null;
        _error = null;
    }

    private async Task SkipAsync(PlaybookStep step)
    {
        if (await RunAsync(new StepMove(step.Id, StepMoveKind.Skip, _skipReason)))
        {
            _skipping = null;
            _skipReason = null;
        }
    }

    private async Task AttachAsync()
    {
        if (Attach is { } attach)
        {
            await RunAsync(attach);
        }
    }

    /// <summary>Runs a move; a refusal stays in the panel and what was typed (a skip reason) stays.</summary>
    private Task<bool> RunAsync(StepMove move) => RunAsync(() => Move(move));

    private async Task<bool> RunAsync(Func<Task<ActionOutcome>> command)
    {
        if (_busy)
        {
            return false;
        }
        _busy = true;
        try
        {
            var outcome = await command();
            _error = RefusalNote.For(outcome);
            return outcome.Succeeded;
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
