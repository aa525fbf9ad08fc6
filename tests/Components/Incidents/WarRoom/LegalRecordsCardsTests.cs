using Bunit;
using CommandCenter.Components.Common;
using CommandCenter.Components.Incidents.WarRoom;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Regulatory;
using CommandCenter.Tests.Components.Support;

namespace CommandCenter.Tests.Components.Incidents.WarRoom;

/// <summary>The clocks and the legal scope / hold cards: controls for whoever may record legal findings, a read-only view and who records them for everyone else.</summary>
public class LegalRecordsCardsTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 9, 0, 0, DateTimeKind.Utc);

    private static readonly RegulatoryClockView Running = new("gdpr-art33", "GDPR Art. 33", "Notify the supervisory authority", RegulatoryTrigger.PersonalDataBreach,
        Now.AddHours(-1), Now.AddHours(71), ClockState.Running, TimeSpan.FromHours(71), "Maya Chen", Now.AddHours(-1), null, null);

    private readonly List<string> _asked = [];

    private IRenderedComponent<RegulatoryClocksCard> Clocks(PanelContext panel, bool mayRecord) => panel.Render<RegulatoryClocksCard>(p => p
        .Add(c => c.Clocks, [Running])
        .Add(c => c.Now, Now)
        .Add(c => c.MayRecord, mayRecord)
        .Add(c => c.Start, start => { _asked.Add($"start {start.Trigger}"); return Task.FromResult(ActionOutcome.Done); })
        .Add(c => c.MeetClock, code => { _asked.Add($"meet {code}"); return Task.FromResult(ActionOutcome.Done); }));

    private IRenderedComponent<LegalScopeCard> Scope(PanelContext panel, bool mayRecord) => panel.Render<LegalScopeCard>(p => p
        .Add(c => c.Exposure, new ExposureView(["support-assistant"], ["email addresses"], 120, "Maya Chen", Now))
        .Add(c => c.Hold, new LegalHoldView(true, "Maya Chen", Now))
        .Add(c => c.MayRecord, mayRecord)
        .Add(c => c.Record, change => { _asked.Add("scope"); return Task.FromResult(ActionOutcome.Done); })
        .Add(c => c.SetHold, on => { _asked.Add($"hold {on}"); return Task.FromResult(ActionOutcome.Done); }));

    [Fact]
    public async Task WhoeverMayRecordMeetsAClockAndSeesTheFindingForm()
    {
        await using var panel = new PanelContext();
        var cut = Clocks(panel, mayRecord: true);

        Assert.Empty(cut.FindAll("[data-testid=legal-records-hint]"));
        Assert.NotNull(cut.Find("#clock-trigger"));
        cut.FindAll("button").Single(b => b.TextContent.Contains("Mark met")).Click();

        Assert.Equal(["meet gdpr-art33"], _asked);
    }

    [Fact]
    public async Task OthersReadTheClocksAndAreToldWhoRecordsThem()
    {
        await using var panel = new PanelContext();
        var cut = Clocks(panel, mayRecord: false);

        Assert.Contains("GDPR Art. 33", cut.Find("[data-testid=clock]").TextContent);
        Assert.Empty(cut.FindAll("button, input, select, textarea"));
        Assert.Contains("Only the Incident Commander and the Legal/Compliance Liaison", cut.Find("[data-testid=legal-records-hint]").TextContent);
    }

    [Fact]
    public async Task WhoeverMayRecordLiftsTheLegalHold()
    {
        await using var panel = new PanelContext();
        var cut = Scope(panel, mayRecord: true);

        Assert.Empty(cut.FindAll("[data-testid=legal-records-hint]"));
        cut.FindAll("button").Single(b => b.TextContent.Contains("Lift legal hold")).Click();

        Assert.Equal(["hold False"], _asked);
    }

    [Fact]
    public async Task OthersReadTheScopeAndHoldAndAreToldWhoRecordsThem()
    {
        await using var panel = new PanelContext();
        var cut = Scope(panel, mayRecord: false);

        Assert.Contains("email addresses", cut.Find("[data-testid=exposure-categories]").TextContent);
        Assert.NotNull(cut.Find("[data-testid=legal-hold]"));
        Assert.Empty(cut.FindAll("button, input, select, textarea"));
        Assert.Contains("Only the Incident Commander and the Legal/Compliance Liaison", cut.Find("[data-testid=legal-records-hint]").TextContent);
    }
}
