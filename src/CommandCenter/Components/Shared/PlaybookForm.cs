using CommandCenter.Core.Incidents;
using CommandCenter.Core.Playbooks;
using CommandCenter.Core.Regulatory;

namespace CommandCenter.Components.Shared;

/// <summary>
/// A playbook as the structured editor holds it while someone types: mutable rows, signals as one text block.
/// It turns into <see cref="PlaybookContent"/> only to be saved; Core validates it and names each field that is wrong
/// (<c>steps[2].text</c>), which the editor shows under the right row.
/// </summary>
public sealed class PlaybookForm
{
    private int _newSteps;

    public string? Title { get; set; }
    public string? Summary { get; set; }

    /// <summary>Detection signals, one per line.</summary>
    public string? Signals { get; set; }

    public List<StepRow> Steps { get; } = [];
    public List<TemplateRow> Templates { get; } = [];
    public string? ChangeNote { get; set; }

    public static PlaybookForm From(PlaybookContent content)
    {
        var form = new PlaybookForm
        {
            Title = content.Title,
            Summary = content.Summary,
            Signals = string.Join("\n", content.DetectionSignals),
        };
        form.Steps.AddRange(content.Steps.Select(StepRow.From));
        form.Templates.AddRange(content.Templates.Select(t => new TemplateRow { Audience = t.Audience, Title = t.Title, Body = t.Body }));
        return form;
    }

    public PlaybookContent ToContent() => new(
        Title ?? "",
        Summary ?? "",
        (Signals ?? "").Split('\n').Select(s => s.Trim()).Where(s => s.Length > 0).ToList(),
        Steps.Select(s => s.ToStep()).ToList(),
        Templates.Select(t => new CommunicationTemplate(t.Audience ?? "", t.Title ?? "", t.Body ?? "")).ToList());

    /// <summary>Adds an empty step after the last step of <paramref name="phase"/> (or at the end).</summary>
    public void AddStep(PlaybookPhase phase = PlaybookPhase.Immediate)
    {
        string id;
        do
        {
            id = $"new-step-{++_newSteps}";
        }
        while (Steps.Any(s => s.Id == id));
        var after = Steps.FindLastIndex(s => s.Phase <= phase);
        Steps.Insert(after + 1, new StepRow { Id = id, Phase = phase, Owner = IncidentRole.IncidentCommander });
    }

    public static void Move<T>(List<T> rows, int index, int by)
    {
        var target = index + by;
        if (target < 0 || target >= rows.Count)
        {
            return;
        }
        (rows[index], rows[target]) = (rows[target], rows[index]);
    }

    public void AddTemplate() => Templates.Add(new TemplateRow { Audience = CommunicationAudiences.Internal });

    public sealed class StepRow
    {
        /// <summary>Stable across moves so the browser keeps focus and typed text on the right row.</summary>
        public Guid Key { get; } = Guid.NewGuid();
        public string? Id { get; set; }
        public PlaybookPhase Phase { get; set; } = PlaybookPhase.Immediate;
        public IncidentRole Owner { get; set; } = IncidentRole.IncidentCommander;
        public string? Text { get; set; }
        public bool HasGate { get; set; }
        public string? Question { get; set; }
        public string? IfYes { get; set; }

        /// <summary>A <see cref="RegulatoryTrigger"/> name, or empty for a gate that starts no clock.</summary>
        public string Clock { get; set; } = "";

        public static StepRow From(PlaybookStep step) => new()
        {
            Id = step.Id,
            Phase = step.Phase,
            Owner = step.Owner,
            Text = step.Text,
            HasGate = step.Gate is not null,
            Question = step.Gate?.Question,
            IfYes = step.Gate?.IfYes,
            Clock = step.Gate?.StartsClock?.ToString() ?? "",
        };

        public PlaybookStep ToStep() => new(Id ?? "", Phase, Text ?? "", Owner,
            HasGate ? new PlaybookGate(Question ?? "", IfYes ?? "", Enum.TryParse<RegulatoryTrigger>(Clock, out var clock) ? clock : null) : null);
    }

    public sealed class TemplateRow
    {
        public Guid Key { get; } = Guid.NewGuid();
        public string? Audience { get; set; }
        public string? Title { get; set; }
        public string? Body { get; set; }
    }
}
