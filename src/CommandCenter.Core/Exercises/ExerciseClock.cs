using System.Text.Json.Serialization;

namespace CommandCenter.Core.Exercises;

[JsonConverter(typeof(JsonStringEnumConverter<ClockChangeKind>))]
public enum ClockChangeKind
{
    [JsonStringEnumMemberName("start")] Start = 1,
    [JsonStringEnumMemberName("pause")] Pause = 2,
    [JsonStringEnumMemberName("resume")] Resume = 3,
    [JsonStringEnumMemberName("speed")] Speed = 4,
    [JsonStringEnumMemberName("finish")] Finish = 5,
}

/// <summary>One thing the facilitator did to the exercise clock, at a wall-clock time (UTC).</summary>
public sealed record ClockChange(DateTime At, ClockChangeKind Kind, int Speed = 1);

/// <summary>
/// Exercise time as a pure function of the clock's history and the wall clock: it runs from Start, stands still while
/// paused or finished, and runs <c>Speed</c> times faster than the wall clock after a speed change.
/// </summary>
public static class ExerciseClock
{
    public static readonly IReadOnlyList<int> Speeds = [1, 2, 5, 10];

    public static TimeSpan Elapsed(IReadOnlyList<ClockChange> history, DateTime now)
    {
        var elapsed = TimeSpan.Zero;
        DateTime? runningSince = null;
        var speed = 1;
        foreach (var change in history.OrderBy(c => c.At))
        {
            var at = change.At > now ? now : change.At;
            if (runningSince is { } since)
            {
                elapsed += (at - since) * speed;
                runningSince = at;
            }
            switch (change.Kind)
            {
                case ClockChangeKind.Start or ClockChangeKind.Resume:
                    runningSince ??= at;
                    break;
                case ClockChangeKind.Pause or ClockChangeKind.Finish:
                    runningSince = null;
                    break;
                case ClockChangeKind.Speed:
                    speed = Math.Max(1, change.Speed);
                    break;
            }
        }
        if (runningSince is { } running && now > running)
        {
            elapsed += (now - running) * speed;
        }
        return elapsed;
    }

    public static bool IsRunning(IReadOnlyList<ClockChange> history) =>
        history.LastOrDefault(c => c.Kind != ClockChangeKind.Speed)?.Kind is ClockChangeKind.Start or ClockChangeKind.Resume;

    public static int SpeedOf(IReadOnlyList<ClockChange> history) => history.LastOrDefault(c => c.Kind == ClockChangeKind.Speed)?.Speed ?? 1;

    /// <summary>"T+12:05" (minutes and seconds; hours fold into minutes).</summary>
    public static string Format(TimeSpan elapsed) => "T+" + Span(elapsed);

    /// <summary>"12:05": a countdown or a duration in minutes and seconds.</summary>
    public static string Span(TimeSpan span) => $"{(int)span.TotalMinutes:00}:{span.Seconds:00}";
}
