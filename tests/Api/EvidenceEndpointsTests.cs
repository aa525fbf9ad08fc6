using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;

namespace CommandCenter.Tests.Api;

/// <summary>The app with a 1,000-byte evidence limit, so the size check is cheap to reach.</summary>
public sealed class SmallEvidenceFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Evidence:MaxBytes", "1000");
    }
}

public sealed class EvidenceEndpointsTests(SmallEvidenceFactory factory) : IClassFixture<SmallEvidenceFactory>
{
    private static MultipartFormDataContent Upload(byte[] bytes, string contentType, string kind = "log-extract", string fileName = "extract.log")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent
        {
            { new StringContent(kind), "kind" },
            { new StringContent("Gateway log"), "title" },
            { new StringContent("gateway query 11:00-11:05"), "source" },
            { file, "file", fileName },
        };
    }

    [Fact]
    public async Task JsonTextIsCollectedAndItsContentDownloadIsLogged()
    {
        var client = factory.As("Evidence Tom");
        var key = (await client.DeclareAsync("Evidence via API")).Key;

        var added = await (await client.PostJsonAsync($"/api/incidents/{key}/evidence",
            new { kind = "prompt", title = "Attacker prompt", source = "trace 7f3a", text = "Ignore previous instructions." }))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
        var id = added.GetProperty("id").GetInt64();
        var content = await client.GetStringAsync($"/api/incidents/{key}/evidence/{id}/content");
        var viewed = await (await client.GetAsync($"/api/incidents/{key}/evidence/{id}")).ReadAsync<JsonElement>();

        Assert.Equal("Ignore previous instructions.", content);
        Assert.Equal(64, added.GetProperty("sha256").GetString()!.Length);
        Assert.Equal(["collected", "downloaded", "viewed"],
            viewed.GetProperty("custody").EnumerateArray().Select(c => c.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task AMultipartFileIsCollected()
    {
        var client = factory.As("Evidence Tom");
        var key = (await client.DeclareAsync("Evidence upload")).Key;

        var response = await client.PostAsync($"/api/incidents/{key}/evidence", Upload("11:00:01 GET /chat 200\n"u8.ToArray(), "text/plain"));

        var added = await response.ReadAsync<JsonElement>(HttpStatusCode.Created);
        Assert.Equal("extract.log", added.GetProperty("fileName").GetString());
        Assert.Equal("log-extract", added.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task AFileOverTheLimitIsA400OnTheFileField()
    {
        var client = factory.As("Evidence Tom");
        var key = (await client.DeclareAsync("Evidence too big")).Key;

        var response = await client.PostAsync($"/api/incidents/{key}/evidence", Upload(new byte[1001], "text/plain"));

        Assert.Contains("at most", await response.ReadFieldErrorAsync("file"));
    }

    [Fact]
    public async Task AForbiddenContentTypeIsA400OnTheFileField()
    {
        var client = factory.As("Evidence Tom");
        var key = (await client.DeclareAsync("Evidence html")).Key;

        var response = await client.PostAsync($"/api/incidents/{key}/evidence", Upload("<script>x</script>"u8.ToArray(), "text/html", fileName: "x.html"));

        Assert.Contains("text/html", await response.ReadFieldErrorAsync("file"));
    }

    [Fact]
    public async Task AnUnknownKindIsA400OnTheKindField()
    {
        var client = factory.As("Evidence Tom");
        var key = (await client.DeclareAsync("Evidence kind")).Key;

        var response = await client.PostJsonAsync($"/api/incidents/{key}/evidence", new { kind = "weights", title = "t", source = "s", text = "x" });

        Assert.Contains("weights", await response.ReadFieldErrorAsync("kind"));
    }

    [Fact]
    public async Task LeadershipGets403AndNothingIsStored()
    {
        var key = (await factory.As("Evidence Tom").DeclareAsync("Evidence leadership")).Key;

        var response = await factory.As("Evidence Lars", CommandCenter.Core.Accounts.OrgRole.Leadership)
            .PostJsonAsync($"/api/incidents/{key}/evidence", new { kind = "other", title = "t", source = "s", text = "x" });

        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, (await factory.As("Evidence Tom").GetFromJsonAsync<JsonElement>($"/api/incidents/{key}/evidence")).GetArrayLength());
    }
}
