using System.Text.Json;
using CommandCenter.Core.Common;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Integrations;
using CommandCenter.Tests.Unit.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Unit;

public sealed class AlertmanagerMappingTests
{
    // As Alertmanager 0.27 posts it for a webhook receiver (one firing, one resolved alert in the group).
    private const string Payload = """
        {
          "receiver": "commandcenter",
          "status": "firing",
          "alerts": [
            {
              "status": "firing",
              "labels": { "alertname": "AgentLatencyHigh", "ai_system": "voice-concierge", "signal_kind": "p90-latency-ms", "region": "eu-west" },
              "annotations": { "summary": "P90 latency 16.2 s", "value": "16200", "threshold": "7000" },
              "startsAt": "2026-11-24T09:12:30.123456789Z",
              "endsAt": "0001-01-01T00:00:00Z",
              "generatorURL": "http://prometheus:9090/graph?g0.expr=x",
              "fingerprint": "a1b2c3d4e5f60718"
            },
            {
              "status": "resolved",
              "labels": { "alertname": "DriftScore", "service": "fraud-scoring" },
              "annotations": { "description": "PSI back under 0.25", "value": "n/a" },
              "startsAt": "2026-11-24T08:00:00Z",
              "endsAt": "2026-11-24T09:00:00Z",
              "generatorURL": "http://prometheus:9090/graph?g0.expr=y",
              "fingerprint": "ffeeddccbbaa9988"
            }
          ],
          "groupLabels": { "team": "ai-platform" },
          "commonLabels": { "team": "ai-platform" },
          "commonAnnotations": {},
          "externalURL": "http://alertmanager:9093",
          "version": "4",
          "groupKey": "{}:{team=\"ai-platform\"}",
          "truncatedAlerts": 0
        }
        """;

    private static IReadOnlyList<IncomingSignal> Signals() =>
        AlertmanagerMapping.ToSignals(JsonSerializer.Deserialize<AlertmanagerWebhook>(Payload)!);

    [Fact]
    public void AFiringAlertIsATriggerAtStartsAtWithItsLabelsValueAndThreshold()
    {
        var firing = Signals()[0];

        Assert.Equal(("voice-concierge", "p90-latency-ms", SignalAction.Trigger), (firing.System, firing.Kind, firing.Action));
        Assert.Equal((16200.0, 7000.0), (firing.Value, firing.Threshold));
        Assert.Equal(new DateTime(2026, 11, 24, 9, 12, 30, 123, DateTimeKind.Utc).AddTicks(4567), firing.OccurredAt!.Value.ToUniversalTime());
        Assert.Equal("a1b2c3d4e5f60718", firing.Fingerprint);
        Assert.Equal("ai-platform", firing.Labels!["team"]);
        Assert.Equal("P90 latency 16.2 s", firing.Summary);
    }

    [Fact]
    public void AResolvedAlertIsAResolveAtEndsAtAndFallsBackOnServiceAndAlertName()
    {
        var resolved = Signals()[1];

        Assert.Equal(("fraud-scoring", "DriftScore", SignalAction.Resolve), (resolved.System, resolved.Kind, resolved.Action));
        Assert.Equal(new DateTime(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc), resolved.OccurredAt!.Value.ToUniversalTime());
        Assert.Null(resolved.Value);
        Assert.Equal("PSI back under 0.25", resolved.Summary);
        Assert.Equal(SignalKind.DriftScore, SignalKinds.Parse(resolved.Kind));
    }

    [Fact]
    public void ARepeatedNotificationOfTheSameAlertHasTheSameIdempotencyKey()
    {
        Assert.Equal(Signals()[0].IdempotencyKey, Signals()[0].IdempotencyKey);
        Assert.NotEqual(Signals()[0].IdempotencyKey, Signals()[1].IdempotencyKey);
    }
}

public sealed class AlertmanagerPayloadsTests
{
    private static IReadOnlyList<PayloadItem> Read(string json) => AlertmanagerPayloads.Read(JsonDocument.Parse(json).RootElement);

    private const string Alert = """{"status":"firing","labels":{"ai_system":"voice-concierge","signal_kind":"p90-latency-ms"},"fingerprint":"f1"}""";

    [Fact]
    public void ANullOrUnreadableAlertIsReportedByItselfAndTheOthersAreKept()
    {
        var items = Read("""{"version":"4","commonLabels":{"region":"eu-west"},"alerts":[null,""" + Alert
            + """,{"labels":{"region":"ap-\udc00"} },{"startsAt":"soon"}]}""");

        Assert.Equal(("alert", null), (items[0].Field, items[0].Signal));
        Assert.Contains("null", items[0].Error);
        Assert.Equal("eu-west", items[1].Signal!.Labels!["region"]);
        Assert.Equal("labels.region", items[2].Field);
        Assert.Contains("surrogate", items[2].Error);
        Assert.Equal("startsAt", items[3].Field);
    }

