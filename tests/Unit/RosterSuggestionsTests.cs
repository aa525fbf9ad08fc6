using CommandCenter.Core.Accounts;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Tests.Unit;

public sealed class RosterSuggestionsTests
{
    private static readonly SuggestableAccount Maya = new("maya", "Maya Chen", "maya.chen@example.com");
    private static readonly SuggestableAccount Priya = new("priya", "Priya Raman", "priya@example.com");
    private static readonly SuggestableAccount Sam = new("sam", "Sam Rivera");
    private static readonly SuggestableAccount Tom = new("tom", "Tom Okafor");
    private static readonly IReadOnlyList<SuggestableAccount> Accounts = [Maya, Priya, Sam, Tom];
    private static readonly SystemContacts Anonymous = new("Support assistant", "Customer Care Platform", "PagerDuty: care-platform-primary");
    private static readonly DateTime Day = new(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc);

    private static PastRoleHolder Held(string key, IncidentRole role, string person, int daysAgo, bool sameSystem = true) =>
        new(key, role, person, Day.AddDays(-daysAgo), sameSystem);

    [Fact]
    public void AnOnCallContactNamingAPersonByEmailComesFirstAndSaysWhy()
    {
        var system = new SystemContacts("Support assistant", "Customer Care Platform", "PagerDuty: care-primary · priya@example.com");

        var suggestions = RosterSuggestions.Suggest(IncidentRole.TechnicalLead, system, [Held("INC-2026-0003", IncidentRole.TechnicalLead, "Tom Okafor", 3)],
            Accounts, currentHolder: null);

        Assert.Equal(["Priya Raman", "Tom Okafor"], suggestions.Select(s => s.DisplayName));
        Assert.Equal("On-call for Support assistant", suggestions[0].Why);
    }

    [Theory]
    [InlineData("sam")]
    [InlineData("Sam Rivera")]
    [InlineData(" SAM RIVERA ")]
    [InlineData("Sam Rivera (weekdays)")]
    public void AnOwnerTeamContactNamingAPersonByUserOrDisplayNameIsSuggested(string ownerTeam)
    {
        var system = new SystemContacts("Support assistant", ownerTeam, "PagerDuty: care-primary");

        var suggestion = Assert.Single(RosterSuggestions.Suggest(IncidentRole.IncidentCommander, system, [], Accounts, null));

        Assert.Equal(("sam", "Owner team contact for Support assistant"), (suggestion.UserName, suggestion.Why));
    }

    [Theory]
    [InlineData("PagerDuty: care-platform-primary")]
    [InlineData("#kb-oncall · kb-oncall@example.com")]
    [InlineData("Customer Care Platform")]
    [InlineData("")]
    public void AContactThatNamesNoAccountSuggestsNobody(string contact) =>
        Assert.Null(RosterSuggestions.Named(contact, Accounts));

    [Fact]
    public void PastHoldersOfTheSameRoleComeSameSystemFirstThenMostRecentLimitedAndOncePerPerson()
    {
        PastRoleHolder[] history =
        [
            Held("INC-2026-0009", IncidentRole.IncidentCommander, "Tom Okafor", daysAgo: 1, sameSystem: false),
            Held("INC-2026-0005", IncidentRole.IncidentCommander, "Maya Chen", daysAgo: 20),
            Held("INC-2026-0007", IncidentRole.IncidentCommander, "Sam Rivera", daysAgo: 5),
            Held("INC-2026-0002", IncidentRole.IncidentCommander, "Sam Rivera", daysAgo: 40),
            Held("INC-2026-0008", IncidentRole.Scribe, "Priya Raman", daysAgo: 2),
            Held("INC-2026-0006", IncidentRole.IncidentCommander, "Someone Without Account", daysAgo: 3),
        ];

        var suggestions = RosterSuggestions.Suggest(IncidentRole.IncidentCommander, Anonymous, history, Accounts, currentHolder: null);

        Assert.Equal(["Sam Rivera", "Maya Chen", "Tom Okafor"], suggestions.Select(s => s.DisplayName));
        Assert.Equal("Incident Commander on INC-2026-0007 (same system)", suggestions[0].Why);
        Assert.Equal("Incident Commander on INC-2026-0009 (same kind of failure)", suggestions[2].Why);
    }

    [Fact]
    public void TheCurrentHolderDoesNotTakeUpOneOfTheHistoryPlaces()
    {
        PastRoleHolder[] history =
        [
            Held("INC-2026-0009", IncidentRole.IncidentCommander, "Maya Chen", daysAgo: 1),
            Held("INC-2026-0008", IncidentRole.IncidentCommander, "Sam Rivera", daysAgo: 2),
            Held("INC-2026-0007", IncidentRole.IncidentCommander, "Tom Okafor", daysAgo: 3),
            Held("INC-2026-0006", IncidentRole.IncidentCommander, "Priya Raman", daysAgo: 4),
        ];

        var suggestions = RosterSuggestions.Suggest(IncidentRole.IncidentCommander, Anonymous, history, Accounts, currentHolder: "Maya Chen");

        Assert.Equal(["Sam Rivera", "Tom Okafor", "Priya Raman"], suggestions.Select(s => s.DisplayName));
    }

    [Fact]
    public void WhoeverAlreadyHoldsTheSeatIsNotSuggestedAndAContactIsNotRepeatedFromHistory()
    {
        var system = new SystemContacts("Support assistant", "Maya Chen", "priya");
        PastRoleHolder[] history =
        [
            Held("INC-2026-0005", IncidentRole.IncidentCommander, "Priya Raman", daysAgo: 2),
            Held("INC-2026-0004", IncidentRole.IncidentCommander, "Sam Rivera", daysAgo: 3),
        ];

        var suggestions = RosterSuggestions.Suggest(IncidentRole.IncidentCommander, system, history, Accounts, currentHolder: "maya chen");

        Assert.Equal([("Priya Raman", "On-call for Support assistant"), ("Sam Rivera", "Incident Commander on INC-2026-0004 (same system)")],
            suggestions.Select(s => (s.DisplayName, s.Why)));
    }
}
