using CommandCenter.Core.Exercises;

namespace CommandCenter.Tests.Unit.Exercises;

public sealed class ExerciseClockTests
{
    private static readonly DateTime T0 = new(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc);

    private static DateTime At(double minutes) => T0.AddMinutes(minutes);

    [Fact]
    public void BeforeTheStartNoTimePasses() => Assert.Equal(TimeSpan.Zero, ExerciseClock.Elapsed([], At(30)));

    [Fact]
    public void ARunningClockFollowsTheWallClock() =>
        Assert.Equal(TimeSpan.FromMinutes(7), ExerciseClock.Elapsed([new(T0, ClockChangeKind.Start)], At(7)));

    [Fact]
    public void APausedClockStandsStillUntilResumed()
    {
        ClockChange[] history = [new(T0, ClockChangeKind.Start), new(At(5), ClockChangeKind.Pause), new(At(20), ClockChangeKind.Resume)];

        Assert.Equal(TimeSpan.FromMinutes(5), ExerciseClock.Elapsed(history[..2], At(15)));
        Assert.Equal(TimeSpan.FromMinutes(8), ExerciseClock.Elapsed(history, At(23)));
        Assert.True(ExerciseClock.IsRunning(history));
        Assert.False(ExerciseClock.IsRunning(history[..2]));
    }

    [Fact]
    public void SpeedingUpMultipliesOnlyTheTimeAfterTheChange()
    {
        ClockChange[] history = [new(T0, ClockChangeKind.Start), new(At(2), ClockChangeKind.Speed, 10)];

        // 2 minutes at 1x, then 3 wall minutes at 10x.
        Assert.Equal(TimeSpan.FromMinutes(32), ExerciseClock.Elapsed(history, At(5)));
        Assert.Equal(10, ExerciseClock.SpeedOf(history));
    }

    [Fact]
    public void ASpeedChangeWhilePausedAppliesFromTheResume()
    {
        ClockChange[] history =
        [
            new(T0, ClockChangeKind.Start), new(At(1), ClockChangeKind.Pause), new(At(2), ClockChangeKind.Speed, 5),
            new(At(4), ClockChangeKind.Resume),
        ];

        Assert.Equal(TimeSpan.FromMinutes(1 + 5 * 2), ExerciseClock.Elapsed(history, At(6)));
    }

    [Fact]
    public void AFinishedClockStopsForGood() =>
        Assert.Equal(TimeSpan.FromMinutes(4),
            ExerciseClock.Elapsed([new(T0, ClockChangeKind.Start), new(At(4), ClockChangeKind.Finish)], At(60)));

    [Fact]
    public void TheClockReadsAsMinutesAndSeconds() => Assert.Equal("T+75:05", ExerciseClock.Format(TimeSpan.FromSeconds(75 * 60 + 5)));
}