    [Theory]
    [InlineData("""{"version":"3","alerts":[{}]}""", "version")]
    [InlineData("""{"version":"4","alerts":[]}""", "alerts")]
    [InlineData("""{"version":"4"}""", "alerts")]
    [InlineData("""[{"version":"4"}]""", "alerts")]
    [InlineData("""{"version":"4","alerts":[{}],"commonLabels":{"region":"\ud800"}}""", "commonLabels.region")]
    public void AWrongEnvelopeIsRefusedAsAWholeNamingTheField(string json, string field)
    {
        var error = Assert.Throws<ValidationException>(() => Read(json));

        Assert.Contains(field, error.Errors.Keys);
    }
}

public sealed class PagerDutyMappingTests
{
    private static PagerDutyEvent Trigger(string? dedupKey = null) => new()
    {
        RoutingKey = "cck_x",
        EventAction = "trigger",
        DedupKey = dedupKey,
        Payload = new PagerDutyPayload
        {
            Summary = "Refund agent approved 37 refunds over limit",
            Source = "refund-agent-prod-1",
            Severity = "critical",
            Component = "refund-agent",
            Class = "unauthorized-agent-action",
            CustomDetails = new() { ["value"] = JsonSerializer.SerializeToElement(37), ["region"] = JsonSerializer.SerializeToElement("eu-west") },
        },
    };

    [Fact]
    public void ATriggerMapsComponentClassAndCustomDetails()
    {
        var (signal, dedupKey) = PagerDutyMapping.ToSignal(Trigger("refund-limit"));

        Assert.Equal(("refund-agent", "unauthorized-agent-action", 37.0), (signal.System, signal.Kind, signal.Value));
        Assert.Equal("refund-limit", dedupKey);
        Assert.Equal("refund-limit", signal.Fingerprint);
        Assert.Equal("eu-west", signal.Labels!["region"]);
        Assert.Equal("critical", signal.Labels["pd_severity"]);
    }

    [Fact]
    public void ATriggerWithoutDedupKeyGetsOneDerivedFromItsContent()
    {
        var (_, first) = PagerDutyMapping.ToSignal(Trigger());
        var (_, again) = PagerDutyMapping.ToSignal(Trigger());

        Assert.StartsWith("cc-", first);
        Assert.Equal(first, again);
    }

    [Theory]
    [InlineData("acknowledge", SignalAction.Acknowledge)]
    [InlineData("resolve", SignalAction.Resolve)]
    public void AcknowledgeAndResolveNeedOnlyTheDedupKey(string action, SignalAction expected)
    {
        var (signal, _) = PagerDutyMapping.ToSignal(new PagerDutyEvent { EventAction = action, DedupKey = "refund-limit" });

        Assert.Equal((expected, "refund-limit"), (signal.Action, signal.Fingerprint));
        Assert.Null(signal.System);
    }

    [Fact]
    public void NamesEveryMissingField()
    {
        var noPayload = Assert.Throws<ValidationException>(() => PagerDutyMapping.ToSignal(new PagerDutyEvent { EventAction = "trigger" }));
        var badAction = Assert.Throws<ValidationException>(() => PagerDutyMapping.ToSignal(new PagerDutyEvent { EventAction = "snooze" }));
        var noKey = Assert.Throws<ValidationException>(() => PagerDutyMapping.ToSignal(new PagerDutyEvent { EventAction = "resolve" }));

        Assert.Contains("payload", noPayload.Errors.Keys);
        Assert.Contains("event_action", badAction.Errors.Keys);
        Assert.Contains("dedup_key", noKey.Errors.Keys);
    }

    [Fact]
    public void ACustomDetailThatIsNotTextIsNamed()
    {
        var body = JsonSerializer.Deserialize<PagerDutyEvent>(
            """{"event_action":"trigger","payload":{"summary":"s","source":"x","severity":"info","custom_details":{"system":"refund-agent","note":"\ud800"}}}""")!;

        var error = Assert.Throws<ValidationException>(() => PagerDutyMapping.ToSignal(body));

        Assert.Contains("payload.custom_details.note", error.Errors.Keys);
    }
}

