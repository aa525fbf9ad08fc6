using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using System.Net.Http.Headers;

namespace CommandCenter.Tests.Api;

/// <summary>Bodies over 64 KiB on /api answer 413 whether or not the client declares a length, and write nothing.</summary>
public sealed class RequestBodyLimitTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const int Limit = 64 * 1024;
    private readonly HttpClient _client = factory.As("Ana Diaz");

    private static byte[] DeclareBody(int totalBytes)
    {
        var empty = JsonSerializer.SerializeToUtf8Bytes(new
        {
            title = "Big body", severity = "SEV3", archetype = "toxicity", system = "support-assistant", declaredBy = "Ana", summary = "",
        });
        var padded = JsonSerializer.SerializeToUtf8Bytes(new
        {
            title = "Big body", severity = "SEV3", archetype = "toxicity", system = "support-assistant", declaredBy = "Ana",
            summary = new string('x', totalBytes - empty.Length),
        });
        Assert.Equal(totalBytes, padded.Length);
        return padded;
    }

    [Fact]
    public async Task ABodyDeclaredLargerThan64KiBIsRefusedWith413AndNothingIsWritten()
    {
        var before = (await _client.ListIncidentsAsync()).Count;
        var content = new ByteArrayContent(DeclareBody(Limit + 1));
        content.Headers.ContentType = new("application/json");

        var problem = await (await _client.PostAsync("/api/incidents", content)).ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("64 KiB", problem.GetProperty("detail").GetString());
        Assert.Equal(before, (await _client.ListIncidentsAsync()).Count);
    }

    [Fact]
    public async Task ABodyOfUnknownLengthOver64KiBIsRefusedWith413()
    {
        var before = (await _client.ListIncidentsAsync()).Count;

        var response = await PostWithoutLengthAsync("/api/incidents", DeclareBody(Limit + 1));

        await response.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, (await _client.ListIncidentsAsync()).Count);
    }

    [Fact]
    public async Task ABodyOfUnknownLengthJustUnderTheLimitIsReadInFull()
    {
        // 4,000 characters of summary is the domain's own limit, so this body passes the size check and then fails
        // validation on the summary: proof the buffered body reached the endpoint whole.
        var response = await PostWithoutLengthAsync("/api/incidents", DeclareBody(Limit));

        var message = await response.ReadFieldErrorAsync("summary");
        Assert.Contains("4000", message);
    }

    [Fact]
    public async Task TheLimitAppliesToEveryApiPost()
    {
        var key = (await _client.ListIncidentsAsync()).First().Key;
        var body = Encoding.UTF8.GetBytes($"{{\"kind\":\"note\",\"author\":\"Ana\",\"text\":\"{new string('x', Limit)}\"}}");
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");

        await (await _client.PostAsync($"/api/incidents/{key}/timeline", content)).ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    /// <summary>
    /// Sends a body without Content-Length. HttpClient over TestServer always buffers and declares the length, so this
    /// builds the request context directly, as a chunked request over a real socket would arrive.
    /// </summary>
    private async Task<HttpResponseMessage> PostWithoutLengthAsync(string path, byte[] body)
    {
        var context = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Post;
            c.Request.Path = path;
            c.Request.ContentType = "application/json";
            c.Request.Headers.TransferEncoding = "chunked";
            c.Request.Headers.Cookie = factory.SessionCookie("Ana Diaz");
            c.Request.Body = new MemoryStream(body);
            // TestServer decides "this request has a body" from how HttpClient sent it; say so as Kestrel would for chunked.
            c.Features.Set<IHttpRequestBodyDetectionFeature>(new ChunkedBody());
        });
        var response = new HttpResponseMessage((HttpStatusCode)context.Response.StatusCode)
        {
            Content = new StreamContent(context.Response.Body),
        };
        response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(context.Response.ContentType!);
        return response;
    }

    private sealed class ChunkedBody : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }
}
