using System.Net;
using System.Text;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Integrations;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Api;

/// <summary>
/// Cross-site form posts: a browser sends the session cookie with a POST another site makes it send, so every
/// state-changing request says where it came from (Origin, or Referer) and one from another site is refused. Scripts that
/// hold the cookie send neither header and keep working; ingestion authenticates with API keys and is exempt.
/// </summary>
public sealed class SameOriginTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Evil = "https://evil.example";

    private static HttpRequestMessage Declare(string title, string? origin = null, string? referer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents")
        {
            Content = new StringContent(
                $$"""{"title":"{{title}}","severity":"SEV3","archetype":"toxicity","system":"support-assistant"}""", Encoding.UTF8, "application/json"),
        };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        if (referer is not null)
        {
            request.Headers.Referrer = new Uri(referer);
        }
        return request;
    }

    private async Task<bool> ExistsAsync(string title) =>
        (await factory.As("Olga Origin").ListIncidentsAsync()).Any(i => i.Title == title);

    [Theory]
    [InlineData(Evil, null)]
    [InlineData("null", null)]
    [InlineData("http://localhost:8080", null)]
    [InlineData("http://localhost.evil.example", null)]
    [InlineData(null, "https://evil.example/form.html")]
    public async Task AStateChangingRequestFromAnotherSiteIsRefused(string? origin, string? referer)
    {
        var title = $"Cross-site {Guid.NewGuid():N}";

        var response = await factory.As("Olga Origin").SendAsync(Declare(title, origin, referer));

        var problem = await response.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("another site", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(await ExistsAsync(title));
    }

    [Theory]
    [InlineData("http://localhost", null)]
    [InlineData("HTTP://LOCALHOST", null)]
    [InlineData(null, "http://localhost/incidents/INC-2026-0001")]
    [InlineData(null, null)]
    public async Task TheAppsOwnPagesAndScriptsWithoutOriginAreAllowed(string? origin, string? referer)
    {
        var title = $"Same site {Guid.NewGuid():N}";

        var response = await factory.As("Olga Origin").SendAsync(Declare(title, origin, referer));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(await ExistsAsync(title));
    }

    [Fact]
    public async Task ReadsAreNotRefused()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/incidents");
        request.Headers.Add("Origin", Evil);

        var response = await factory.As("Olga Origin").SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("PUT", "/api/systems/support-assistant", """{"name":"Renamed from elsewhere"}""")]
    [InlineData("DELETE", "/api/session", null)]
    [InlineData("POST", "/signout", null)]
    [InlineData("POST", "/api/session", """{"userName":"maya","password":"war-room-demo"}""")]
    [InlineData("POST", "/signin", null)]
    [InlineData("POST", "/setup", null)]
    public async Task SessionAccountAndOtherEndpointsAreCheckedToo(string method, string path, string? body)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var cookie = factory.SessionCookie("Otto Origin");
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("Origin", Evil);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        else if (method == "POST")
        {
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = "maya", ["password"] = "war-room-demo" });
        }

        var response = await client.SendAsync(request);

        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie");
        var stillSignedIn = new HttpRequestMessage(HttpMethod.Get, "/api/session");
        stillSignedIn.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(stillSignedIn)).StatusCode);
    }

    [Fact]
    public async Task IngestionWithAnApiKeyIsExempt()
    {
        var key = await factory.Services.GetRequiredService<ApiKeyService>()
            .CreateAsync(new CreateApiKey("Origin exemption", "monitoring", null), Actor.Automation("API tests"));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/signals")
        {
            Content = new StringContent("""{"system":"support-assistant","kind":"prompt-injection-hit","value":0.04,"threshold":0.01}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", Evil);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key.Secret);

        var response = await factory.Anonymous().SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
