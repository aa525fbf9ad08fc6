using System.Net;
using System.Text.Json;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Systems;

namespace CommandCenter.Tests.Api;

/// <summary>The read side: lists, one incident, timeline pages, systems, health and the OpenAPI document. Reads the demo seed only.</summary>
public sealed class IncidentQueriesTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.As("Ana Diaz");

    private async Task<IncidentSummary> SeededAsync(Archetype archetype) =>
        (await _client.ListIncidentsAsync()).Single(i => i.Archetype == archetype);

    [Fact]
    public async Task ListReturnsTheSeededIncidentsWorstSeverityFirst()
    {
        var incidents = await _client.ListIncidentsAsync();

        Assert.True(incidents.Count >= 4);
        Assert.Equal(incidents.OrderBy(i => i.Severity).Select(i => i.Severity), incidents.Select(i => i.Severity));
        var refund = incidents.Single(i => i.SystemSlug == "refund-agent");
        Assert.Equal((Severity.Sev1, IncidentStatus.Triaged, "Sam Rivera"), (refund.Severity, refund.Status, refund.IncidentCommander));
    }

    [Fact]
    public async Task ListFiltersByStatusCode()
    {
        var contained = await _client.ListIncidentsAsync("?status=contained");

        Assert.NotEmpty(contained);
        Assert.All(contained, i => Assert.Equal(IncidentStatus.Contained, i.Status));
        Assert.Contains(contained, i => i.SystemSlug == "support-assistant");
    }

    [Fact]
    public async Task ListWithActiveTrueLeavesOutResolvedAndClosedIncidents()
    {
        var active = await _client.ListIncidentsAsync("?active=true");

        Assert.NotEmpty(active);
        Assert.All(active, i => Assert.True(i.Status.IsActive(), $"{i.Key} is {i.Status}"));
        Assert.DoesNotContain(active, i => i.SystemSlug == "voice-concierge");
    }

    [Fact]
    public async Task ListRejectsAnUnknownStatusNamingTheField()
    {
        var message = await (await _client.GetAsync("/api/incidents?status=exploded")).ReadFieldErrorAsync("status");

        Assert.Contains("exploded", message);
    }

    [Fact]
    public async Task ListRejectsAnActiveFlagThatIsNotABoolean()
    {
        var problem = await (await _client.GetAsync("/api/incidents?active=maybe")).ReadProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("active", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task GetReturnsDetailAndTheWholeTimelineNewestFirst()
    {
        var seeded = await SeededAsync(Archetype.PromptInjection);

        var incident = await _client.GetIncidentAsync(seeded.Key.ToLowerInvariant());

        Assert.Equal(seeded.Key, incident.Detail.Incident.Key);
        Assert.Equal("support-assistant", incident.Detail.System.Slug);
        Assert.Equal(5, incident.Detail.Roles.Count);
        Assert.Equal(seeded.TimelineCount, incident.Timeline.Count);
        Assert.Equal(Enumerable.Range(1, seeded.TimelineCount).Reverse(), incident.Timeline.Select(e => e.Sequence));
        var corrected = incident.Timeline.Single(e => e.IsCorrected);
        Assert.Contains(incident.Timeline, e => e.CorrectsSequence == corrected.Sequence && e.Sequence == corrected.CorrectedBySequence);
    }

    [Fact]
    public async Task GetAnswersNotFoundForAnUnknownKey()
    {
        var problem = await (await _client.GetAsync("/api/incidents/INC-1999-0042")).ReadProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains("INC-1999-0042", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TimelinePagesBackwardsWithBeforeAndTake()
    {
        var seeded = await SeededAsync(Archetype.PromptInjection);

        var first = await (await _client.GetAsync($"/api/incidents/{seeded.Key}/timeline?take=3")).ReadAsync<List<TimelineEntryView>>();
        var next = await (await _client.GetAsync($"/api/incidents/{seeded.Key}/timeline?before={first[^1].Sequence}&take=3"))
            .ReadAsync<List<TimelineEntryView>>();

        Assert.Equal([seeded.TimelineCount, seeded.TimelineCount - 1, seeded.TimelineCount - 2], first.Select(e => e.Sequence));
        Assert.Equal([seeded.TimelineCount - 3, seeded.TimelineCount - 4, seeded.TimelineCount - 5], next.Select(e => e.Sequence));
    }

    [Theory]
    [InlineData("take=0")]
    [InlineData("take=1001")]
    public async Task TimelineRejectsATakeOutOfRange(string query)
    {
        var seeded = await SeededAsync(Archetype.ModelDrift);

        await (await _client.GetAsync($"/api/incidents/{seeded.Key}/timeline?{query}")).ReadFieldErrorAsync("take");
    }

    [Fact]
    public async Task TimelineAnswersNotFoundForAnUnknownKey()
    {
        await (await _client.GetAsync("/api/incidents/INC-1999-0042/timeline")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TimelineEntryIsFoundBySequenceAndMissingOnesAreNotFound()
    {
        var seeded = await SeededAsync(Archetype.ModelDrift);

        var entry = await (await _client.GetAsync($"/api/incidents/{seeded.Key}/timeline/1")).ReadAsync<TimelineEntryView>();
        var missing = await _client.GetAsync($"/api/incidents/{seeded.Key}/timeline/{seeded.TimelineCount + 1}");

        Assert.Equal((1, TimelineEntryKind.StatusChange), (entry.Sequence, entry.Kind));
        await missing.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task HealthIsOk()
    {
        var response = await _client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApiDocumentListsEveryApiPathWithNamedOperations()
    {
        var response = await _client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");

        Assert.Equal(
            [
                "/api/action-items", "/api/action-items/{id}", "/api/action-items/{id}/status", "/api/audit", "/api/audit/verify",
                "/api/candidates", "/api/candidates/{id}", "/api/candidates/{id}/dismiss", "/api/candidates/{id}/merge",
                "/api/candidates/{id}/promote", "/api/changes", "/api/detection/metrics", "/api/exercises", "/api/exercises/scenarios",
                "/api/exercises/scenarios/{scenario}", "/api/exercises/{id}", "/api/exercises/{id}/answer",
                "/api/exercises/{id}/finish", "/api/exercises/{id}/pause", "/api/exercises/{id}/release", "/api/exercises/{id}/resume",
                "/api/exercises/{id}/review", "/api/exercises/{id}/review/action-items", "/api/exercises/{id}/review/export",
                "/api/exercises/{id}/review/follow-up", "/api/exercises/{id}/review/lessons",
                "/api/exercises/{id}/review/playbook-proposals", "/api/exercises/{id}/speed", "/api/exercises/{id}/start",
                "/api/incidents", "/api/incidents/{key}", "/api/incidents/{key}/action-items", "/api/incidents/{key}/archetype",
                "/api/incidents/{key}/clocks", "/api/incidents/{key}/clocks/{code}/met", "/api/incidents/{key}/containment",
                "/api/incidents/{key}/containment/{id}/checklist/{index}", "/api/incidents/{key}/containment/{id}/retry",
                "/api/incidents/{key}/evidence", "/api/incidents/{key}/evidence/{id}", "/api/incidents/{key}/evidence/{id}/content",
                "/api/incidents/{key}/exposure", "/api/incidents/{key}/legal-hold", "/api/incidents/{key}/playbook",
                "/api/incidents/{key}/playbook/attach", "/api/incidents/{key}/playbook/steps/{stepId}/answer",
                "/api/incidents/{key}/playbook/steps/{stepId}/check", "/api/incidents/{key}/playbook/steps/{stepId}/skip",
                "/api/incidents/{key}/postmortem", "/api/incidents/{key}/postmortem/comments", "/api/incidents/{key}/postmortem/export",
                "/api/incidents/{key}/postmortem/publish", "/api/incidents/{key}/postmortem/return",
                "/api/incidents/{key}/postmortem/submit", "/api/incidents/{key}/record", "/api/incidents/{key}/roles",
                "/api/incidents/{key}/roles/{role}", "/api/incidents/{key}/severity", "/api/incidents/{key}/status",
                "/api/incidents/{key}/timeline", "/api/incidents/{key}/timeline/{sequence}",
                "/api/incidents/{key}/timeline/{sequence}/corrections", "/api/incidents/{key}/triage", "/api/incidents/{key}/updates",
                "/api/incidents/{key}/updates/export", "/api/incidents/{key}/updates/prefill", "/api/incidents/{key}/updates/{id}",
                "/api/incidents/{key}/updates/{id}/approve", "/api/incidents/{key}/updates/{id}/reject",
                "/api/incidents/{key}/updates/{id}/sent", "/api/incidents/{key}/updates/{id}/submit", "/api/integrations/alertmanager",
                "/api/integrations/events", "/api/metrics", "/api/playbooks", "/api/playbooks/{archetype}", "/api/search",
                "/api/session", "/api/signals", "/api/systems", "/api/systems/{slug}", "/api/systems/{slug}/control",
                "/api/systems/{slug}/dependencies", "/api/updates/pending-approval", "/api/users", "/api/users/{userName}/lock",
                "/api/users/{userName}/password", "/api/users/{userName}/role", "/api/users/{userName}/unlock",
            ],
            paths.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var declare = paths.GetProperty("/api/incidents").GetProperty("post");
        Assert.Equal("DeclareIncident", declare.GetProperty("operationId").GetString());
        Assert.False(string.IsNullOrEmpty(declare.GetProperty("summary").GetString()));
        Assert.True(declare.GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(declare.GetProperty("responses").TryGetProperty("400", out _));
    }
}
