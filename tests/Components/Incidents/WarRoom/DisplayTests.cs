using CommandCenter.Components.Incidents.WarRoom;
using CommandCenter.Components.Shared;

namespace CommandCenter.Tests.Components.Incidents.WarRoom;

public class DisplayTests
{
    [Theory]
    [InlineData("Playbook gate “gate-personal-data”: Is personal data exposed? Yes.", "Playbook gate: Is personal data exposed? Yes.")]
    [InlineData("Playbook step “preserve-evidence” done: Export the logs.", "Playbook step done: Export the logs.")]
    [InlineData("Asked “Maya” to confirm", "Asked “Maya” to confirm")]
    public void LeavesInternalStepIdsOutOfTimelineText(string stored, string shown) => Assert.Equal(shown, Display.TimelineText(stored));

    [Theory]
    [InlineData(0, "just overdue")]
    [InlineData(59, "just overdue")]
    [InlineData(60, "overdue by 1 min")]
    [InlineData(61 * 60, "overdue by 1h 01m")]
    public void NeverSaysOverdueByZeroMinutes(int seconds, string text) => Assert.Equal(text, Display.Overdue(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(1, "due in 1 min")]
    [InlineData(61, "due in 2 min")]
    public void RoundsTimeLeftUp(int seconds, string text) => Assert.Equal(text, Display.DueIn(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData("2026-12-02T10:15", 10, 15, 0)]
    [InlineData("2026-12-02T10:15:30", 10, 15, 30)]
    [InlineData("2026-12-02T10:15:30.500", 10, 15, 30)]
    public void ReadsEveryFormABrowserSendsForADateTimeLocal(string value, int hour, int minute, int second)
    {
        var parsed = TimelineComposer.ParseLocal(value)!.Value;

        Assert.Equal(new DateTime(2026, 12, 2, hour, minute, second, DateTimeKind.Utc), parsed.AddTicks(-(parsed.Ticks % TimeSpan.TicksPerSecond)));
        Assert.Equal(DateTimeKind.Utc, parsed.Kind);
    }

    [Fact]
    public void ReadsAnIncompleteDateTimeAsNothing() => Assert.Null(TimelineComposer.ParseLocal("2026-12-"));
}
