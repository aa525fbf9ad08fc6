using CommandCenter.Core.Exercises;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Components.Exercises;

/// <summary>
/// What the scenario editor holds until it is saved. Signals, choices and expectations are not edited here: they are
/// carried over from the version being edited (the API takes the whole content).
/// </summary>
public sealed class ScenarioForm
{
    private ScenarioContent _original = null!;

    public string Title { get; set; } = "";
    public string Briefing { get; set; } = "";
    public string System { get; set; } = "";
    public List<InjectForm> Injects { get; set; } = [];
    public string ChangeNote { get; set; } = "";

    public static ScenarioForm From(ScenarioContent content) => new()
    {
        _original = content,
        Title = content.Title,
        Briefing = content.Briefing,
        System = content.System,
        Injects = content.Injects.Select(InjectForm.From).ToList(),
    };

    public ScenarioContent ToContent() => _original with
    {
        Title = Title,
        Briefing = Briefing,
        System = System,
        Injects = Injects.Select(i => i.ToInject(_original.Inject(i.OriginalId ?? ""))).ToList(),
    };

    public sealed class InjectForm
    {
        public string? OriginalId { get; private set; }
        public string Id { get; set; } = "";
        public int? AtMinute { get; set; }
        public IncidentRole? Audience { get; set; }
        public string Text { get; set; } = "";
        public string? Question { get; set; }
        public IncidentRole DecisionRole { get; set; } = IncidentRole.IncidentCommander;
        public int TimeLimitMinutes { get; set; } = 10;

        public static InjectForm From(ScenarioInject inject) => new()
        {
            OriginalId = inject.Id,
            Id = inject.Id,
            AtMinute = inject.AtMinute,
            Audience = inject.Audience,
            Text = inject.Text,
            Question = inject.Decision?.Question,
            DecisionRole = inject.Decision?.Role ?? IncidentRole.IncidentCommander,
            TimeLimitMinutes = inject.Decision?.TimeLimitMinutes ?? 10,
        };

        public ScenarioInject ToInject(ScenarioInject? original) => new(Id, AtMinute, Audience, Text, original?.Signals ?? [],
            string.IsNullOrWhiteSpace(Question) ? null : new DecisionQuestion(DecisionRole, Question, TimeLimitMinutes, original?.Decision?.Choices ?? []));
    }
}
