using System.Text.RegularExpressions;
using CommandCenter.Core.Common;
using CommandCenter.Core.Regulatory;

namespace CommandCenter.Core.Playbooks;

/// <summary>
/// Checks a playbook version before it is stored. Content arrives from JSON, so nulls are expected anywhere
/// (missing lists, null entries) and become field errors, never exceptions of another kind.
/// </summary>
public static partial class PlaybookValidator
{
    public const int MaxSteps = 60;
    public const int MaxDetectionSignals = 30;
    public const int MaxTemplates = 20;
    public const int StepTextLength = 1000;
    public const int TemplateBodyLength = 4000;

    /// <summary>Returns the content trimmed (audiences in canonical case), or throws with every field that needs fixing.</summary>
    public static PlaybookContent Validate(PlaybookContent? content)
    {
        var v = new Validator();
        if (content is null)
        {
            v.Add("playbook", "A playbook is required.");
            v.ThrowIfInvalid();
        }

        var title = v.RequiredText("title", content!.Title, Limits.TitleLength, "Title") ?? "";
        var summary = v.OptionalText("summary", content.Summary, Limits.SummaryLength, "Summary") ?? "";
        var signals = Signals(v, content.DetectionSignals ?? []);
        var steps = Steps(v, content.Steps ?? []);
        var templates = Templates(v, content.Templates ?? []);

        v.ThrowIfInvalid();
        return new PlaybookContent(title, summary, signals, steps, templates);
    }

    private static List<string> Signals(Validator v, IReadOnlyList<string?> signals)
    {
        if (signals.Count > MaxDetectionSignals)
        {
            v.Add("detectionSignals", $"A playbook has at most {MaxDetectionSignals} detection signals (this one has {signals.Count}).");
        }
        return signals.Select((s, i) => v.RequiredText($"detectionSignals[{i}]", s, StepTextLength, "Detection signal") ?? "").ToList();
    }

    private static List<PlaybookStep> Steps(Validator v, IReadOnlyList<PlaybookStep?> steps)
    {
        if (steps.Count == 0)
        {
            v.Add("steps", "A playbook needs at least one step.");
        }
        if (steps.Count > MaxSteps)
        {
            v.Add("steps", $"A playbook has at most {MaxSteps} steps (this one has {steps.Count}).");
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<PlaybookStep>(steps.Count);
        for (var i = 0; i < steps.Count; i++)
        {
            var field = $"steps[{i}]";
            if (steps[i] is not { } step)
            {
                v.Add(field, "A step is required.");
                continue;
            }

            var id = v.RequiredText($"{field}.id", step.Id, Limits.SlugLength, "Step id");
            if (id is not null && !KebabSlug().IsMatch(id))
            {
                v.Add($"{field}.id", $"Step id '{id}' must be kebab-case: lower-case letters and digits joined by single hyphens.");
            }
            else if (id is not null && !seen.TryAdd(id, i))
            {
                v.Add($"{field}.id", $"Step id '{id}' is already used by steps[{seen[id]}].");
            }
            if (!Enum.IsDefined(step.Phase))
            {
                v.Add($"{field}.phase", "Phase must be one of immediate, investigate, decide, communicate, recover.");
            }
            if (!Enum.IsDefined(step.Owner))
            {
                v.Add($"{field}.owner", "Owner must be an incident role.");
            }
            var text = v.RequiredText($"{field}.text", step.Text, StepTextLength, "Step text") ?? "";
            var gate = step.Gate is null ? null : Gate(v, $"{field}.gate", step.Gate);
            result.Add(new PlaybookStep(id ?? "", step.Phase, text, step.Owner, gate));
        }
        return result;
    }

    private static PlaybookGate Gate(Validator v, string field, PlaybookGate gate)
    {
        var question = v.RequiredText($"{field}.question", gate.Question, StepTextLength, "Gate question") ?? "";
        var ifYes = v.RequiredText($"{field}.ifYes", gate.IfYes, StepTextLength, "What to do on yes") ?? "";
        if (gate.StartsClock is { } trigger && !Enum.IsDefined(trigger))
        {
            v.Add($"{field}.startsClock", "The clock to start must be a known regulatory trigger.");
        }
        return new PlaybookGate(question, ifYes, gate.StartsClock);
    }

    private static List<CommunicationTemplate> Templates(Validator v, IReadOnlyList<CommunicationTemplate?> templates)
    {
        if (templates.Count > MaxTemplates)
        {
            v.Add("templates", $"A playbook has at most {MaxTemplates} templates (this one has {templates.Count}).");
        }
        var result = new List<CommunicationTemplate>(templates.Count);
        for (var i = 0; i < templates.Count; i++)
        {
            var field = $"templates[{i}]";
            if (templates[i] is not { } template)
            {
                v.Add(field, "A template is required.");
                continue;
            }
            var audience = CommunicationAudiences.Parse(template.Audience);
            if (audience is null)
            {
                v.Add($"{field}.audience", string.IsNullOrWhiteSpace(template.Audience)
                    ? "Audience is required."
                    : $"'{template.Audience}' is not an audience; use one of {CommunicationAudiences.Allowed}.");
            }
            var title = v.RequiredText($"{field}.title", template.Title, Limits.TitleLength, "Template title") ?? "";
            var body = v.RequiredText($"{field}.body", template.Body, TemplateBodyLength, "Template body") ?? "";
            result.Add(new CommunicationTemplate(audience ?? "", title, body));
        }
        return result;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabSlug();
}
