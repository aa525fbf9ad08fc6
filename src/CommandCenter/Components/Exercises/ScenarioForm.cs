using CommandCenter.Core.Exercises;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Components.Exercises;

/// <summary>
/// What the scenario editor holds until it is saved: every part of a version but its archetype and severity (which the
/// scenario is filed under) and the labels of inject signals (carried over from the version being edited).
/// Numbers the person has not filled stay empty here so that the validator, not the form, says what is missing.
/// </summary>
public sealed class ScenarioForm
{
    private ScenarioContent _original = null!;

    public string Title { get; set; } = "";
    public string Briefing { get; set; } = "";
    public string System { get; set; } = "";
    public IReadOnlyCollection<IncidentRole> Participants { get; set; } = [];
    public List<ExpectationForm> Expectations { get; set; } = [];
    public List<InjectForm> Injects { get; set; } = [];
    public string ChangeNote { get; set; } = "";

    public static ScenarioForm From(ScenarioContent content) => new()
    {
        _original = content,
        Title = content.Title,
        Briefing = content.Briefing,
        System = content.System,
        Participants = content.Participants.ToList(),
        Expectations = content.Expectations.Select(e => new ExpectationForm { Role = e.Role, Text = e.Text, WithinMinutes = e.WithinMinutes }).ToList(),
        Injects = content.Injects.Select(InjectForm.From).ToList(),
    };

    public ScenarioContent ToContent() => _original with
    {
        Title = Title,
        Briefing = Briefing,
        System = System,
        Participants = IncidentRoles.All.Where(Participants.Contains).ToList(),
        Expectations = Expectations.Select(e => new ScenarioExpectation(e.Role, e.Text, e.WithinMinutes ?? 0)).ToList(),
        Injects = Injects.Select(i => i.ToInject()).ToList(),
    };

    public sealed class ExpectationForm
    {
        public IncidentRole Role { get; set; } = IncidentRole.IncidentCommander;
        public string Text { get; set; } = "";
        public int? WithinMinutes { get; set; } = 10;
    }

    public sealed class InjectForm
    {
        public string Id { get; set; } = "";
        public int? AtMinute { get; set; }
        public IncidentRole? Audience { get; set; }
        public string Text { get; set; } = "";
        public List<SignalForm> Signals { get; set; } = [];
        public string? Question { get; set; }
        public IncidentRole DecisionRole { get; set; } = IncidentRole.IncidentCommander;
        public int? TimeLimitMinutes { get; set; } = 10;

        /// <summary>The answers offered, one per line (empty: the role answers in its own words).</summary>
        public string Choices { get; set; } = "";

        public static InjectForm From(ScenarioInject inject) => new()
        {
            Id = inject.Id,
            AtMinute = inject.AtMinute,
            Audience = inject.Audience,
            Text = inject.Text,
            Signals = (inject.Signals ?? []).Select(SignalForm.From).ToList(),
            Question = inject.Decision?.Question,
            DecisionRole = inject.Decision?.Role ?? IncidentRole.IncidentCommander,
            TimeLimitMinutes = inject.Decision?.TimeLimitMinutes ?? 10,
            Choices = string.Join('\n', inject.Decision?.Choices ?? []),
        };

        public ScenarioInject ToInject() => new(Id, AtMinute, Audience, Text, Signals.Select(s => s.ToSignal()).ToList(),
            string.IsNullOrWhiteSpace(Question) ? null : new DecisionQuestion(DecisionRole, Question, TimeLimitMinutes ?? 0,
                Choices.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
    }

    public sealed class SignalForm
    {
        private IReadOnlyDictionary<string, string>? _labels;

        public string Kind { get; set; } = "";
        public double? Value { get; set; }
        public double? Threshold { get; set; }
        public string? Summary { get; set; }

        public static SignalForm From(InjectSignal signal) => new()
        {
            _labels = signal.Labels,
            Kind = signal.Kind,
            Value = signal.Value,
            Threshold = signal.Threshold,
            Summary = signal.Summary,
        };

        public InjectSignal ToSignal() => new(Kind, Value, Threshold, _labels, string.IsNullOrWhiteSpace(Summary) ? null : Summary);
    }
}
