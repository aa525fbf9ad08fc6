using CommandCenter.Core.Common;

namespace CommandCenter.Tests.Unit;

public class UtcTimeTests
{
    [Fact]
    public void AsUtcTakesAZonelessTimeAsUtcNotServerLocal()
    {
        var zoneless = new DateTime(2026, 11, 22, 9, 30, 0, DateTimeKind.Unspecified);

        var utc = zoneless.AsUtc();

        Assert.Equal(DateTimeKind.Utc, utc.Kind);
        Assert.Equal(zoneless.Ticks, utc.Ticks);
    }

    [Fact]
    public void AsUtcKeepsUtcAndConvertsLocal()
    {
        var utc = new DateTime(2026, 11, 22, 9, 30, 0, DateTimeKind.Utc);
        var local = utc.ToLocalTime();

        Assert.Equal(utc, utc.AsUtc());
        Assert.Equal(utc, local.AsUtc());
        Assert.Equal(DateTimeKind.Utc, local.AsUtc().Kind);
    }
}
