using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Tests.Unit;

public sealed class ParsingTests
{
    [Theory]
    [InlineData("SEV1", Severity.Sev1)]
    [InlineData("sev2", Severity.Sev2)]
    [InlineData("SEV-3", Severity.Sev3)]
    [InlineData("sev-4", Severity.Sev4)]
    [InlineData("SEV 1", Severity.Sev1)]
    [InlineData("Sev_2", Severity.Sev2)]
    [InlineData("  SEV3  ", Severity.Sev3)]
    [InlineData("1", Severity.Sev1)]
    [InlineData(" 4 ", Severity.Sev4)]
    public void SeverityParseAcceptsTheDocumentedSpellings(string input, Severity expected) =>
        Assert.Equal(expected, SeverityText.Parse(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("SEV0")]
    [InlineData("SEV5")]
    [InlineData("SEV9")]
    [InlineData("0")]
    [InlineData("5")]
    [InlineData("12")]
    [InlineData("SEV-01")]
    [InlineData("SEV")]
    [InlineData("S1")]
    [InlineData("SEV1a")]
    [InlineData("critical")]
    [InlineData("P1")]
    public void SeverityParseRejectsEverythingElse(string? input) => Assert.Null(SeverityText.Parse(input));

    [Fact]
    public void SeverityCodeAndLabelRoundTrip()
    {
        foreach (var severity in Enum.GetValues<Severity>())
        {
            Assert.Equal(severity, SeverityText.Parse(severity.Code()));
            Assert.Equal(severity, SeverityText.Parse(severity.Label()));
        }
        Assert.Equal("SEV1", Severity.Sev1.Code());
        Assert.Equal("SEV-1", Severity.Sev1.Label());
        Assert.Equal("SEV1, SEV2, SEV3, SEV4", SeverityText.Allowed);
    }

    [Theory]
    [InlineData("prompt-injection", Archetype.PromptInjection)]
    [InlineData("PromptInjection", Archetype.PromptInjection)]
    [InlineData("Prompt injection", Archetype.PromptInjection)]
    [InlineData("PROMPT_INJECTION", Archetype.PromptInjection)]
    [InlineData("data-leakage", Archetype.DataLeakage)]
    [InlineData("model-manipulation", Archetype.ModelManipulation)]
    [InlineData("misinformation", Archetype.Misinformation)]
    [InlineData("Misinformation cascade", Archetype.Misinformation)]
    [InlineData("toxicity", Archetype.Toxicity)]
    [InlineData("Toxicity and abuse", Archetype.Toxicity)]
    [InlineData("agentic-misalignment", Archetype.AgenticMisalignment)]
    [InlineData(" Agentic Misalignment ", Archetype.AgenticMisalignment)]
    [InlineData("model-drift", Archetype.ModelDrift)]
    [InlineData("MODEL DRIFT", Archetype.ModelDrift)]
    public void ArchetypeParseAcceptsCodeEnumNameAndSpacedNameInAnyCase(string input, Archetype expected) =>
        Assert.Equal(expected, Archetypes.Parse(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("prompt")]
    [InlineData("injection")]
    [InlineData("drift")]
    [InlineData("jailbreak")]
    [InlineData("hallucination")]
    [InlineData("prompt-injection-2")]
    [InlineData("1")]
    public void ArchetypeParseRejectsEverythingElse(string? input) => Assert.Null(Archetypes.Parse(input));

    [Fact]
    public void EveryArchetypeHasOneInfoAndRoundTripsThroughItsCodeAndName()
    {
        Assert.Equal(Enum.GetValues<Archetype>(), Archetypes.All.Select(a => a.Archetype));
        foreach (var archetype in Enum.GetValues<Archetype>())
        {
            Assert.Equal(archetype, Archetypes.Parse(archetype.Code()));
            Assert.Equal(archetype, Archetypes.Parse(archetype.Name()));
            Assert.Equal(archetype, Archetypes.Parse(archetype.ToString()));
        }
        Assert.Equal(Archetypes.All.Count, Archetypes.All.Select(a => a.Code).Distinct().Count());
    }

    [Theory]
    [InlineData("detected", IncidentStatus.Detected)]
    [InlineData("Triaged", IncidentStatus.Triaged)]
    [InlineData(" CONTAINED ", IncidentStatus.Contained)]
    [InlineData("recovered", IncidentStatus.Recovered)]
    [InlineData("RESOLVED", IncidentStatus.Resolved)]
    [InlineData("closed", IncidentStatus.Closed)]
    public void IncidentStatusParseAcceptsTheStatusNamesInAnyCase(string input, IncidentStatus expected) =>
        Assert.Equal(expected, IncidentStatuses.Parse(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("open")]
    [InlineData("triage")]
    [InlineData("in-progress")]
    [InlineData("0")]
    [InlineData("3")]
    [InlineData("7")]
    [InlineData("-1")]
    [InlineData("Detected, Triaged")]
    [InlineData("detected,triaged")]
    public void IncidentStatusParseRejectsEverythingElse(string? input) => Assert.Null(IncidentStatuses.Parse(input));

    [Theory]
    [InlineData("incident-commander", IncidentRole.IncidentCommander)]
    [InlineData("IncidentCommander", IncidentRole.IncidentCommander)]
    [InlineData("Incident Commander", IncidentRole.IncidentCommander)]
    [InlineData("scribe", IncidentRole.Scribe)]
    [InlineData("SCRIBE", IncidentRole.Scribe)]
    [InlineData("technical-lead", IncidentRole.TechnicalLead)]
    [InlineData("technical_lead", IncidentRole.TechnicalLead)]
    [InlineData("Technical Lead", IncidentRole.TechnicalLead)]
    [InlineData("security-analyst", IncidentRole.SecurityAnalyst)]
    [InlineData("communications-lead", IncidentRole.CommunicationsLead)]
    [InlineData("legal-liaison", IncidentRole.LegalLiaison)]
    [InlineData("LegalLiaison", IncidentRole.LegalLiaison)]
    [InlineData("Legal/Compliance Liaison", IncidentRole.LegalLiaison)]
    public void IncidentRoleParseAcceptsCodeEnumNameAndTitle(string input, IncidentRole expected) =>
        Assert.Equal(expected, IncidentRoles.Parse(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("commander")]
    [InlineData("lead")]
    [InlineData("owner")]
    [InlineData("scribe2")]
    [InlineData("1")]
    public void IncidentRoleParseRejectsEverythingElse(string? input) => Assert.Null(IncidentRoles.Parse(input));

    [Theory]
    [InlineData("note", TimelineEntryKind.Note)]
    [InlineData("Note", TimelineEntryKind.Note)]
    [InlineData("DECISION", TimelineEntryKind.Decision)]
    [InlineData("action", TimelineEntryKind.Action)]
    [InlineData("signal", TimelineEntryKind.Signal)]
    [InlineData(" communication ", TimelineEntryKind.Communication)]
    [InlineData("status-change", TimelineEntryKind.StatusChange)]
    [InlineData("StatusChange", TimelineEntryKind.StatusChange)]
    [InlineData("role_change", TimelineEntryKind.RoleChange)]
    [InlineData("severity change", TimelineEntryKind.SeverityChange)]
    public void TimelineEntryKindParseAcceptsCodesAndEnumNames(string input, TimelineEntryKind expected) =>
        Assert.Equal(expected, TimelineEntryKinds.Parse(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("comment")]
    [InlineData("memo")]
    [InlineData("status")]
    [InlineData("note2")]
    [InlineData("1")]
    public void TimelineEntryKindParseRejectsEverythingElse(string? input) => Assert.Null(TimelineEntryKinds.Parse(input));

    [Fact]
    public void OnlyPeoplesKindsAreListedAsAllowed()
    {
        Assert.Equal("note, decision, action, communication, signal", TimelineEntryKinds.Allowed);
        Assert.All(TimelineEntryKinds.Written, k => Assert.True(k.IsWrittenByPeople()));
        Assert.False(TimelineEntryKind.StatusChange.IsWrittenByPeople());
        Assert.False(TimelineEntryKind.RoleChange.IsWrittenByPeople());
        Assert.False(TimelineEntryKind.SeverityChange.IsWrittenByPeople());
    }

    [Fact]
    public void CodesEqualTheJsonNamesAndParseBack()
    {
        AssertCodesMatchJson<Severity>(s => s.Code(), SeverityText.Parse);
        AssertCodesMatchJson<Archetype>(a => a.Code(), Archetypes.Parse);
        AssertCodesMatchJson<IncidentStatus>(s => s.Code(), IncidentStatuses.Parse);
        AssertCodesMatchJson<IncidentRole>(r => r.Code(), IncidentRoles.Parse);
        AssertCodesMatchJson<TimelineEntryKind>(k => k.Code(), TimelineEntryKinds.Parse);
    }

    private static void AssertCodesMatchJson<T>(Func<T, string> code, Func<string?, T?> parse)
        where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            var jsonName = typeof(T).GetField(value.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()!.Name;
            Assert.Equal(jsonName, code(value));
            Assert.Equal($"\"{jsonName}\"", JsonSerializer.Serialize(value));
            Assert.Equal(value, parse(jsonName));
        }
    }
}
