using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Core.Accounts;

namespace CommandCenter.Tests.Api;

/// <summary>DELETE /api/incidents/{key}/evidence/{id}: who may, the reason, legal hold, and what stays.</summary>
public sealed class EvidenceDeletionEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private async Task<(HttpClient Commander, string Key, long Id)> EvidenceAsync(string commander)
    {
        var client = factory.As(commander);
        var key = (await client.DeclareAsync("Evidence deletion", takeCommand: true)).Key;
        var added = await (await client.PostJsonAsync($"/api/incidents/{key}/evidence",
            new { kind = "output", title = "Reply", source = "ticket 4411", text = $"reply for {commander}" })).ReadAsync<JsonElement>(HttpStatusCode.Created);
        return (client, key, added.GetProperty("id").GetInt64());
    }

    private static Task<HttpResponseMessage> DeleteAsync(HttpClient client, string key, long id, object? body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/incidents/{key}/evidence/{id}")
        {
            Content = body is null ? null : JsonContent.Create(body),
        });

    [Fact]
    public async Task TheCommanderDeletesWithAReasonAndTheContentIsGoneButTheRecordStays()
    {
        var (commander, key, id) = await EvidenceAsync("Deleting Commander");

        var deleted = await (await DeleteAsync(commander, key, id, new { reason = "customer PII pasted by mistake" })).ReadAsync<JsonElement>();
        var content = await commander.GetAsync($"/api/incidents/{key}/evidence/{id}/content");
        var again = await DeleteAsync(commander, key, id, new { reason = "twice" });

        Assert.True(deleted.GetProperty("contentRemoved").GetBoolean());
        Assert.Equal(64, deleted.GetProperty("sha256").GetString()!.Length);
        var last = deleted.GetProperty("custody").EnumerateArray().Last();
        Assert.Equal("deleted", last.GetProperty("action").GetString());
        Assert.Equal("deleted by Deleting Commander: customer PII pasted by mistake", last.GetProperty("detail").GetString());
        Assert.Contains("was deleted", (await content.ReadProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        await again.ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task AnotherResponderGets403AndLeadershipToo()
    {
        var (_, key, id) = await EvidenceAsync("Owning Commander");

        var responder = await (await DeleteAsync(factory.As("Other Responder"), key, id, new { reason = "x" })).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await DeleteAsync(factory.As("Deletion Leader", OrgRole.Leadership), key, id, new { reason = "x" })).ReadProblemAsync(HttpStatusCode.Forbidden);

        Assert.Contains("Only the Incident Commander (Owning Commander) or an administrator", responder.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task WithoutAReasonIs400OnReasonAndUnderLegalHoldIs409ForAnAdministratorToo()
    {
        var (commander, key, id) = await EvidenceAsync("Holding Commander");

        var missing = await DeleteAsync(commander, key, id, null);
        Assert.NotEmpty(await missing.ReadFieldErrorAsync("reason"));
        (await commander.PostJsonAsync($"/api/incidents/{key}/legal-hold", new { on = true, reason = "regulator inquiry" })).EnsureSuccessStatusCode();
        var held = await (await DeleteAsync(factory.As("Deletion Admin", OrgRole.Administrator), key, id, new { reason = "cleanup" }))
            .ReadProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("legal hold", held.GetProperty("detail").GetString());
        var content = await commander.GetAsync($"/api/incidents/{key}/evidence/{id}/content");
        Assert.Equal(HttpStatusCode.OK, content.StatusCode);
    }
}
