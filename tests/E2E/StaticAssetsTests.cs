using System.Collections.Concurrent;
using System.Net;
using CommandCenter.Tests.E2E.Infrastructure;
using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E;

/// <summary>
/// The app run from its build output in the Testing environment serves the assets the pages link to: without
/// UseStaticWebAssets() the _content/ files of Razor class libraries 404 outside Development and pages render unstyled.
/// </summary>
public sealed class StaticAssetsTests(BrowserFixture browser, AppFixture fixture)
    : BrowserTest(browser, fixture), IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("_content/MudBlazor/MudBlazor.min.css", "text/css")]
    [InlineData("_content/MudBlazor/MudBlazor.min.js", "javascript")]
    [InlineData("lib/apexcharts/apexcharts.min.js", "javascript")]
    [InlineData("_framework/blazor.web.js", "javascript")]
    [InlineData("js/charts.js", "javascript")]
    [InlineData("favicon.svg", "image/svg+xml")]
    public async Task ServesStaticAssetInTestingEnvironment(string path, string contentType)
    {
        using var http = new HttpClient { BaseAddress = App.BaseUrl };

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(contentType, response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0, $"{path} is empty");
    }

    [Fact]
    public async Task HealthAnswersHealthyOnTheFreshDatabase()
    {
        using var http = new HttpClient { BaseAddress = App.BaseUrl };

        var body = await http.GetStringAsync("health");

        Assert.Equal("Healthy", body);
    }

    [Fact]
    public void RunsInTheTestingEnvironmentOnTheRequestedLoopbackPort()
    {
        Assert.Contains("Hosting environment: Testing", App.Output, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", App.BaseUrl.Host);
        Assert.NotEqual(0, App.BaseUrl.Port);
    }

    [Fact]
    public Task TheBoardLoadsEveryAssetItLinksToInTheBrowser() => RunAsync(async () =>
    {
        var failures = new ConcurrentQueue<string>();
        Page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failures.Enqueue($"{response.Status} {response.Url}");
            }
        };
        Page.RequestFailed += (_, request) => failures.Enqueue($"{request.Failure} {request.Url}");

        await SignInAsync(Page, "Maya Chen");
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Empty(failures);
        var stylesheets = await Page.EvaluateAsync<string[]>("() => [...document.styleSheets].map(s => s.href ?? '')");
        Assert.Contains(stylesheets, href => href.Contains("_content/MudBlazor/MudBlazor.min.css", StringComparison.Ordinal));
        Assert.True(await Page.EvaluateAsync<bool>("() => typeof window.mudElementRef === 'object'"), "MudBlazor.min.js did not load");
        Assert.True(await Page.EvaluateAsync<bool>("() => typeof window.ApexCharts === 'function'"), "apexcharts did not load");
        Assert.True(await Page.EvaluateAsync<bool>("() => typeof window.Blazor === 'object'"), "blazor.web.js did not load");
    });
}
