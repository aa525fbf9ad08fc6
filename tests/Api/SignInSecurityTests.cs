using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Integrations;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Api;

/// <summary>Counts password hash checks, to see that every failed sign-in costs the same work.</summary>
public sealed class HashCounter
{
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public void Count() => Interlocked.Increment(ref _verifications);
}

internal sealed class CountingPasswordHasher(HashCounter counter) : IPasswordHasher<AppUser>
{
    private readonly PasswordHasher<AppUser> _inner = new();

    public string HashPassword(AppUser user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
    {
        counter.Count();
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>The app with a counted password hasher and a short failure delay (the default is there to slow guessing, not tests).</summary>
public sealed class SignInApiFactory : ApiFactory
{
    public HashCounter Hashes { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Security:SignIn:FailureDelay", "00:00:00.010");
        builder.ConfigureTestServices(services => services.AddScoped<IPasswordHasher<AppUser>>(_ => new CountingPasswordHasher(Hashes)));
    }
}

/// <summary>
/// Sign-in tells an attacker nothing (unknown user, wrong password and locked account look and cost the same), throttles
/// guessing per client address, cannot be used to lock administrators out, and never redirects off the site.
/// </summary>
public sealed class SignInSecurityTests(SignInApiFactory factory) : IClassFixture<SignInApiFactory>
{
    private const string Uniform = "That user name and password do not match an account.";
    private static int _addresses;

    /// <summary>A client that looks like it comes from its own IP address, so tests do not share a throttle.</summary>
    private HttpClient ClientFromNewAddress(out string address)
    {
        var n = Interlocked.Increment(ref _addresses);
        address = $"10.77.{n / 250}.{n % 250 + 1}";
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(ApiFactory.ClientAddressHeader, address);
        return client;
    }

    private HttpClient ClientFromNewAddress() => ClientFromNewAddress(out _);

    private async Task<string> AccountAsync(string displayName, OrgRole role = OrgRole.Responder)
    {
        var userName = ApiFactory.UserNameOf(displayName, role);
        await factory.Services.GetRequiredService<AccountService>()
            .CreateAsync(new CreateUser(userName, displayName, role.Code(), ApiFactory.Password), Actor.Automation("API tests"));
        return userName;
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password) =>
        client.PostAsJsonAsync("/api/session", new { userName, password });

    private static async Task<string> FailureDetailAsync(HttpResponseMessage response) =>
        (await response.ReadProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("detail").GetString()!;

    /// <summary>Posts the sign-in form as the browser does: the page first (antiforgery token and cookie), then the form.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string userName, string password, string returnUrl = "/")
    {
        var page = await client.GetStringAsync("/signin");
        var input = Regex.Match(page, "<input[^>]*name=\"__RequestVerificationToken\"[^>]*>").Value;
        var token = Regex.Match(input, "value=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "No antiforgery token on the sign-in page.");
        return await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["userName"] = userName,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        }));
    }

    private static string ErrorShownOnTheForm(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        var query = location[(location.IndexOf('?') + 1)..].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        return query["error"];
    }

    private async Task LockAsync(string userName) =>
        await factory.Services.GetRequiredService<AccountService>().SetLockedAsync(userName, true, Actor.Automation("API tests"));

    [Fact]
    public async Task AnUnknownUserAWrongPasswordAndALockedAccountGetTheSameAnswer()
    {
        var known = await AccountAsync("Uma Uniform");
        var locked = await AccountAsync("Lou Locked");
        await LockAsync(locked);
        var client = ClientFromNewAddress();

        var unknown = await FailureDetailAsync(await SignInAsync(client, "nobody.here", "whatever-password"));
        var wrong = await FailureDetailAsync(await SignInAsync(client, known, "not-the-password"));
        var lockedOut = await FailureDetailAsync(await SignInAsync(client, locked, ApiFactory.Password));

        Assert.Equal(Uniform, unknown);
        Assert.Equal(Uniform, wrong);
        Assert.Equal(Uniform, lockedOut);
    }

    [Fact]
    public async Task AnUnknownUserAndALockedAccountCostAPasswordHashCheckLikeAWrongPassword()
    {
        var known = await AccountAsync("Hal Hash");
        var locked = await AccountAsync("Lia Locked");
        await LockAsync(locked);
        var client = ClientFromNewAddress();

        async Task<int> ChecksFor(string userName, string password)
        {
            var before = factory.Hashes.Verifications;
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(client, userName, password)).StatusCode);
            return factory.Hashes.Verifications - before;
        }

        Assert.Equal(1, await ChecksFor(known, "not-the-password"));
        Assert.Equal(1, await ChecksFor("nobody.at.all", "not-the-password"));
        Assert.Equal(1, await ChecksFor(locked, ApiFactory.Password));
    }

    [Fact]
    public async Task TheSignInFormSaysTheSameForAnUnknownUserAWrongPasswordAndALockedAccount()
    {
        var known = await AccountAsync("Fay Form");
        var locked = await AccountAsync("Flo Locked");
        await LockAsync(locked);
        var client = ClientFromNewAddress();

        var messages = new[]
        {
            ErrorShownOnTheForm(await PostFormAsync(client, "nobody.there", "whatever-password")),
            ErrorShownOnTheForm(await PostFormAsync(client, known, "not-the-password")),
            ErrorShownOnTheForm(await PostFormAsync(client, locked, ApiFactory.Password)),
        };

        Assert.All(messages, m => Assert.Equal(Uniform, m));
    }

