namespace CommandCenter.Tests.Unit.Support;

/// <summary>A clock that only moves when a test moves it, so every timestamp in a test is known in advance.</summary>
public sealed class ManualClock : TimeProvider
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private readonly Lock _lock = new();
    private DateTimeOffset _now;

    public ManualClock()
        : this(DefaultStart)
    {
    }

    public ManualClock(DateTimeOffset start) => _now = start.ToUniversalTime();

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public DateTime UtcNow => GetUtcNow().UtcDateTime;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    /// <summary>Moves the clock forward and returns the new time as a UTC <see cref="DateTime"/>.</summary>
    public DateTime Advance(TimeSpan by)
    {
        lock (_lock)
        {
            _now += by;
            return _now.UtcDateTime;
        }
    }

    public DateTime AdvanceMinutes(double minutes) => Advance(TimeSpan.FromMinutes(minutes));

    public void Set(DateTimeOffset to)
    {
        lock (_lock)
        {
            _now = to.ToUniversalTime();
        }
    }
}
