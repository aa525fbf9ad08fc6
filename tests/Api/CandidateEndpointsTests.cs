using System.Net;
using System.Text.Json;
using CommandCenter.Core.Detection;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Api;

/// <summary>/api/candidates (list, get, promote, merge, dismiss), detection metrics and an incident's triage pack.</summary>
public sealed class CandidateEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.As("Ana Diaz");

    private ISignalIngestor Ingestor => factory.Services.GetRequiredService<ISignalIngestor>();

    /// <summary>A fresh candidate: each call uses its own region label, so it never joins another test's group.</summary>
    private async Task<long> CandidateAsync(string system = "support-assistant", string kind = "prompt-injection-hit")
    {
        var region = Guid.NewGuid().ToString("N")[..8];
        await Ingestor.IngestAsync("api-tests", [new IncomingSignal
        {
            System = system, Kind = kind, Value = 0.05, Threshold = 0.01, Labels = new Dictionary<string, string> { ["region"] = region },
        }]);
        var list = await (await _client.GetAsync("/api/candidates")).ReadAsync<JsonElement>();
        return list.EnumerateArray().Single(c => c.GetProperty("labels").TryGetProperty("region", out var r) && r.GetString() == region)
            .GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task ListsAndGetsCandidatesOr404()
    {
        var id = await CandidateAsync();

        var candidate = await (await _client.GetAsync($"/api/candidates/{id}")).ReadAsync<JsonElement>();

        Assert.Equal("prompt-injection", candidate.GetProperty("archetype").GetString());
        Assert.Equal("LLM01: Prompt Injection", candidate.GetProperty("archetypeInfo").GetProperty("owasp").GetString());
        Assert.Equal(1, candidate.GetProperty("signalCount").GetInt32());
        Assert.NotEmpty(candidate.GetProperty("severityReasons").EnumerateArray());
        await (await _client.GetAsync("/api/candidates/999999")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PromotingOpensAnIncidentOnceThen409()
    {
        var id = await CandidateAsync();

        var promoted = await (await factory.As("Ana Diaz").PostJsonAsync($"/api/candidates/{id}/promote", new {severity = "SEV2" }))
            .ReadAsync<JsonElement>();
        var again = await factory.As("Ana Diaz").PostJsonAsync($"/api/candidates/{id}/promote", new {});

        var key = promoted.GetProperty("incidentKey").GetString()!;
        Assert.Equal("promoted", promoted.GetProperty("decision").GetString());
        var incident = await _client.GetIncidentAsync(key);
        Assert.Equal(Core.Incidents.Severity.Sev2, incident.Detail.Incident.Severity);
        Assert.Contains(incident.Timeline, e => e.Kind == Core.Incidents.TimelineEntryKind.Signal);
        await again.ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task PromotingWithACorrectedArchetypeMakesThePromoterCommanderAndABadArchetypeIsAFieldError()
    {
        var id = await CandidateAsync();

        var bad = await factory.As("Ana Diaz").PostJsonAsync($"/api/candidates/{id}/promote", new { archetype = "gremlins" });
        var problem = await bad.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("prompt-injection", problem.GetProperty("errors").GetProperty("archetype")[0].GetString());

        var promoted = await (await factory.As("Ana Diaz").PostJsonAsync($"/api/candidates/{id}/promote", new { archetype = "data-leakage" }))
            .ReadAsync<JsonElement>();
        var incident = await _client.GetIncidentAsync(promoted.GetProperty("incidentKey").GetString()!);
        Assert.Equal(Core.Incidents.Archetype.DataLeakage, incident.Detail.Incident.Archetype);
        Assert.Equal("Ana Diaz", incident.Detail.Incident.IncidentCommander);
    }

    [Fact]
    public async Task MergingIntoAResolvedIncidentIs409AndIntoAnOpenOneWorks()
    {
        var open = await _client.DeclareAsync(title: "Open incident to merge into");
        var resolved = await _client.DeclareAsync(title: "Resolved incident");
        (await factory.As("Ana Diaz").PostJsonAsync($"/api/incidents/{resolved.Key}/status", new { status = "resolved", reason = "Fixed and verified." })).EnsureSuccessStatusCode();
        var first = await CandidateAsync();
        var second = await CandidateAsync(system: "voice-concierge", kind: "toxicity-rate");

        await (await factory.As("Ana Diaz").PostJsonAsync($"/api/candidates/{first}/merge", new {incidentKey = resolved.Key }))
            .ReadProblemAsync(HttpStatusCode.Conflict);
        var merged = await (await factory.As("Ana Diaz").PostJsonAsync($"/api/candidates/{second}/merge", new {incidentKey = open.Key }))
            .ReadAsync<JsonElement>();

        Assert.Equal(open.Key, merged.GetProperty("incidentKey").GetString());
        await (await factory.As("Ana Diaz").PostJsonAsync($"/api/candidates/{first}/merge", new {})).ReadFieldErrorAsync("incidentKey");
    }

    [Fact]
    public async Task DismissingNeedsAReasonAndCountsInTheMetrics()
    {
        var id = await CandidateAsync(system: "fraud-scoring", kind: "drift-score");

        await (await factory.As("Ana Diaz").PostJsonAsync($"/api/candidates/{id}/dismiss", new {})).ReadFieldErrorAsync("reason");
        var dismissed = await (await factory.As("Ana Diaz").PostJsonAsync($"/api/candidates/{id}/dismiss", new {reason = "Backfill job" }))
            .ReadAsync<JsonElement>();
        var metrics = await (await _client.GetAsync("/api/detection/metrics")).ReadAsync<JsonElement>();

        Assert.Equal("dismissed", dismissed.GetProperty("status").GetString());
        Assert.Equal("Backfill job", dismissed.GetProperty("dismissReason").GetString());
        Assert.True(metrics.GetProperty("dismissed").GetInt32() >= 1);
        Assert.True(metrics.GetProperty("falsePositiveRate").GetDouble() > 0);
    }

    [Fact]
    public async Task ADeclaredIncidentGetsItsTriagePackWithoutAnyoneOpeningIt()
    {
        var declared = await _client.DeclareAsync(title: "Assistant invents a returns policy");

        TimeSpan? timeToContext = null;
        var deadline = DateTime.UtcNow + ApiTestExtensions.Timeout;
        while (timeToContext is null && DateTime.UtcNow < deadline)
        {
            timeToContext = (await _client.GetIncidentAsync(declared.Key)).Detail.Metrics.TimeToContext;
            if (timeToContext is null)
            {
                await Task.Delay(50);
            }
        }

        Assert.NotNull(timeToContext);
        Assert.True(timeToContext < TimeSpan.FromSeconds(10), $"time to context {timeToContext}");
    }

    [Fact]
    public async Task TheTriagePackHasEverySectionOr404()
    {
        var key = (await _client.ListIncidentsAsync()).First(i => i.SystemSlug == "support-assistant").Key;

        var pack = await (await _client.GetAsync($"/api/incidents/{key}/triage")).ReadAsync<JsonElement>();

        foreach (var section in new[] { "changes", "anomalies", "similarIncidents", "mitigations" })
        {
            Assert.Equal(JsonValueKind.Array, pack.GetProperty(section).ValueKind);
        }
        Assert.Equal("support-assistant", pack.GetProperty("dependencies").GetProperty("center").GetProperty("slug").GetString());
        Assert.NotEmpty(pack.GetProperty("mitigations").EnumerateArray());
        Assert.NotEmpty(pack.GetProperty("dependencies").GetProperty("upstream").EnumerateArray());
        await (await _client.GetAsync("/api/incidents/INC-1999-0001/triage")).ReadProblemAsync(HttpStatusCode.NotFound);
    }
}
