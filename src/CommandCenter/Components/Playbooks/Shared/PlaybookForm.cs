using System.Globalization;
using System.Text.RegularExpressions;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Playbooks;
using CommandCenter.Core.Regulatory;

namespace CommandCenter.Components.Playbooks;

/// <summary>
/// A playbook as the structured editor holds it while someone types: mutable rows, signals as one text block.
/// It turns into <see cref="PlaybookContent"/> only to be saved; Core validates it and names each field that is wrong
/// by position (<c>steps[2].text</c>). <see cref="ShowErrors"/> hands each of those messages to the row it was about,
/// so a message stays with its row when rows are moved afterwards and leaves with it when the row is removed.
/// </summary>
public sealed partial class PlaybookForm
{
    private readonly Dictionary<string, List<RowMessage>> _errors = new(StringComparer.OrdinalIgnoreCase);
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

    /// <summary>
    /// Takes the field errors of a refused save (keyed as Core names them, by the positions the rows had when it was
    /// sent) and attaches each to its row; earlier errors are dropped. Detection signals are one text block here, so
    /// their per-line errors are shown together under it.
    /// </summary>
    public void ShowErrors(IReadOnlyDictionary<string, string[]> errors)
    {
        _errors.Clear();
        foreach (var row in Steps)
        {
            row.Errors.Clear();
        }
        foreach (var row in Templates)
        {
            row.Errors.Clear();
        }
        // Core counted positions in the content that was sent, which is how the rows stand now.
        var steps = Steps.ToList();
        var templates = Templates.ToList();
        foreach (var (key, messages) in errors)
        {
            var field = key;
            var rowMessages = messages.Select(m => RowMessage.Of(m, steps)).ToList();
            if (RowField().Match(key) is { Success: true } match)
            {
                var index = int.Parse(match.Groups["index"].Value, CultureInfo.InvariantCulture);
                var part = match.Groups["part"].Value;
                var rowErrors = match.Groups["list"].Value.ToLowerInvariant() switch
                {
                    "steps" when index < steps.Count => steps[index].Errors,
                    "templates" when index < templates.Count => templates[index].Errors,
                    _ => null,
                };
                if (rowErrors is not null)
                {
                    Add(rowErrors, part, rowMessages);
                    continue;
                }
                field = match.Groups["list"].Value;
            }
            Add(_errors, field, rowMessages);
        }
    }

    public bool HasErrors => _errors.Count > 0 || Steps.Any(s => s.Errors.Count > 0) || Templates.Any(t => t.Errors.Count > 0);

    /// <summary>What Core said about a field of the form itself (title, summary, detection signals, steps, templates, change note).</summary>
    public string? ErrorFor(string field) => Describe(_errors, field);

    internal string? Describe(Dictionary<string, List<RowMessage>> errors, string field) =>
        errors.TryGetValue(field, out var messages) && messages.Count > 0
            ? string.Join(" ", messages.Select(m => m.Text(Steps)))
            : null;

    private static void Add(Dictionary<string, List<RowMessage>> errors, string field, List<RowMessage> messages)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }
        list.AddRange(messages);
    }

    [GeneratedRegex(@"^(?<list>steps|templates|detectionSignals)\[(?<index>\d+)\](?:\.(?<part>.+))?$", RegexOptions.IgnoreCase)]
    private static partial Regex RowField();

    [GeneratedRegex(@"steps\[(?<index>\d+)\]")]
    private static partial Regex StepReference();

    /// <summary>A message from Core; a mention of another step by position (<c>steps[3]</c>) is kept as that step's row.</summary>
    internal sealed class RowMessage
    {
        private readonly string _format;
        private readonly StepRow? _refers;

        private RowMessage(string format, StepRow? refers)
        {
            _format = format;
            _refers = refers;
        }

        public static RowMessage Of(string message, IReadOnlyList<StepRow> steps)
        {
            var match = StepReference().Match(message);
            if (match.Success && int.TryParse(match.Groups["index"].Value, CultureInfo.InvariantCulture, out var index) && index < steps.Count)
            {
                var format = Escape(message[..match.Index]) + "{0}" + Escape(message[(match.Index + match.Length)..]);
                return new RowMessage(format, steps[index]);
            }
            return new RowMessage(Escape(message), null);
        }

        private static string Escape(string text) =>
            text.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);

        /// <summary>The message, naming a referred-to step by where it is now.</summary>
        public string Text(IReadOnlyList<StepRow> steps)
        {
            if (_refers is null)
            {
                return string.Format(CultureInfo.InvariantCulture, _format);
            }
            var position = steps.ToList().IndexOf(_refers);
            return string.Format(CultureInfo.InvariantCulture, _format,
                position < 0 ? "a removed step" : $"step {position + 1}");
        }
    }

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

        /// <summary>Core's messages about this row, by part ("" for the row itself, "text", "gate.question", ...).</summary>
        internal Dictionary<string, List<RowMessage>> Errors { get; } = new(StringComparer.OrdinalIgnoreCase);

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

        internal Dictionary<string, List<RowMessage>> Errors { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>What Core said about <paramref name="part"/> of <paramref name="row"/> ("" for the row as a whole).</summary>
    public string? ErrorFor(StepRow row, string part = "") => Describe(row.Errors, part);

    public string? ErrorFor(TemplateRow row, string part = "") => Describe(row.Errors, part);
}
