using CommandCenter.Core.Common;
using CommandCenter.Core.Exercises;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Tests.Unit.Exercises;

public sealed class ScenarioValidatorTests
{
    internal static ScenarioContent Valid(params ScenarioInject[] injects) => new(
        "Drill", Archetype.Misinformation, Severity.Sev2, "A briefing.", "support-assistant",
        [IncidentRole.IncidentCommander, IncidentRole.LegalLiaison],
        [new ScenarioExpectation(IncidentRole.IncidentCommander, "IC decides containment within 10 min", 10)],
        injects.Length > 0 ? injects :
        [
            new ScenarioInject("first", 0, null, "Something happens.",
                [new InjectSignal("grounding-score", 0.4, 0.7)],
                new DecisionQuestion(IncidentRole.IncidentCommander, "Contain?", 10, ["Yes", "No"])),
            new ScenarioInject("second", 5, IncidentRole.LegalLiaison, "Legal hears of it.",
                Decision: new DecisionQuestion(IncidentRole.LegalLiaison, "Notify?", 15)),
            new ScenarioInject("whenever", null, null, "Facilitator's card."),
        ]);

    private static IReadOnlyDictionary<string, string[]> ErrorsOf(ScenarioContent content) =>
        Assert.Throws<ValidationException>(() => ScenarioValidator.Validate(content)).Errors;

    [Fact]
    public void EveryBuiltInScenarioIsValidAndEachArchetypeHasOne()
    {
        foreach (var (_, content) in BuiltInScenarios.All)
        {
            ScenarioValidator.Validate(content);
        }
        Assert.Equal(Enum.GetValues<Archetype>().Order(), BuiltInScenarios.All.Select(s => s.Content.Archetype).Distinct().Order());
        Assert.Equal(BuiltInScenarios.All.Count, BuiltInScenarios.All.Select(s => s.Slug).Distinct().Count());
    }

    [Fact]
    public void AValidScenarioComesBackTrimmed()
    {
        var content = Valid() with { Title = "  Drill  " };

        Assert.Equal("Drill", ScenarioValidator.Validate(content).Title);
    }

    [Fact]
    public void TimedInjectsOutOfOrderAreRefusedNamingTheInject()
    {
        var errors = ErrorsOf(Valid(new ScenarioInject("late", 10, null, "Later."), new ScenarioInject("early", 5, null, "Earlier.")));

        Assert.Contains("injects[1].atMinute", errors.Keys);
    }

    [Fact]
    public void DuplicateInjectIdsAreRefused()
    {
        var errors = ErrorsOf(Valid(new ScenarioInject("same", 0, null, "One."), new ScenarioInject("same", 1, null, "Two.")));

        Assert.Contains("already used by injects[0]", errors["injects[1].id"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void ADecisionTimeLimitMustBeMoreThanZero(int minutes)
    {
        var errors = ErrorsOf(Valid(new ScenarioInject("ask", 0, null, "Asks.",
            Decision: new DecisionQuestion(IncidentRole.IncidentCommander, "Contain?", minutes))));

        Assert.Contains("injects[0].decision.timeLimitMinutes", errors.Keys);
    }

    [Fact]
    public void RolesMustBeIncidentRoles()
    {
        var errors = ErrorsOf(Valid(new ScenarioInject("ask", 0, (IncidentRole)99, "Asks.",
            Decision: new DecisionQuestion((IncidentRole)42, "Contain?", 5))));

        Assert.Contains("injects[0].audience", errors.Keys);
        Assert.Contains("injects[0].decision.role", errors.Keys);
    }

    [Fact]
    public void AScenarioNeedsAtLeastOneInject()
    {
        var errors = ErrorsOf(Valid() with { Injects = [] });

        Assert.Contains("injects", errors.Keys);
    }

    [Fact]
    public void UnknownSignalKindsAndMissingTextAreFieldErrors()
    {
        var errors = ErrorsOf(Valid(new ScenarioInject("bad", 0, null, " ", [new InjectSignal("vibes", 1, 2)])) with { Title = "" });

        Assert.Contains("title", errors.Keys);
        Assert.Contains("injects[0].text", errors.Keys);
        Assert.Contains("injects[0].signals[0].kind", errors.Keys);
    }
}
