using System.Net;
using System.Net.Http.Json;
using CommandCenter.Core.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Api;

/// <summary>
/// A session cookie stops working on the very next request once the session is ended on the server: signing out, a
/// role change, a new password or a lock. A cookie copied off a machine is worth nothing after its owner signs out.
/// </summary>
public sealed class SessionRevocationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly Actor Administrator = Actor.Automation("API tests");

    private HttpClient Raw() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private async Task<HttpStatusCode> WhoAmIAsync(string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/session");
        request.Headers.Add("Cookie", cookie);
        return (await Raw().SendAsync(request)).StatusCode;
    }

    private async Task<HttpResponseMessage> SendWithAsync(string cookie, HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        return await Raw().SendAsync(request);
    }

    [Fact]
    public async Task ACookieCopiedBeforeSigningOutOfTheApiIsRefusedRightAfter()
    {
        var cookie = factory.SessionCookie("Cody Copied");
        var copy = cookie;
        Assert.Equal(HttpStatusCode.OK, await WhoAmIAsync(copy));

        Assert.Equal(HttpStatusCode.NoContent, (await SendWithAsync(cookie, HttpMethod.Delete, "/api/session")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await WhoAmIAsync(copy));
        var declare = new HttpRequestMessage(HttpMethod.Post, "/api/incidents")
        {
            Content = JsonContent.Create(new { title = "From a stolen cookie", severity = "SEV3", archetype = "toxicity", system = "support-assistant" }),
        };
        declare.Headers.Add("Cookie", copy);
        await (await Raw().SendAsync(declare)).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ACookieCopiedBeforeTheSignOutFormIsRefusedRightAfter()
    {
        var cookie = factory.SessionCookie("Sue Signout");
        Assert.Equal(HttpStatusCode.OK, await WhoAmIAsync(cookie));

        var signedOut = await SendWithAsync(cookie, HttpMethod.Post, "/signout");

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await WhoAmIAsync(cookie));
    }

    [Fact]
    public async Task SigningInAgainAfterSigningOutWorks()
    {
        var before = factory.SessionCookie("Ava Again");
        await SendWithAsync(before, HttpMethod.Delete, "/api/session");

        var after = factory.SessionCookie("Ava Again");

        Assert.Equal(HttpStatusCode.OK, await WhoAmIAsync(after));
        Assert.Equal(HttpStatusCode.Unauthorized, await WhoAmIAsync(before));
    }

    [Theory]
    [InlineData("role")]
    [InlineData("password")]
    [InlineData("lock")]
    public async Task AnAdministratorsChangeEndsTheSessionOnItsNextRequest(string change)
    {
        var name = $"Cam Change {change}";
        var cookie = factory.SessionCookie(name);
        Assert.Equal(HttpStatusCode.OK, await WhoAmIAsync(cookie));
        var accounts = factory.Services.GetRequiredService<AccountService>();
        var userName = ApiFactory.UserNameOf(name);

        await (change switch
        {
            "role" => accounts.ChangeRoleAsync(userName, "leadership", Administrator),
            "password" => accounts.SetPasswordAsync(userName, "a-brand-new-password", Administrator),
            _ => accounts.SetLockedAsync(userName, true, Administrator),
        });

        Assert.Equal(HttpStatusCode.Unauthorized, await WhoAmIAsync(cookie));
    }
}
