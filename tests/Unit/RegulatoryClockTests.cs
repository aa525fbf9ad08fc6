using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Regulatory;
using CommandCenter.Core.Systems;
using CommandCenter.Tests.Unit.Support;

namespace CommandCenter.Tests.Unit;

public sealed class RegulatoryClockTests
{
    private static readonly RegulatoryOptions Options = new();
    private static readonly DateTime Now = new(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc);

    private static IReadOnlyList<ClockDefinition> For(RegulatoryTrigger trigger, RiskTier tier = RiskTier.High) =>
        ClockSelection.For(trigger, tier, Options);

    [Theory]
    [InlineData(RegulatoryTrigger.PersonalDataBreach, RiskTier.Limited, "gdpr-art33", 72)]
    [InlineData(RegulatoryTrigger.SeriousIncident, RiskTier.High, "ai-act-art73", 15 * 24)]
    [InlineData(RegulatoryTrigger.SeriousIncidentWidespread, RiskTier.Critical, "ai-act-art73-widespread", 2 * 24)]
    [InlineData(RegulatoryTrigger.SeriousIncidentDeath, RiskTier.High, "ai-act-art73-death", 10 * 24)]
    public void EachFindingStartsItsClockWithItsDeadline(RegulatoryTrigger trigger, RiskTier tier, string code, int hours)
    {
        var clock = Assert.Single(For(trigger, tier));

        Assert.Equal(code, clock.Code);
        Assert.Equal(TimeSpan.FromHours(hours), clock.Deadline);
    }

    [Fact]
    public void Nis2StartsAnEarlyWarningAndANotificationClock() =>
        Assert.Equal([TimeSpan.FromHours(24), TimeSpan.FromHours(72)], For(RegulatoryTrigger.Nis2Significant).Select(c => c.Deadline));

    [Theory]
    [InlineData(RiskTier.Minimal)]
    [InlineData(RiskTier.Limited)]
    public void TheAiActClocksApplyToHighRiskSystemsOnly(RiskTier tier) => Assert.Empty(For(RegulatoryTrigger.SeriousIncident, tier));

    [Fact]
    public void TheDeadlineRunsFromAwarenessNotFromTheClick()
    {
        var incident = TestIncidents.Declare(Now.AddHours(-5));
        var awareAt = Now.AddHours(-3);

        var clock = Assert.Single(incident.StartClocks(RegulatoryTrigger.PersonalDataBreach, For(RegulatoryTrigger.PersonalDataBreach), awareAt,
            TestIncidents.Maya, Now));

        Assert.Equal(awareAt.AddHours(72), clock.Deadline);
        Assert.Equal(TimeSpan.FromHours(69), clock.ToView(Now, Options).Remaining);
        Assert.Contains("Personal data exposed", incident.Timeline[^1].Text);
        Assert.Contains("2026-11-27 06:00 UTC", incident.Timeline[^1].Text);
    }

    [Fact]
    public void SeventyTwoHoursAreElapsedHoursAcrossTheEndOfSummerTime()
    {
        // Aware on Friday 23 October 2026 at 12:00 in Brussels (10:00 UTC); clocks go back on Sunday the 25th.
        var awareAt = new DateTime(2026, 10, 23, 10, 0, 0, DateTimeKind.Utc);
        var incident = TestIncidents.Declare(awareAt);

        var clock = Assert.Single(incident.StartClocks(RegulatoryTrigger.PersonalDataBreach, For(RegulatoryTrigger.PersonalDataBreach), awareAt,
            TestIncidents.Maya, awareAt));

        var brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");
        Assert.Equal(TimeSpan.FromHours(72), clock.Deadline - clock.AwareAt);
        Assert.Equal(DateTimeKind.Utc, clock.Deadline.Kind);
        Assert.Equal(new DateTime(2026, 10, 26, 11, 0, 0), TimeZoneInfo.ConvertTimeFromUtc(clock.Deadline, brussels));
        Assert.Equal(new DateTime(2026, 10, 23, 12, 0, 0), TimeZoneInfo.ConvertTimeFromUtc(clock.AwareAt, brussels));
    }

