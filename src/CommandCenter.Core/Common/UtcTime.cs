namespace CommandCenter.Core.Common;

public static class UtcTime
{
    /// <summary>
    /// Everything CommandCenter stores and shows is UTC. A time that arrives without a zone (an API body without
    /// "Z", a datetime-local field labelled UTC) is taken as UTC, never as the server's local time.
    /// </summary>
    public static DateTime AsUtc(this DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
