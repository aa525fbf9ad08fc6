using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Audit;
using CommandCenter.Core.Integrations;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Api;

/// <summary>What arrives by API key reaches the audit trail: signals as one summary per key per interval, each change as its own entry.</summary>
public sealed class IngestionAuditTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.As("Ingestion Auditor");

    private async Task<string> NewKeyAsync(string source) =>
        (await factory.Services.GetRequiredService<ApiKeyService>().CreateAsync(new CreateApiKey($"{source} key", source, null),
            new Actor("Ingestion Auditor", OrgRole.Administrator))).Secret;

    private async Task<HttpStatusCode> PostAsync(string url, string json, string key, string address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Add(ApiFactory.ClientAddressHeader, address);
        return (await _client.SendAsync(request)).StatusCode;
    }

    private async Task<JsonElement> AuditAsync(string query) =>
        await (await factory.As("Ingestion Audit Admin", OrgRole.Administrator).GetAsync("/api/audit?" + query)).ReadAsync<JsonElement>();

    private static string Signal(double value, int minutesAgo) =>
        $$"""{"system":"support-assistant","kind":"prompt-injection-hit","value":{{value.ToString(CultureInfo.InvariantCulture)}},"threshold":0.01,"occurredAt":"{{DateTime.UtcNow.AddMinutes(-minutesAgo):yyyy-MM-ddTHH:mm:ss.fffZ}}"}""";

    [Fact]
    public async Task SignalsByKeyAreSummarisedInOneEntryWithTheKeyPrefixAndAddresses()
    {
        var key = await NewKeyAsync("audit-probe");
        var batch = $"[{Signal(0.21, 2)},{Signal(0.22, 1)}]";

        Assert.Equal(HttpStatusCode.Accepted, await PostAsync("/api/signals", batch, key, "198.51.100.7"));
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync("/api/signals", batch, key, "198.51.100.8"));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync("/api/signals", """{"system":"support-assistant"}""", key, "198.51.100.7"));
        await factory.Services.GetRequiredService<IngestionAuditAggregator>().FlushAsync();

        var entry = (await AuditAsync("what=Ingestion.Summary&target=audit-probe")).EnumerateArray().Single();
        Assert.Equal(key[..ApiKey.PrefixLength], entry.GetProperty("apiKeyPrefix").GetString());
        Assert.Equal("198.51.100.7, 198.51.100.8", entry.GetProperty("address").GetString());
        Assert.Equal(AuditEntry.ApiKeyRole, entry.GetProperty("role").GetString());
        using var arguments = JsonDocument.Parse(entry.GetProperty("arguments").GetString()!);
        Assert.Equal(3, arguments.RootElement.GetProperty("requests").GetInt32());
        Assert.Equal(2, arguments.RootElement.GetProperty("accepted").GetInt32());
        Assert.Equal(2, arguments.RootElement.GetProperty("replayed").GetInt32());
        Assert.Equal(1, arguments.RootElement.GetProperty("refusedRequests").GetInt32());
    }

    [Fact]
    public async Task EachChangeByKeyIsItsOwnEntryAndARefusedOneSaysWhy()
    {
        var key = await NewKeyAsync("audit-deploys");
        var change = """{"system":"support-assistant","kind":"system-prompt","summary":"system prompt v14 (audit test)","author":"deploy-bot"}""";

        Assert.Equal(HttpStatusCode.Created, await PostAsync("/api/changes", change, key, "198.51.100.20"));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync("/api/changes", """{"system":"support-assistant","kind":"reboot","summary":"x"}""", key,
            "198.51.100.20"));

        var entries = (await AuditAsync("what=Change.Record&who=audit-deploys")).EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        var done = entries.Single(e => e.GetProperty("outcome").GetString() == "Done");
        Assert.Equal("support-assistant", done.GetProperty("target").GetString());
        Assert.Equal(key[..ApiKey.PrefixLength], done.GetProperty("apiKeyPrefix").GetString());
        Assert.Contains("system prompt v14 (audit test)", done.GetProperty("arguments").GetString());
        var refused = entries.Single(e => e.GetProperty("outcome").GetString() == "Refused");
        Assert.Contains("kind", refused.GetProperty("reason").GetString());
    }
}
