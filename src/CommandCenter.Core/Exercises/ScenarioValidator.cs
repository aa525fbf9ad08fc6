using System.Text.RegularExpressions;
using CommandCenter.Core.Common;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Exercises;

/// <summary>
/// Checks a scenario version before it is stored. Content arrives from JSON, so nulls are expected anywhere and become
/// field errors. Timed injects must be in time order (the facilitator reads the list as a script); ids are unique kebab slugs.
/// </summary>
public static partial class ScenarioValidator
{
    public const int MaxInjects = 40;
    public const int MaxSignalsPerInject = 20;
    public const int MaxExpectations = 20;
    public const int MaxChoices = 8;
    public const int TextLength = 2000;
    public const int MaxMinute = 24 * 60;

    public static ScenarioContent Validate(ScenarioContent? content)
    {
        var v = new Validator();
        if (content is null)
        {
            v.Add("scenario", "A scenario is required.");
            v.ThrowIfInvalid();
        }
        var title = v.RequiredText("title", content!.Title, Limits.TitleLength, "Title") ?? "";
        if (!Enum.IsDefined(content.Archetype))
        {
            v.Add("archetype", $"Archetype must be one of {Archetypes.Allowed}.");
        }
        if (!Enum.IsDefined(content.Severity))
        {
            v.Add("severity", $"Severity must be one of {SeverityText.Allowed}.");
        }
        var briefing = v.RequiredText("briefing", content.Briefing, Limits.SummaryLength, "Briefing") ?? "";
        var system = v.RequiredText("system", content.System, Limits.SystemNameLength, "Affected system") ?? "";
        var participants = (content.Participants ?? []).Distinct().ToList();
        for (var i = 0; i < participants.Count; i++)
        {
            if (!Enum.IsDefined(participants[i]))
            {
                v.Add($"participants[{i}]", $"Participants are incident roles: {IncidentRoles.Allowed}.");
            }
        }
        var expectations = Expectations(v, content.Expectations ?? []);
        var injects = Injects(v, content.Injects ?? []);
        v.ThrowIfInvalid();
        return new ScenarioContent(title, content.Archetype, content.Severity, briefing, system, participants, expectations, injects);
    }

    private static List<ScenarioExpectation> Expectations(Validator v, IReadOnlyList<ScenarioExpectation?> expectations)
    {
        if (expectations.Count > MaxExpectations)
        {
            v.Add("expectations", $"A scenario has at most {MaxExpectations} expectations.");
        }
        var result = new List<ScenarioExpectation>();
        for (var i = 0; i < expectations.Count; i++)
        {
            var field = $"expectations[{i}]";
            if (expectations[i] is not { } e)
            {
                v.Add(field, "An expectation is required.");
                continue;
            }
            Role(v, $"{field}.role", e.Role);
            var text = v.RequiredText($"{field}.text", e.Text, TextLength, "Expectation") ?? "";
            if (e.WithinMinutes is <= 0 or > MaxMinute)
            {
                v.Add($"{field}.withinMinutes", $"Within must be between 1 and {MaxMinute} minutes.");
            }
            result.Add(new ScenarioExpectation(e.Role, text, e.WithinMinutes));
        }
        return result;
    }