    [Fact]
    public async Task AResponderIsLockedAfterFiveFailuresWithoutBeingToldSo()
    {
        var userName = await AccountAsync("Rey Responder");
        var client = ClientFromNewAddress();
        for (var i = 0; i < 5; i++)
        {
            await FailureDetailAsync(await SignInAsync(client, userName, "wrong-password-" + i));
        }

        var detail = await FailureDetailAsync(await SignInAsync(client, userName, ApiFactory.Password));

        Assert.Equal(Uniform, detail);
        var view = (await factory.Services.GetRequiredService<AccountService>().ListAsync()).Single(u => u.UserName == userName);
        Assert.True(view.LockedOut);
    }

    [Fact]
    public async Task FailedSignInsDoNotLockAnAdministratorOut()
    {
        var userName = await AccountAsync("Ada Unlockable", OrgRole.Administrator);
        var attacker = ClientFromNewAddress();
        for (var i = 0; i < 8; i++)
        {
            await FailureDetailAsync(await SignInAsync(attacker, userName, "wrong-password-" + i));
        }

        var response = await SignInAsync(ClientFromNewAddress(), userName, ApiFactory.Password);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var view = (await factory.Services.GetRequiredService<AccountService>().ListAsync()).Single(u => u.UserName == userName);
        Assert.False(view.LockedOut);
    }

    [Fact]
    public async Task TenFailuresFromOneAddressAreAnswered429WithRetryAfterWhileOtherAddressesSignIn()
    {
        var userName = await AccountAsync("Tim Throttle");
        var guesser = ClientFromNewAddress();
        for (var i = 0; i < 10; i++)
        {
            await FailureDetailAsync(await SignInAsync(guesser, $"guess.{i}", "password-guess"));
        }

        var throttled = await SignInAsync(guesser, userName, ApiFactory.Password);

        var problem = await throttled.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("Too many failed sign-ins", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(throttled.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 and <= 300 }, $"Retry-After: {throttled.Headers.RetryAfter}");
        Assert.DoesNotContain(throttled.Headers, h => h.Key == "Set-Cookie");
        Assert.Equal(HttpStatusCode.NoContent, (await SignInAsync(ClientFromNewAddress(), userName, ApiFactory.Password)).StatusCode);
    }

    [Fact]
    public async Task TheSignInFormIsThrottledPerAddressToo()
    {
        var userName = await AccountAsync("Tess Throttle");
        var guesser = ClientFromNewAddress();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(Uniform, ErrorShownOnTheForm(await PostFormAsync(guesser, $"form.guess.{i}", "password-guess")));
        }

        var throttled = await PostFormAsync(guesser, userName, ApiFactory.Password);

        Assert.StartsWith("Too many failed sign-ins", ErrorShownOnTheForm(throttled), StringComparison.Ordinal);
        Assert.NotNull(throttled.Headers.RetryAfter);
        Assert.DoesNotContain(throttled.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("commandcenter.session=", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("/\r\n/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData(" /status")]
    [InlineData("/status\u0007")]
    [InlineData("/\u001b/evil.example")]
    public async Task AReturnUrlThatIsNotAPlainLocalPathFallsBackToTheBoard(string returnUrl)
    {
        var userName = await AccountAsync($"Rex Return {Guid.NewGuid():N}"[..20]);

        var response = await PostFormAsync(ClientFromNewAddress(), userName, ApiFactory.Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ALocalReturnUrlIsFollowed()
    {
        var userName = await AccountAsync("Rae Return");

        var response = await PostFormAsync(ClientFromNewAddress(), userName, ApiFactory.Password, "/incidents/INC-2026-0001/legal?tab=clocks");

        Assert.Equal("/incidents/INC-2026-0001/legal?tab=clocks", response.Headers.Location!.OriginalString);
    }

    private static HttpRequestMessage Signal(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/signals")
        {
            Content = JsonContent.Create(new { system = "support-assistant", kind = "prompt-injection-hit", value = 0.04, threshold = 0.01 }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    private static string WrongKey(string prefix = "cck_") => prefix + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task RepeatedBadApiKeysFromOneAddressAreAnswered429()
    {
        var valid = await factory.Services.GetRequiredService<ApiKeyService>()
            .CreateAsync(new CreateApiKey("Throttle per address", "monitoring", null), Actor.Automation("API tests"));
        var guesser = ClientFromNewAddress();
        for (var i = 0; i < 20; i++)
        {
            await (await guesser.SendAsync(Signal(WrongKey()))).ReadProblemAsync(HttpStatusCode.Unauthorized);
        }

        var throttled = await guesser.SendAsync(Signal(valid.Secret));

        await throttled.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(throttled.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Accepted, (await ClientFromNewAddress().SendAsync(Signal(valid.Secret))).StatusCode);
    }

    [Fact]
    public async Task RepeatedGuessesAtOneKeyPrefixAreAnswered429FromAnyAddress()
    {
        const string prefix = "cck_GUESSme_";
        for (var i = 0; i < 20; i++)
        {
            await (await ClientFromNewAddress().SendAsync(Signal(WrongKey(prefix)))).ReadProblemAsync(HttpStatusCode.Unauthorized);
        }

        var throttled = await ClientFromNewAddress().SendAsync(Signal(WrongKey(prefix)));

        await throttled.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(throttled.Headers.RetryAfter);
        await (await ClientFromNewAddress().SendAsync(Signal(WrongKey("cck_OTHERpx_")))).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }
}