    [Theory]
    [InlineData(10, ClockState.Running)]
    [InlineData(36, ClockState.Warning)]
    [InlineData(58, ClockState.Urgent)]
    [InlineData(72, ClockState.Overdue)]
    [InlineData(80, ClockState.Overdue)]
    public void ClocksEscalateAsTheDeadlineNears(int hoursAfterAwareness, ClockState expected)
    {
        var incident = TestIncidents.Declare(Now);
        var clock = incident.StartClocks(RegulatoryTrigger.PersonalDataBreach, For(RegulatoryTrigger.PersonalDataBreach), Now, TestIncidents.Maya, Now)[0];

        Assert.Equal(expected, clock.ToView(Now.AddHours(hoursAfterAwareness), Options).State);
    }

    [Fact]
    public void MeetingTheObligationStopsTheClockAndSaysWhetherItWasInTime()
    {
        var incident = TestIncidents.Declare(Now);
        incident.StartClocks(RegulatoryTrigger.Nis2Significant, For(RegulatoryTrigger.Nis2Significant), Now, TestIncidents.Maya, Now);

        incident.MeetClock("nis2-early-warning", TestIncidents.Maya, Now.AddHours(20));
        incident.MeetClock("nis2-notification", TestIncidents.Maya, Now.AddHours(80));

        Assert.Equal(ClockState.Met, incident.Clocks[0].ToView(Now.AddHours(90), Options).State);
        Assert.Equal(ClockState.Late, incident.Clocks[1].ToView(Now.AddHours(90), Options).State);
        Assert.Contains("4 h before the deadline", incident.Timeline[^2].Text);
        Assert.Contains("8 h after the deadline", incident.Timeline[^1].Text);
        Assert.Throws<InvalidTransitionException>(() => incident.MeetClock("nis2-notification", TestIncidents.Maya, Now.AddHours(91)));
        Assert.Throws<NotFoundException>(() => incident.MeetClock("gdpr-art33", TestIncidents.Maya, Now.AddHours(91)));
    }

    [Fact]
    public void OnceThereIsACommanderOnlyTheyOrTheLegalLiaisonStartClocks()
    {
        var incident = TestIncidents.Declare(Now);
        incident.AssignRole(IncidentRole.IncidentCommander, TestIncidents.Maya, TestIncidents.Maya, Now);
        incident.AssignRole(IncidentRole.LegalLiaison, "Lena Legal", TestIncidents.Maya, Now);

        Assert.Throws<ForbiddenActionException>(() =>
            incident.StartClocks(RegulatoryTrigger.PersonalDataBreach, For(RegulatoryTrigger.PersonalDataBreach), Now, TestIncidents.Tom, Now));
        incident.StartClocks(RegulatoryTrigger.PersonalDataBreach, For(RegulatoryTrigger.PersonalDataBreach), Now, "Lena Legal", Now);

        Assert.Single(incident.Clocks);
    }

    [Fact]
    public void RefusesAFutureAwarenessARepeatAndAFindingWithNoClock()
    {
        var incident = TestIncidents.Declare(Now);
        var gdpr = For(RegulatoryTrigger.PersonalDataBreach);

        Assert.Throws<ValidationException>(() => incident.StartClocks(RegulatoryTrigger.PersonalDataBreach, gdpr, Now.AddHours(1), TestIncidents.Maya, Now));
        incident.StartClocks(RegulatoryTrigger.PersonalDataBreach, gdpr, Now, TestIncidents.Maya, Now);
        Assert.Throws<InvalidTransitionException>(() => incident.StartClocks(RegulatoryTrigger.PersonalDataBreach, gdpr, Now, TestIncidents.Maya, Now));
        Assert.Throws<InvalidTransitionException>(() => incident.StartClocks(RegulatoryTrigger.SeriousIncident,
            For(RegulatoryTrigger.SeriousIncident, RiskTier.Limited), Now, TestIncidents.Maya, Now));
    }

    [Fact]
    public void TheInventorySuggestsWhichFindingsToCheck()
    {
        var suggestions = ClockSelection.Suggested(DataCategories.PersonalData, RiskTier.High, EuAiActRole.Deployer);

        Assert.Equal([RegulatoryTrigger.PersonalDataBreach, RegulatoryTrigger.SeriousIncident], suggestions.Select(s => s.Trigger));
        Assert.Contains("tell the provider", suggestions[1].Why);
        Assert.Empty(ClockSelection.Suggested(DataCategories.None, RiskTier.Limited, EuAiActRole.Provider));
    }
}