    private static List<ScenarioInject> Injects(Validator v, IReadOnlyList<ScenarioInject?> injects)
    {
        if (injects.Count == 0)
        {
            v.Add("injects", "A scenario needs at least one inject.");
        }
        if (injects.Count > MaxInjects)
        {
            v.Add("injects", $"A scenario has at most {MaxInjects} injects (this one has {injects.Count}).");
        }
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<ScenarioInject>();
        int? lastMinute = null;
        for (var i = 0; i < injects.Count; i++)
        {
            var field = $"injects[{i}]";
            if (injects[i] is not { } inject)
            {
                v.Add(field, "An inject is required.");
                continue;
            }
            var id = v.RequiredText($"{field}.id", inject.Id, Limits.SlugLength, "Inject id");
            if (id is not null && !KebabSlug().IsMatch(id))
            {
                v.Add($"{field}.id", $"Inject id '{id}' must be kebab-case: lower-case letters and digits joined by single hyphens.");
            }
            else if (id is not null && !seen.TryAdd(id, i))
            {
                v.Add($"{field}.id", $"Inject id '{id}' is already used by injects[{seen[id]}].");
            }
            if (inject.AtMinute is { } minute)
            {
                if (minute is < 0 or > MaxMinute)
                {
                    v.Add($"{field}.atMinute", $"At must be between T+0 and T+{MaxMinute} minutes.");
                }
                else if (lastMinute is { } last && minute < last)
                {
                    v.Add($"{field}.atMinute", $"Timed injects must be in time order: T+{minute} comes after T+{last}.");
                }
                else
                {
                    lastMinute = minute;
                }
            }
            if (inject.Audience is { } audience)
            {
                Role(v, $"{field}.audience", audience);
            }
            var text = v.RequiredText($"{field}.text", inject.Text, TextLength, "Inject text") ?? "";
            var signals = Signals(v, field, inject.Signals ?? []);
            var decision = inject.Decision is null ? null : Decision(v, $"{field}.decision", inject.Decision);
            result.Add(new ScenarioInject(id ?? "", inject.AtMinute, inject.Audience, text, signals, decision));
        }
        return result;
    }

    private static List<InjectSignal> Signals(Validator v, string field, IReadOnlyList<InjectSignal?> signals)
    {
        if (signals.Count > MaxSignalsPerInject)
        {
            v.Add($"{field}.signals", $"An inject pushes at most {MaxSignalsPerInject} signals.");
        }
        var result = new List<InjectSignal>();
        for (var i = 0; i < signals.Count; i++)
        {
            var at = $"{field}.signals[{i}]";
            if (signals[i] is not { } signal)
            {
                v.Add(at, "A signal is required.");
                continue;
            }
            var kind = v.RequiredText($"{at}.kind", signal.Kind, 64, "Signal kind");
            if (kind is not null && SignalKinds.Parse(kind) is null)
            {
                v.Add($"{at}.kind", $"Unknown signal kind '{kind}'; use one of {SignalKinds.Allowed}.");
            }
            if (signal.Value is { } value && !double.IsFinite(value) || signal.Threshold is { } threshold && !double.IsFinite(threshold))
            {
                v.Add($"{at}.value", "Value and threshold must be finite numbers.");
            }
            var summary = v.OptionalText($"{at}.summary", signal.Summary, 500, "Summary");
            var labels = signal.Labels?.Where(l => !string.IsNullOrWhiteSpace(l.Key))
                .ToDictionary(l => l.Key.Trim(), l => l.Value?.Trim() ?? "", StringComparer.Ordinal);
            result.Add(new InjectSignal(kind ?? "", signal.Value, signal.Threshold, labels, summary));
        }
        return result;
    }

    private static DecisionQuestion Decision(Validator v, string field, DecisionQuestion decision)
    {
        Role(v, $"{field}.role", decision.Role);
        var question = v.RequiredText($"{field}.question", decision.Question, TextLength, "Decision question") ?? "";
        if (decision.TimeLimitMinutes is <= 0 or > MaxMinute)
        {
            v.Add($"{field}.timeLimitMinutes", $"The time limit must be more than 0 minutes (at most {MaxMinute}).");
        }
        var choices = (decision.Choices ?? []).Select((c, i) => v.RequiredText($"{field}.choices[{i}]", c, 200, "Choice") ?? "").ToList();
        if (choices.Count > MaxChoices)
        {
            v.Add($"{field}.choices", $"A decision offers at most {MaxChoices} choices.");
        }
        return new DecisionQuestion(decision.Role, question, decision.TimeLimitMinutes, choices);
    }

    private static void Role(Validator v, string field, IncidentRole role)
    {
        if (!Enum.IsDefined(role))
        {
            v.Add(field, $"Role must be one of {IncidentRoles.Allowed}.");
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabSlug();
}
