using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CommandCenter.Tests.Api;

/// <summary>Pages and API answers carry a content security policy, nosniff and a referrer policy, errors included.</summary>
public sealed class SecurityHeadersTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "connect-src 'self' ws: wss:; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    private static void AssertHeaders(HttpResponseMessage response)
    {
        Assert.Equal(Policy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Theory]
    [InlineData("/signin")]
    [InlineData("/setup")]
    public async Task PagesCarryTheSecurityHeaders(string path)
    {
        var response = await factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync(path);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.Found, $"{path}: {response.StatusCode}");
        AssertHeaders(response);
    }

    [Fact]
    public async Task TheSignedInBoardCarriesThemToo()
    {
        var response = await factory.As("Hedda Headers").GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        AssertHeaders(response);
    }

    [Theory]
    [InlineData("/api/incidents", HttpStatusCode.OK)]
    [InlineData("/api/incidents/INC-1999-0001", HttpStatusCode.NotFound)]
    [InlineData("/health", HttpStatusCode.OK)]
    public async Task ApiAnswersCarryThemIncludingErrors(string path, HttpStatusCode expected)
    {
        var response = await factory.As("Hedda Headers").GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        AssertHeaders(response);
    }

    [Fact]
    public async Task AnUnauthenticatedApiAnswerCarriesThem()
    {
        var response = await factory.Anonymous().GetAsync("/api/incidents");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertHeaders(response);
    }
}
