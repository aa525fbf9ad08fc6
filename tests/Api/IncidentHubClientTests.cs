using System.Net;
using Microsoft.AspNetCore.Http.Connections.Client;
using CommandCenter.Client;

namespace CommandCenter.Tests.Api;

/// <summary>What the client puts on its connection (URL, cookies, token), seen by a handler that refuses every request.</summary>
public sealed class IncidentHubClientTests
{
    [Theory]
    [InlineData("http://cc.example/", "http://cc.example/hubs/incidents/negotiate")]
    [InlineData("http://cc.example/war-room", "http://cc.example/war-room/hubs/incidents/negotiate")]
    [InlineData("http://cc.example/war-room/", "http://cc.example/war-room/hubs/incidents/negotiate")]
    public async Task TheHubIsAtHubsIncidentsUnderTheBaseUrl(string baseUrl, string negotiateUrl)
    {
        var refusing = new RefusingHandler();
        await using var hub = IncidentHubClient.WithSessionCookie(new Uri(baseUrl), "commandcenter.session=abc",
            options => options.HttpMessageHandlerFactory = _ => refusing);

        await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());

        Assert.Equal(negotiateUrl, Assert.Single(refusing.Requests).RequestUri!.GetLeftPart(UriPartial.Path));
    }

    [Theory]
    [InlineData("commandcenter.session=abc", "commandcenter.session=abc")]
    [InlineData("abc", "commandcenter.session=abc")]
    [InlineData("commandcenter.session=chunks-2; commandcenter.sessionC1=ab; commandcenter.sessionC2=c",
        "commandcenter.session=chunks-2; commandcenter.sessionC1=ab; commandcenter.sessionC2=c")]
    public async Task TheSessionCookieGoesWithTheConnectionToTheAppsHost(string given, string sent)
    {
        HttpConnectionOptions? used = null;
        await using var hub = IncidentHubClient.WithSessionCookie(new Uri("http://cc.example:8080/"), given, options =>
        {
            used = options;
            options.HttpMessageHandlerFactory = _ => new RefusingHandler();
        });

        await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());

        Assert.NotNull(used);
        Assert.Equal(sent, used.Cookies.GetCookieHeader(new Uri("http://cc.example:8080/hubs/incidents")));
        Assert.Equal("", used.Cookies.GetCookieHeader(new Uri("http://elsewhere.example/hubs/incidents")));
    }

    [Fact]
    public void ACookieThatIsNotNameValuePairsIsRefusedAtOnce()
    {
        Assert.Throws<ArgumentException>(() => IncidentHubClient.WithSessionCookie(new Uri("http://cc.example/"), "a=b; =c"));
    }

    [Fact]
    public async Task AnAccessTokenIsSentAsABearerTokenAskedForOnEachConnect()
    {
        var refusing = new RefusingHandler();
        var issued = 0;
        await using var hub = IncidentHubClient.WithAccessToken(new Uri("http://cc.example/"),
            () => Task.FromResult<string?>($"token-{Interlocked.Increment(ref issued)}"),
            options => options.HttpMessageHandlerFactory = _ => refusing);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(["Bearer token-1", "Bearer token-2"], refusing.Requests.Select(r => r.Headers.Authorization?.ToString()));
    }

    /// <summary>Answers 401 to everything and keeps the requests.</summary>
    private sealed class RefusingHandler : HttpMessageHandler
    {
        private readonly List<HttpRequestMessage> _requests = [];

        public IReadOnlyList<HttpRequestMessage> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (_requests)
            {
                _requests.Add(request);
            }
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Unauthorized) { RequestMessage = request });
        }
    }
}
