using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CommandCenter.Identity;

/// <summary>The "Security:SignIn" configuration section.</summary>
public sealed class SignInSecurityOptions
{
    public const string Section = "Security:SignIn";

    /// <summary>Failed sign-ins one client address may make within <see cref="Window"/> before it is answered 429.</summary>
    public int MaxFailuresPerClient { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Added to every failed sign-in, so even the first guesses come slowly.</summary>
    public TimeSpan FailureDelay { get; set; } = TimeSpan.FromMilliseconds(300);
}

/// <summary>Failed sign-ins per client address (one per app instance, in memory).</summary>
public sealed class SignInThrottle(IOptions<SignInSecurityOptions> options, TimeProvider clock)
{
    public FailureThrottle PerClient { get; } = new(options.Value.MaxFailuresPerClient, options.Value.Window, clock);

    /// <summary>The address a request comes from, as the throttle counts it.</summary>
    public static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}

/// <summary>What a sign-in attempt came to: signed in, refused (with the one message every refusal gets) or throttled.</summary>
public sealed record SignInOutcome(bool Succeeded, string? Failure, TimeSpan? RetryAfter)
{
    public static readonly SignInOutcome Success = new(true, null, null);

    public bool Throttled => RetryAfter is not null;

    public static SignInOutcome Refused(string failure) => new(false, failure, null);

    public static SignInOutcome TooManyFailures(TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var wait = seconds >= 90 ? $"{Math.Ceiling(seconds / 60.0):0} minutes" : $"{seconds} seconds";
        return new(false, $"Too many failed sign-ins from your address. Wait {wait} and try again.", TimeSpan.FromSeconds(seconds));
    }
}

/// <summary>
/// Password sign-in that tells a guesser nothing: an unknown name, a wrong password and a locked account all get
/// <see cref="SignInPolicy.Failed"/> and all cost one password hash check (a dummy one for unknown names and locked
/// accounts), so neither the answer nor its timing says which it was. Failures are counted per client address and
/// delayed; administrators are not locked out by failures (<see cref="SignInPolicy.LocksOutAfterFailedSignIns"/>).
/// </summary>
public sealed partial class PasswordSignIn(
    SignInManager<AppUser> signIn,
    UserManager<AppUser> users,
    IPasswordHasher<AppUser> hasher,
    SignInThrottle throttle,
    IOptions<SignInSecurityOptions> options,
    ILogger<PasswordSignIn> logger)
{
    private static readonly AppUser Nobody = new() { UserName = "nobody" };
    private static string? _dummyHash;

    public async Task<SignInOutcome> SignInAsync(HttpContext context, string? userName, string? password)
    {
        var client = SignInThrottle.ClientOf(context);
        if (throttle.PerClient.IsBlocked(client, out var retryAfter))
        {
            LogThrottled(LogText.Escape(userName, 100), client);
            return SignInOutcome.TooManyFailures(retryAfter);
        }
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            return SignInOutcome.Refused("Enter your user name and password.");
        }
        var user = await users.FindByNameAsync(userName.Trim());
        if (user is not null && !await users.IsLockedOutAsync(user))
        {
            var result = await signIn.PasswordSignInAsync(user, password, isPersistent: true,
                lockoutOnFailure: SignInPolicy.LocksOutAfterFailedSignIns(user.OrgRole));
            if (result.Succeeded)
            {
                return SignInOutcome.Success;
            }
        }
        else
        {
            // The same work as checking a real password, so the time taken does not tell unknown or locked apart.
            hasher.VerifyHashedPassword(Nobody, DummyHash(), password);
        }
        throttle.PerClient.RecordFailure(client);
        LogFailed(LogText.Escape(userName, 100), client);
        await Task.Delay(options.Value.FailureDelay);
        return SignInOutcome.Refused(SignInPolicy.Failed);
    }

    /// <summary>Ends the session everywhere: a new security stamp makes every cookie issued before it worthless.</summary>
    public async Task SignOutAsync(HttpContext context)
    {
        if (await users.GetUserAsync(context.User) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }
        await signIn.SignOutAsync();
    }

    private string DummyHash() => _dummyHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString("N"));

    [LoggerMessage(LogLevel.Warning, "Sign-in failed for '{UserName}' from {Client}")]
    private partial void LogFailed(string userName, string client);

    [LoggerMessage(LogLevel.Warning, "Sign-in refused for '{UserName}' from {Client}: too many failures from that address")]
    private partial void LogThrottled(string userName, string client);
}
