using System.Net;
using System.Text.Json;
using CommandCenter.Core.Systems;

namespace CommandCenter.Tests.Api;

/// <summary>The inventory and risk register: GET/POST/PUT /api/systems and the dependency graph.</summary>
public sealed class SystemEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.As("Ana Diaz");

    private static object Body(string slug = "claims-triage", string? kind = "predictive", string? riskTier = "high",
        object[]? dependencies = null, string? name = "Claims triage model") => new
    {
        slug,
        name,
        kind,
        purpose = "Routes insurance claims to fast-track or review.",
        ownerTeam = "Claims Data Science",
        onCallContact = "PagerDuty: claims-ds",
        riskTier,
        euAiActRole = "provider",
        dataCategories = new[] { "personal-data", "special-categories" },
        currentModelVersion = "claims-xgb 5.1",
        previousStableModelVersion = "claims-xgb 5.0",
        retrievalIndexes = Array.Empty<string>(),
        agentTools = Array.Empty<object>(),
        hasFallback = true,
        dependencies = dependencies ?? [new { direction = "upstream", name = "Claims intake API" }, new { direction = "upstream", system = "kb-retrieval" }],
        actor = "Ana Diaz",
    };

    [Fact]
    public async Task ListsTheSeededInventoryWithEnumsAsStrings()
    {
        var response = await _client.GetAsync("/api/systems");
        var raw = await response.Content.ReadAsStringAsync();
        var systems = await response.ReadAsync<List<AiSystemDetail>>();

        Assert.Contains(systems, s => s.System.Slug == "support-assistant" && s.RetrievalIndexes.Contains("community-articles"));
        Assert.Contains("\"kind\":\"agent\"", raw);
        Assert.Contains("\"riskTier\":\"high\"", raw);
        Assert.Contains("\"euAiActRole\":\"provider\"", raw);
    }

    [Fact]
    public async Task GetsOneEntryOr404()
    {
        var refund = await (await _client.GetAsync("/api/systems/refund-agent")).ReadAsync<AiSystemDetail>();

        Assert.Contains(refund.AgentTools, t => t.Name == "issue_refund" && t.Permission.Contains("200 EUR"));
        Assert.Equal(EuAiActRole.Provider, refund.EuAiActRole);
        await (await _client.GetAsync("/api/systems/nope")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RegistersASystemWithALocationThatResolves()
    {
        var response = await _client.PostJsonAsync("/api/systems", Body());

        var created = await response.ReadAsync<AiSystemDetail>(HttpStatusCode.Created);
        Assert.Equal("/api/systems/claims-triage", response.Headers.Location?.ToString());
        Assert.Equal(DataCategories.PersonalData | DataCategories.SpecialCategories, created.DataCategories);
        var fetched = await (await _client.GetAsync("/api/systems/claims-triage")).ReadAsync<AiSystemDetail>();
        Assert.Equal("Ana Diaz", fetched.UpdatedBy);
        Assert.Equal(["Claims intake API", "Knowledge-base retrieval"], fetched.Dependencies.Select(d => d.Name));
    }

    [Fact]
    public async Task NamesEveryWrongFieldAndStoresNothing()
    {
        var response = await _client.PostJsonAsync("/api/systems", Body(slug: "Bad Slug", kind: "robot", riskTier: null,
            dependencies: [new { direction = "sideways", system = "no-such-system" }], name: ""));

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "slug", "name", "kind", "riskTier", "dependencies[0].direction", "dependencies[0].system" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field} in {errors}");
        }
        await (await _client.GetAsync("/api/systems/bad-slug")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task NullListEntriesAreNamedFieldErrors()
    {
        var body = new
        {
            slug = "nulls",
            name = "Null entries",
            kind = "agent",
            ownerTeam = "Claims Data Science",
            onCallContact = "PagerDuty: claims-ds",
            riskTier = "high",
            euAiActRole = "provider",
            currentModelVersion = "m1",
            agentTools = new object?[] { null },
            dependencies = new object?[] { new { direction = "upstream", name = "Payments API" }, null },
            actor = "Ana Diaz",
        };

        var problem = await (await _client.PostJsonAsync("/api/systems", body)).ReadProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("agentTools[0]", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("dependencies[1]", out _), errors.ToString());
        await (await _client.GetAsync("/api/systems/nulls")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ASlugIsRegisteredOnce()
    {
        await (await _client.PostJsonAsync("/api/systems", Body(slug: "twice"))).ReadAsync<AiSystemDetail>(HttpStatusCode.Created);

        var message = await (await _client.PostJsonAsync("/api/systems", Body(slug: "twice"))).ReadFieldErrorAsync("slug");

        Assert.Contains("already", message);
    }

    [Fact]
    public async Task PutReplacesTheEditableFieldsButNeverTheSlug()
    {
        await (await _client.PostJsonAsync("/api/systems", Body(slug: "summariser"))).ReadAsync<AiSystemDetail>(HttpStatusCode.Created);

        var updated = await (await _client.PutAsJsonAsync("/api/systems/summariser", Body(slug: "summariser", riskTier: "limited",
            dependencies: [], name: "Document summariser"))).ReadAsync<AiSystemDetail>();
        var renamed = await _client.PutAsJsonAsync("/api/systems/summariser", Body(slug: "other-slug"));

        Assert.Equal(("Document summariser", RiskTier.Limited), (updated.System.Name, updated.System.RiskTier));
        Assert.Empty(updated.Dependencies);
        await renamed.ReadFieldErrorAsync("slug");
        await (await _client.PutAsJsonAsync("/api/systems/nope", Body(slug: "nope"))).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheDependencyGraphIncludesEdgesOtherSystemsRecord()
    {
        var graph = await (await _client.GetAsync("/api/systems/content-moderation/dependencies")).ReadAsync<DependencyGraph>();
        var assistant = await (await _client.GetAsync("/api/systems/support-assistant/dependencies")).ReadAsync<DependencyGraph>();

        Assert.Empty(graph.Upstream);
        Assert.Equal(["support-assistant", "voice-concierge"], graph.Downstream.Select(n => n.Slug).Order());
        Assert.Contains(assistant.Upstream, n => n.Slug == "kb-retrieval");
        Assert.Contains(assistant.Upstream, n => n.Slug is null && n.Name == "Order history API");
        Assert.Contains(assistant.Downstream, n => n.Slug == "refund-agent");
    }
}

internal static class JsonPut
{
    public static Task<HttpResponseMessage> PutAsJsonAsync(this HttpClient client, string url, object body) =>
        System.Net.Http.Json.HttpClientJsonExtensions.PutAsJsonAsync(client, url, body, ApiTestExtensions.Json);
}
