using CommandCenter.Core.Accounts;
using CommandCenter.Tests.Unit.Support;

namespace CommandCenter.Tests.Unit;

public sealed class FailureThrottleTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void AKeyIsBlockedAtTheLimitUntilItsOldestFailureLeavesTheWindow()
    {
        var throttle = new FailureThrottle(3, TimeSpan.FromMinutes(5), _clock);
        throttle.RecordFailure("10.0.0.1");
        _clock.AdvanceMinutes(1);
        throttle.RecordFailure("10.0.0.1");
        Assert.False(throttle.IsBlocked("10.0.0.1", out _));
        throttle.RecordFailure("10.0.0.1");

        Assert.True(throttle.IsBlocked("10.0.0.1", out var retryAfter));
        Assert.Equal(TimeSpan.FromMinutes(4), retryAfter);
        _clock.AdvanceMinutes(4);
        Assert.False(throttle.IsBlocked("10.0.0.1", out _));
    }

    [Fact]
    public void KeysAreCountedApartAndFailuresOutsideTheWindowDoNotCount()
    {
        var throttle = new FailureThrottle(2, TimeSpan.FromMinutes(5), _clock);
        throttle.RecordFailure("a");
        _clock.AdvanceMinutes(6);
        throttle.RecordFailure("a");
        throttle.RecordFailure("b");

        Assert.False(throttle.IsBlocked("a", out _));
        Assert.False(throttle.IsBlocked("b", out _));
        Assert.False(throttle.IsBlocked("never-failed", out var none));
        Assert.Equal(TimeSpan.Zero, none);
    }

    [Fact]
    public void FailuresWhileBlockedExtendTheBlockOnlyAsFarAsTheNewestFailures()
    {
        var throttle = new FailureThrottle(2, TimeSpan.FromMinutes(5), _clock);
        throttle.RecordFailure("a");
        throttle.RecordFailure("a");
        _clock.AdvanceMinutes(2);
        throttle.RecordFailure("a");

        Assert.True(throttle.IsBlocked("a", out var retryAfter));
        Assert.Equal(TimeSpan.FromMinutes(3), retryAfter);
    }
}

public sealed class SignInPolicyTests
{
    [Theory]
    [InlineData(OrgRole.Responder, true)]
    [InlineData(OrgRole.Leadership, true)]
    [InlineData(OrgRole.Administrator, false)]
    public void FailedSignInsLockEveryoneButAdministrators(OrgRole role, bool locks) =>
        Assert.Equal(locks, SignInPolicy.LocksOutAfterFailedSignIns(role));
}