public sealed class SignalPayloadsTests
{
    private static IReadOnlyList<PayloadItem> Read(string json) => SignalPayloads.Read(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void ReadsOneSignalABatchOrAnArray()
    {
        Assert.Single(Read("""{"system":"a","kind":"drift-score"}"""));
        Assert.Equal(2, Read("""{"signals":[{"system":"a"},{"system":"b"}]}""").Count);
        Assert.Equal(3, Read("""[{},{},{}]""").Count);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("\"a signal\"")]
    [InlineData("""{"signals":{"system":"a"}}""")]
    public void RefusesABodyThatIsNeitherASignalNorABatch(string json)
    {
        var error = Assert.Throws<JsonException>(() => Read(json));

        Assert.Contains("signal", error.Message);
    }

    [Fact]
    public void KeepsNumericAndBooleanLabelsAsText()
    {
        var signal = Read("""{"labels":{"affected_users":4200,"confirmed":true,"region":"eu"}}""")[0].Signal!;

        Assert.Equal("4200", signal.Labels!["affected_users"]);
        Assert.Equal("true", signal.Labels["confirmed"]);
        Assert.Equal("eu", signal.Labels["region"]);
    }

    [Fact]
    public void AnUnreadableItemIsReportedByItselfWithTheField()
    {
        var items = Read("""[{"system":"a","value":"high"},{"system":"b"},42]""");

        Assert.Contains("'value'", items[0].Error);
        Assert.NotNull(items[1].Signal);
        Assert.NotNull(items[2].Error);
    }

    [Fact]
    public void ALabelWhoseTextIsALoneSurrogateIsReportedByItsName()
    {
        var items = Read("""[{"labels":{"region":"eu-\ud800","pod":"a"}},{"labels":{"region":"eu-\ud83d\ude00"}}]""");

        Assert.Equal("labels.region", items[0].Field);
        Assert.Contains("surrogate", items[0].Error);
        Assert.Equal("eu-\U0001F600", items[1].Signal!.Labels!["region"]);
    }

    [Fact]
    public void AnIdBecomesTheIdempotencyKey() => Assert.Equal("evt-9", Read("""{"id":"evt-9"}""")[0].Signal!.IdempotencyKey);
}

public sealed class ApiKeyServiceTests : IAsyncLifetime
{
    private readonly TempDatabaseFolder _folder = new();
    private TestHost _host = null!;

    private ApiKeyService Keys => _host.Services.GetRequiredService<ApiKeyService>();

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(_folder.PathOf());

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task StoresOnlyAHashAndShowsThePrefix()
    {
        var created = await Keys.CreateAsync(new CreateApiKey("Prometheus prod", "prometheus", null), TestActors.As("Ana Diaz", CommandCenter.Core.Accounts.OrgRole.Administrator));

        Assert.StartsWith("cck_", created.Secret);
        Assert.True(created.Secret.Length > 40);
        Assert.Equal(created.Secret[..12], created.Key.Prefix);
        Assert.Equal(ApiKeyService.DefaultRequestsPerMinute, created.Key.RequestsPerMinute);
        Assert.Equal(0, _host.Scalar($"SELECT COUNT(*) FROM ApiKeys WHERE Hash = '{created.Secret}' OR Prefix = '{created.Secret}'"));
        Assert.Equal(64, _host.Scalar("SELECT LENGTH(Hash) FROM ApiKeys"));
    }

    [Fact]
    public async Task AuthenticatesTheSecretUntilItIsRevoked()
    {
        var created = await Keys.CreateAsync(new CreateApiKey("Prometheus prod", "prometheus", 120), TestActors.As("Ana Diaz", CommandCenter.Core.Accounts.OrgRole.Administrator));

        var identity = await Keys.AuthenticateAsync(created.Secret);
        Assert.Equal(("prometheus", 120), (identity!.Source, identity.RequestsPerMinute));
        await Keys.RevokeAsync(created.Key.Id, TestActors.As("Ana Diaz", CommandCenter.Core.Accounts.OrgRole.Administrator));

        Assert.Null(await Keys.AuthenticateAsync(created.Secret));
        Assert.Null(await Keys.AuthenticateAsync(created.Secret + "x"));
        Assert.False((await Keys.ListAsync()).Single().IsActive);
    }

    [Fact]
    public async Task AKeyRevokedElsewhereStopsWorkingOnceItsMemoryRunsOut()
    {
        var created = await Keys.CreateAsync(new CreateApiKey("Prometheus prod", "prometheus", null), TestActors.As("Ana Diaz", CommandCenter.Core.Accounts.OrgRole.Administrator));
        Assert.NotNull(await Keys.AuthenticateAsync(created.Secret));

        // Another instance on the same database (or an administrator by hand) revokes it.
        using (var connection = _host.OpenRawConnection())
        using (var revoke = connection.CreateCommand())
        {
            revoke.CommandText = $"UPDATE ApiKeys SET RevokedAt = '2026-11-22 09:00:05', RevokedBy = 'elsewhere' WHERE Id = {created.Key.Id}";
            revoke.ExecuteNonQuery();
        }
        _host.Clock.Advance(ApiKeyService.KnownKeyMemory);

        Assert.Null(await Keys.AuthenticateAsync(created.Secret));
    }

    [Fact]
    public async Task NamesEachBadField()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            Keys.CreateAsync(new CreateApiKey("", "has spaces", 0), TestActors.As("Ana Diaz", CommandCenter.Core.Accounts.OrgRole.Administrator)));

        Assert.Equal(["name", "requestsPerMinute", "source"], error.Errors.Keys.Order());
    }
}
