using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Integrations;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Api;

/// <summary>POST /api/signals, the Alertmanager and PagerDuty-style webhooks and /api/changes: keys, limits, bad input, replays.</summary>
public sealed class IngestionEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.As("Ana Diaz");

    private ApiKeyService Keys => factory.Services.GetRequiredService<ApiKeyService>();
    private CandidateService Candidates => factory.Services.GetRequiredService<CandidateService>();

    private async Task<string> NewKeyAsync(string source, int? perMinute = null) =>
        (await Keys.CreateAsync(new CreateApiKey($"{source} key", source, perMinute), new CommandCenter.Core.Accounts.Actor("Ana Diaz", CommandCenter.Core.Accounts.OrgRole.Administrator))).Secret;

    private static HttpRequestMessage Post(string url, string json, string? key, bool bearer = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            if (bearer)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }
            else
            {
                request.Headers.Add("X-Api-Key", key);
            }
        }
        return request;
    }

    private Task<HttpResponseMessage> SendAsync(string url, string json, string? key, bool bearer = true) =>
        _client.SendAsync(Post(url, json, key, bearer));

    private static string Iso(DateTime time) => time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static string Signal(string system = "support-assistant", string kind = "prompt-injection-hit", double value = 0.04,
        string? extra = null) =>
        $$"""{"system":"{{system}}","kind":"{{kind}}","value":{{value.ToString(CultureInfo.InvariantCulture)}},"threshold":0.01,"labels":{"region":"eu-west","affected_users":1200}{{extra}}}""";

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task WithoutAKeyEveryIngestionEndpointAnswers401WithAChallenge()
    {
        foreach (var url in new[] { "/api/signals", "/api/integrations/alertmanager", "/api/integrations/events", "/api/changes" })
        {
            var response = await SendAsync(url, "{}", key: null);

            var problem = await response.ReadProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Contains("API key", problem.GetProperty("detail").GetString());
            Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Fact]
    public async Task AnUnknownOrRevokedKeyIsRefused()
    {
        var created = await Keys.CreateAsync(new CreateApiKey("soon revoked", "revoked-source", null), new CommandCenter.Core.Accounts.Actor("Ana Diaz", CommandCenter.Core.Accounts.OrgRole.Administrator));
        (await SendAsync("/api/signals", Signal(), created.Secret)).EnsureSuccessStatusCode();

        await Keys.RevokeAsync(created.Key.Id, new CommandCenter.Core.Accounts.Actor("Ana Diaz", CommandCenter.Core.Accounts.OrgRole.Administrator));

        await (await SendAsync("/api/signals", Signal(), created.Secret)).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await SendAsync("/api/signals", Signal(), "cck_not-a-real-key")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task OneSignalIsAcceptedDurablyWithEitherHeader()
    {
        var key = await NewKeyAsync("single");

        var bearer = await ReadJsonAsync(await SendAsync("/api/signals", Signal(value: 0.05), key), HttpStatusCode.Accepted);
        var header = await ReadJsonAsync(await SendAsync("/api/signals", Signal(value: 0.06), key, bearer: false), HttpStatusCode.Accepted);

        Assert.Equal(1, bearer.GetProperty("accepted").GetInt32());
        Assert.Equal(1, header.GetProperty("accepted").GetInt32());
        Assert.Equal("accepted", bearer.GetProperty("items")[0].GetProperty("outcome").GetString());
        Assert.True(bearer.GetProperty("items")[0].GetProperty("signalId").GetInt64() > 0);
    }

    [Fact]
    public async Task ABatchWithBadItemsKeepsTheGoodOnesAndReportsEachBadOne()
    {
        var key = await NewKeyAsync("partial");
        var body = $$"""{"signals":[{{Signal()}},{{Signal(system: "no-such-system")}},{"system":"support-assistant","kind":"toxicity-rate","value":"high"},{{Signal(kind: "gpu-temperature")}}]}""";

        var result = await ReadJsonAsync(await SendAsync("/api/signals", body, key), HttpStatusCode.Accepted);

        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        Assert.Equal(2, result.GetProperty("rejected").GetInt32());
        var items = result.GetProperty("items");
        Assert.Equal("rejected", items[1].GetProperty("outcome").GetString());
        Assert.Contains("no-such-system", items[1].GetProperty("errors").GetProperty("system")[0].GetString());
        Assert.Contains("'value'", items[2].GetProperty("errors").GetProperty("signal")[0].GetString());
        Assert.Contains("generic", items[3].GetProperty("warning").GetString());
    }

    [Fact]
    public async Task ABatchWithNothingUsableIs400NamingEachItemsField()
    {
        var key = await NewKeyAsync("all-bad");

        var response = await SendAsync("/api/signals", $$"""[{{Signal(system: "nope")}},{"system":"support-assistant"}]""", key);

        var message = await response.ReadFieldErrorAsync("signals[0].system");
        Assert.Contains("nope", message);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty("signals[1].kind", out _));
    }

    [Fact]
    public async Task MalformedJsonIs400SayingWhatIsWrong()
    {
        var key = await NewKeyAsync("malformed");

        var problem = await (await SendAsync("/api/signals", """{"system": "support-assistant", """, key)).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("JSON", problem.GetProperty("title").GetString() + problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("42")]
    [InlineData("\"a signal\"")]
    [InlineData("true")]
    [InlineData("null")]
    public async Task ABodyThatIsAJsonScalarIs400NotAServerError(string json)
    {
        var key = await NewKeyAsync("scalar");

        var problem = await (await SendAsync("/api/signals", json, key)).ReadProblemAsync(HttpStatusCode.BadRequest);

        var message = Assert.Single(problem.GetProperty("errors").GetProperty("signals").EnumerateArray()).GetString();
        Assert.Contains("signal object", message);
    }

    [Fact]
    public async Task ABodyThatIsNotJsonIs415()
    {
        var key = await NewKeyAsync("plain-text");
        var request = Post("/api/signals", "system=support-assistant", key);
        request.Content!.Headers.ContentType = new MediaTypeHeaderValue("text/plain");

        await (await _client.SendAsync(request)).ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task ReplayingTheSamePayloadNeverDoubleCounts()
    {
        var key = await NewKeyAsync("replay");
        var body = $$"""{"signals":[{{Signal(value: 0.11, extra: ",\"occurredAt\":\"" + Iso(DateTime.UtcNow.AddMinutes(-1)) + "\"")}},{{Signal(value: 0.12)}}]}""";

        var first = await ReadJsonAsync(await SendAsync("/api/signals", body, key), HttpStatusCode.Accepted);
        var second = await ReadJsonAsync(await SendAsync("/api/signals", body, key), HttpStatusCode.Accepted);

        Assert.Equal(2, first.GetProperty("accepted").GetInt32());
        Assert.Equal(0, second.GetProperty("accepted").GetInt32());
        Assert.Equal(2, second.GetProperty("duplicates").GetInt32());
    }

    [Fact]
    public async Task ABodyOver1MiBIs413()
    {
        var key = await NewKeyAsync("huge");
        var body = "[" + string.Join(",", Enumerable.Repeat(Signal(extra: $",\"summary\":\"{new string('x', 900)}\""), 1200)) + "]";

        var problem = await (await SendAsync("/api/signals", body, key)).ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("1024 KiB", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AKeyOverItsRateLimitGets429WithRetryAfter()
    {
        var key = await NewKeyAsync("slow-source", perMinute: 6);

        (await SendAsync("/api/signals", Signal(value: 0.2), key)).EnsureSuccessStatusCode();
        var limited = await SendAsync("/api/signals", Signal(value: 0.3), key);

        var problem = await limited.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("6 requests per minute", problem.GetProperty("detail").GetString());
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {limited.Headers.RetryAfter}");
    }

    private static string AlertmanagerPayload(string status, DateTime startsAt, DateTime? endsAt, string fingerprint = "6b7c1f0d2a9e4c51") => $$"""
        {
          "receiver": "commandcenter",
          "status": "{{status}}",
          "alerts": [
            {
              "status": "{{status}}",
              "labels": {
                "alertname": "PromptInjectionHitRate",
                "ai_system": "support-assistant",
                "signal_kind": "prompt-injection-hit",
                "severity": "page",
                "region": "ap-south-1"
              },
              "annotations": {
                "summary": "Injection classifier hit rate 4.1% on billing intents",
                "value": "0.041",
                "threshold": "0.01"
              },
              "startsAt": "{{Iso(startsAt)}}",
              "endsAt": "{{(endsAt is { } e ? Iso(e) : "0001-01-01T00:00:00Z")}}",
              "generatorURL": "http://prometheus:9090/graph?g0.expr=ai_injection_hit_rate+%3E+0.01&g0.tab=1",
              "fingerprint": "{{fingerprint}}"
            }
          ],
          "groupLabels": { "alertname": "PromptInjectionHitRate" },
          "commonLabels": {
            "alertname": "PromptInjectionHitRate",
            "ai_system": "support-assistant",
            "signal_kind": "prompt-injection-hit",
            "severity": "page",
            "region": "ap-south-1"
          },
          "commonAnnotations": { "summary": "Injection classifier hit rate 4.1% on billing intents" },
          "externalURL": "http://alertmanager:9093",
          "version": "4",
          "groupKey": "{}:{alertname=\"PromptInjectionHitRate\"}",
          "truncatedAlerts": 0
        }
        """;

    [Fact]
    public async Task AnAlertmanagerAlertFiresRepeatsWithoutCountingTwiceAndResolves()
    {
        var key = await NewKeyAsync("alertmanager");
        var started = DateTime.UtcNow.AddMinutes(-3);

        var firing = await ReadJsonAsync(await SendAsync("/api/integrations/alertmanager", AlertmanagerPayload("firing", started, null), key),
            HttpStatusCode.Accepted);
        var repeat = await ReadJsonAsync(await SendAsync("/api/integrations/alertmanager", AlertmanagerPayload("firing", started, null), key),
            HttpStatusCode.Accepted);
        // Grouping is across sources (Prometheus and PagerDuty about one failure are one candidate); this region is only used here.
        var candidate = (await Candidates.ListAsync()).Single(c => c.Labels.GetValueOrDefault("region") == "ap-south-1");
        Assert.Equal(1, firing.GetProperty("accepted").GetInt32());
        Assert.Equal(1, repeat.GetProperty("duplicates").GetInt32());
        Assert.Equal(Core.Incidents.Archetype.PromptInjection, candidate.Archetype);
        Assert.Equal(0.041, candidate.Kinds.Single().WorstValue);
        Assert.Equal("alertmanager", candidate.Source);
        Assert.Null(candidate.ResolvedAt);

        var resolved = await ReadJsonAsync(
            await SendAsync("/api/integrations/alertmanager", AlertmanagerPayload("resolved", started, DateTime.UtcNow.AddSeconds(-5)), key),
            HttpStatusCode.Accepted);

        Assert.Equal(1, resolved.GetProperty("accepted").GetInt32());
        candidate = await Candidates.GetAsync(candidate.Id);
        Assert.NotNull(candidate.ResolvedAt);
        Assert.Equal(0, candidate.FiringAlerts);
    }

    [Fact]
    public async Task AnAlertmanagerPayloadOfAnotherVersionIs400()
    {
        var key = await NewKeyAsync("alertmanager-v3");
        var body = AlertmanagerPayload("firing", DateTime.UtcNow.AddMinutes(-1), null).Replace("\"version\": \"4\"", "\"version\": \"3\"");

        var message = await (await SendAsync("/api/integrations/alertmanager", body, key)).ReadFieldErrorAsync("version");

        Assert.Contains("version 4", message);
    }

    [Fact]
    public async Task ASignalWhoseDeviationOverflowsIsRejectedNamingTheFieldAndTheRestOfTheBatchIsKept()
    {
        var key = await NewKeyAsync("extreme");
        var body = $$"""{"signals":[{{Signal(value: 0.07)}},{"system":"support-assistant","kind":"prompt-injection-hit","value":1.7e308,"threshold":1e-300}]}""";

        var result = await ReadJsonAsync(await SendAsync("/api/signals", body, key), HttpStatusCode.Accepted);

        Assert.Equal(1, result.GetProperty("accepted").GetInt32());
        var rejected = result.GetProperty("items")[1];
        Assert.Equal("rejected", rejected.GetProperty("outcome").GetString());
        Assert.Contains("threshold", rejected.GetProperty("errors").GetProperty("value")[0].GetString());
    }

    [Fact]
    public async Task OneSendersUnstorableSignalsNeverFailAnotherSendersBatches()
    {
        var bad = await NewKeyAsync("extreme-sender");
        var good = await NewKeyAsync("innocent-sender");
        var extreme = $$"""[{{Signal(value: 0.05)}},{"system":"support-assistant","kind":"drift-score","value":1.7e308,"threshold":-1.7e308}]""";

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).SelectMany(i => new[]
        {
            SendAsync("/api/signals", extreme.Replace("0.05", $"0.05{i}"), bad),
            SendAsync("/api/signals", $"[{Signal(value: 0.2 + i)},{Signal(value: 0.3 + i)}]", good),
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        foreach (var response in responses.Where((_, i) => i % 2 == 1))
        {
            Assert.Equal(2, (await ReadJsonAsync(response, HttpStatusCode.Accepted)).GetProperty("accepted").GetInt32());
        }
    }

    [Fact]
    public async Task AnAlertmanagerAlertWithAnOverflowingDeviationIs400NamingItsValue()
    {
        var key = await NewKeyAsync("alertmanager-extreme");
        var body = AlertmanagerPayload("firing", DateTime.UtcNow.AddMinutes(-1), null, fingerprint: "e1")
            .Replace("\"value\": \"0.041\"", "\"value\": \"1.7e308\"").Replace("\"threshold\": \"0.01\"", "\"threshold\": \"1e-300\"");

        var message = await (await SendAsync("/api/integrations/alertmanager", body, key)).ReadFieldErrorAsync("alerts[0].value");

        Assert.Contains("threshold", message);
    }

    [Fact]
    public async Task ALoneSurrogateInALabelValueRejectsThatSignalNamingTheLabel()
    {
        var key = await NewKeyAsync("surrogate");
        var body = "[" + Signal(value: 0.08)
            + """,{"system":"support-assistant","kind":"prompt-injection-hit","value":0.09,"threshold":0.01,"labels":{"region":"eu-\ud800"}}]""";

        var result = await ReadJsonAsync(await SendAsync("/api/signals", body, key), HttpStatusCode.Accepted);

        Assert.Equal(1, result.GetProperty("accepted").GetInt32());
        var rejected = result.GetProperty("items")[1];
        Assert.Equal("rejected", rejected.GetProperty("outcome").GetString());
        Assert.True(rejected.GetProperty("errors").TryGetProperty("labels.region", out _), rejected.ToString());
    }

    [Fact]
    public async Task ALoneSurrogateInAnAlertmanagerLabelIs400NamingTheLabel()
    {
        var key = await NewKeyAsync("alertmanager-surrogate");
        var payload = AlertmanagerPayload("firing", DateTime.UtcNow.AddMinutes(-1), null, fingerprint: "s1");
        // Only the alert's own label (it comes before commonLabels): the envelope is fine, the alert is not.
        var at = payload.IndexOf("\"region\": \"ap-south-1\"", StringComparison.Ordinal);
        var body = payload[..at] + "\"region\": \"ap-\\udc00\"" + payload[(at + "\"region\": \"ap-south-1\"".Length)..];

        await (await SendAsync("/api/integrations/alertmanager", body, key)).ReadFieldErrorAsync("alerts[0].labels.region");
    }

    [Fact]
    public async Task ANullAlertmanagerAlertIs400NamingIt()
    {
        var key = await NewKeyAsync("alertmanager-null");

        var message = await (await SendAsync("/api/integrations/alertmanager", """{"version":"4","alerts":[null]}""", key))
            .ReadFieldErrorAsync("alerts[0]");

        Assert.Contains("alert object", message);
    }

    private static string Event(string action, string? dedupKey, string? routingKey = null, string summary = "Refund agent approved 37 refunds over limit") =>
        $$"""
        {
          {{(routingKey is null ? "" : $"\"routing_key\": \"{routingKey}\",")}}
          "event_action": "{{action}}",
          {{(dedupKey is null ? "" : $"\"dedup_key\": \"{dedupKey}\",")}}
          "payload": {
            "summary": "{{summary}}",
            "source": "refund-agent-prod-1",
            "severity": "critical",
            "timestamp": "{{Iso(DateTime.UtcNow.AddMinutes(-2))}}",
            "component": "refund-agent",
            "group": "payments",
            "class": "unauthorized-agent-action",
            "custom_details": { "value": 37, "threshold": 0, "affected_users": 37 }
          }
        }
        """;

    [Fact]
    public async Task APagerDutyStyleAlertIsTriggeredAcknowledgedAndResolvedByDedupKey()
    {
        var key = await NewKeyAsync("pagerduty");

        var triggered = await ReadJsonAsync(await SendAsync("/api/integrations/events", Event("trigger", dedupKey: null, routingKey: key), key: null),
            HttpStatusCode.Accepted);
        var dedupKey = triggered.GetProperty("dedupKey").GetString()!;
        Assert.Equal("success", triggered.GetProperty("status").GetString());
        var candidate = (await Candidates.ListAsync()).Single(c => c.Source == "pagerduty");
        Assert.Equal(Core.Incidents.Archetype.AgenticMisalignment, candidate.Archetype);

        await ReadJsonAsync(await SendAsync("/api/integrations/events", $$"""{"event_action":"acknowledge","dedup_key":"{{dedupKey}}"}""", key),
            HttpStatusCode.Accepted);
        Assert.NotNull((await Candidates.GetAsync(candidate.Id)).AcknowledgedAt);

        await ReadJsonAsync(await SendAsync("/api/integrations/events", $$"""{"event_action":"resolve","dedup_key":"{{dedupKey}}"}""", key),
            HttpStatusCode.Accepted);
        Assert.NotNull((await Candidates.GetAsync(candidate.Id)).ResolvedAt);
    }

    [Fact]
    public async Task APagerDutyStyleTriggerNamesEachMissingPayloadField()
    {
        var key = await NewKeyAsync("pagerduty-bad");

        var response = await SendAsync("/api/integrations/events", """{"event_action":"trigger","payload":{"source":"x","severity":"loud"}}""", key);

        await response.ReadFieldErrorAsync("payload.summary");
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("payload.severity", out _));
        await (await SendAsync("/api/integrations/events", """{"event_action":"resolve"}""", key)).ReadFieldErrorAsync("dedup_key");
    }

    [Fact]
    public async Task APagerDutyStyleCustomDetailThatIsNotTextIs400NamingIt()
    {
        var key = await NewKeyAsync("pagerduty-surrogate");
        var body = Event("trigger", dedupKey: "pd-s1").Replace("\"affected_users\": 37", "\"affected_users\": 37, \"note\": \"\\ud800\"");

        await (await SendAsync("/api/integrations/events", body, key)).ReadFieldErrorAsync("payload.custom_details.note");
    }

    [Fact]
    public async Task AChangeIsStoredOnceAndAReplayAnswersWithTheStoredOne()
    {
        var key = await NewKeyAsync("deploys");
        var body = $$"""{"system":"support-assistant","kind":"model-deploy","summary":"care-llm 2026.11.2 rolled out","fromVersion":"care-llm 2026.11.1","toVersion":"care-llm 2026.11.2","author":"deploy-bot","occurredAt":"{{Iso(DateTime.UtcNow.AddMinutes(-30))}}"}""";

        var created = await ReadJsonAsync(await SendAsync("/api/changes", body, key), HttpStatusCode.Created);
        var replayed = await ReadJsonAsync(await SendAsync("/api/changes", body, key), HttpStatusCode.OK);

        Assert.Equal(created.GetProperty("id").GetInt64(), replayed.GetProperty("id").GetInt64());
        Assert.Equal("model-deploy", created.GetProperty("kind").GetString());
        Assert.Equal("deploys", created.GetProperty("source").GetString());
    }

    [Fact]
    public async Task ABadChangeIs400NamingTheField()
    {
        var key = await NewKeyAsync("deploys-bad");

        var message = await (await SendAsync("/api/changes", """{"system":"support-assistant","kind":"reboot","summary":"x"}""", key))
            .ReadFieldErrorAsync("kind");

        Assert.Contains("model-deploy", message);
    }
}
