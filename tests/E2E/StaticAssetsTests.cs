using System.Net;
using CommandCenter.Tests.E2E.Infrastructure;

namespace CommandCenter.Tests.E2E;

/// <summary>
/// The app run from its build output in the Testing environment serves the assets the pages link to: without
/// UseStaticWebAssets() the _content/ files of Razor class libraries 404 outside Development and pages render unstyled.
/// </summary>
public sealed class StaticAssetsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("_content/Radzen.Blazor/css/material-base.css", "text/css")]
    [InlineData("_content/Radzen.Blazor/Radzen.Blazor.js", "javascript")]
    [InlineData("lib/apexcharts/apexcharts.min.js", "javascript")]
    [InlineData("_framework/blazor.web.js", "javascript")]
    [InlineData("js/charts.js", "javascript")]
    [InlineData("favicon.svg", "image/svg+xml")]
    public async Task ServesStaticAssetInTestingEnvironment(string path, string contentType)
    {
        using var http = new HttpClient { BaseAddress = fixture.BaseUrl };

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(contentType, response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0, $"{path} is empty");
    }

    [Fact]
    public async Task HealthAnswersHealthyOnTheFreshDatabase()
    {
        using var http = new HttpClient { BaseAddress = fixture.BaseUrl };

        var body = await http.GetStringAsync("health");

        Assert.Equal("Healthy", body);
    }

    [Fact]
    public void RunsInTheTestingEnvironmentOnTheRequestedLoopbackPort()
    {
        Assert.Contains("Hosting environment: Testing", fixture.App.Output, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", fixture.BaseUrl.Host);
        Assert.NotEqual(0, fixture.BaseUrl.Port);
    }
}
