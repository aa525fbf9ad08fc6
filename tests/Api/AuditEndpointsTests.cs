using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Core.Accounts;

namespace CommandCenter.Tests.Api;

public sealed class AuditEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task VerifySaysTheTrailAndTimelinesAreIntactForAnAdministrator()
    {
        await factory.As("Audit Declarer").DeclareAsync("Audit check incident");

        var report = await (await factory.As("Audit Admin", OrgRole.Administrator).GetAsync("/api/audit/verify")).ReadAsync<JsonElement>();

        Assert.True(report.GetProperty("intact").GetBoolean());
        var trail = report.GetProperty("auditTrail");
        Assert.True(trail.GetProperty("intactUpTo").GetInt64() >= 1);
        Assert.Equal(JsonValueKind.Null, trail.GetProperty("firstBroken").ValueKind);
        Assert.Equal(0, report.GetProperty("brokenTimelines").GetArrayLength());
    }

    [Theory]
    [InlineData("/api/audit/verify", OrgRole.Responder)]
    [InlineData("/api/audit/verify", OrgRole.Leadership)]
    [InlineData("/api/audit", OrgRole.Responder)]
    public async Task OthersGet403(string path, OrgRole role)
    {
        var response = await factory.As("Audit Outsider " + role, role).GetAsync(path);

        await response.ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnonymousGets401() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Anonymous().GetAsync("/api/audit/verify")).StatusCode);

    [Fact]
    public async Task ACommandThroughTheApiIsRecordedWithTheClientsAddressAndUserAgent()
    {
        var client = factory.As("Audit Origin");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents")
        {
            Content = JsonContent.Create(new { title = "Origin check", severity = "SEV3", archetype = "toxicity", system = "support-assistant" }),
        };
        request.Headers.UserAgent.ParseAdd("AuditTests/1.0");
        request.Headers.Add(ApiFactory.ClientAddressHeader, "203.0.113.9");
        (await client.SendAsync(request)).EnsureSuccessStatusCode();

        var entries = await (await factory.As("Audit Admin", OrgRole.Administrator)
            .GetAsync("/api/audit?who=" + ApiFactory.UserNameOf("Audit Origin") + "&what=Incident.Declare")).ReadAsync<JsonElement>();

        var entry = entries.EnumerateArray().Single();
        Assert.Equal("203.0.113.9", entry.GetProperty("address").GetString());
        Assert.Equal("AuditTests/1.0", entry.GetProperty("userAgent").GetString());
        Assert.Equal("Done", entry.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task TheSearchExportsAsCsv()
    {
        await factory.As("Audit Csv").DeclareAsync("Csv check");

        var response = await factory.As("Audit Admin", OrgRole.Administrator).GetAsync("/api/audit?format=csv&what=Incident.Declare");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("sequence,at,user,name,role,command", csv);
        Assert.Contains("Incident.Declare", csv);
    }
}
