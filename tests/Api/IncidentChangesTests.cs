using System.Net;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Tests.Api;

/// <summary>Status, severity and roles: the lifecycle (409), the commander rule (403), bad input (400), unknown keys (404).</summary>
public sealed class IncidentChangesTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Commander = "Kim Lee";
    private readonly HttpClient _client = factory.As("Ana Diaz");

    private Task<IncidentSummary> DeclareCommandedAsync() => factory.As(Commander).DeclareAsync(takeCommand: true);

    /// <summary>Asserts the refused change left the incident as it was: same status, severity, commander and timeline.</summary>
    private async Task AssertUnchangedAsync(IncidentSummary before)
    {
        var after = (await _client.GetIncidentAsync(before.Key)).Detail.Incident;
        Assert.Equal((before.Status, before.Severity, before.IncidentCommander, before.TimelineCount),
            (after.Status, after.Severity, after.IncidentCommander, after.TimelineCount));
    }

    [Fact]
    public async Task StatusMovesForwardAndAnswersTheSummary()
    {
        var incident = await DeclareCommandedAsync();

        var changed = await (await factory.As(Commander).PostJsonAsync($"/api/incidents/{incident.Key}/status",
            new { status = "contained", reason = "feature flag off" })).ReadAsync<IncidentSummary>();

        Assert.Equal((IncidentStatus.Contained, incident.TimelineCount + 1), (changed.Status, changed.TimelineCount));
        var detail = (await _client.GetIncidentAsync(incident.Key)).Detail;
        Assert.NotNull(detail.Phases.TriagedAt);
        Assert.Contains("feature flag off", (await _client.GetIncidentAsync(incident.Key)).Timeline[0].Text);
    }

    [Fact]
    public async Task StatusCannotGoBackwards()
    {
        var incident = await DeclareCommandedAsync();
        var contained = await (await factory.As(Commander).PostJsonAsync($"/api/incidents/{incident.Key}/status",
            new { status = "contained" })).ReadAsync<IncidentSummary>();

        var problem = await (await factory.As(Commander).PostJsonAsync($"/api/incidents/{incident.Key}/status",
            new { status = "triaged" })).ReadProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("forward", problem.GetProperty("detail").GetString());
        await AssertUnchangedAsync(contained);
    }

    [Fact]
    public async Task StatusCannotJumpToClosedBeforeResolved()
    {
        var incident = await DeclareCommandedAsync();

        await (await factory.As(Commander).PostJsonAsync($"/api/incidents/{incident.Key}/status", new { status = "closed", reason = "Fixed and verified." }))
            .ReadProblemAsync(HttpStatusCode.Conflict);

        await AssertUnchangedAsync(incident);
    }

    [Fact]
    public async Task StatusByAnyoneButTheCommanderIsForbidden()
    {
        var incident = await DeclareCommandedAsync();

        var problem = await (await factory.As("Eve").PostJsonAsync($"/api/incidents/{incident.Key}/status", new { status = "triaged" }))
            .ReadProblemAsync(HttpStatusCode.Forbidden);

        Assert.Contains(Commander, problem.GetProperty("detail").GetString());
        await AssertUnchangedAsync(incident);
    }

    [Theory]
    [InlineData("status", "exploded", Commander)]
    [InlineData("status", "", Commander)]
    public async Task StatusRejectsABadFieldNamingIt(string field, string status, string actor)
    {
        var incident = await DeclareCommandedAsync();

        await (await factory.As(actor).PostJsonAsync($"/api/incidents/{incident.Key}/status", new { status, reason = "Fixed and verified." })).ReadFieldErrorAsync(field);

        await AssertUnchangedAsync(incident);
    }

    [Fact]
    public async Task SeverityChangesAndAnswersTheSummary()
    {
        var incident = await DeclareCommandedAsync();

        var changed = await (await factory.As(Commander).PostJsonAsync($"/api/incidents/{incident.Key}/severity",
            new { severity = "SEV1", reason = "PII confirmed" })).ReadAsync<IncidentSummary>();

        Assert.Equal(Severity.Sev1, changed.Severity);
    }

    [Fact]
    public async Task SeverityToTheSameLevelIsAConflict()
    {
        var incident = await DeclareCommandedAsync();

        await (await factory.As(Commander).PostJsonAsync($"/api/incidents/{incident.Key}/severity", new { severity = "SEV2" }))
            .ReadProblemAsync(HttpStatusCode.Conflict);

        await AssertUnchangedAsync(incident);
    }

    [Fact]
    public async Task SeverityByAnyoneButTheCommanderIsForbidden()
    {
        var incident = await DeclareCommandedAsync();

        await (await factory.As("Eve").PostJsonAsync($"/api/incidents/{incident.Key}/severity", new { severity = "SEV1" }))
            .ReadProblemAsync(HttpStatusCode.Forbidden);

        await AssertUnchangedAsync(incident);
    }

    [Theory]
    [InlineData("SEV9")]
    [InlineData("critical")]
    [InlineData("")]
    public async Task SeverityRejectsAnUnknownLevel(string severity)
    {
        var incident = await DeclareCommandedAsync();

        await (await factory.As(Commander).PostJsonAsync($"/api/incidents/{incident.Key}/severity", new { severity }))
            .ReadFieldErrorAsync("severity");
    }

    [Fact]
    public async Task RoleAssignedByTheCommanderShowsOnTheIncident()
    {
        var incident = await DeclareCommandedAsync();

        await (await factory.As(Commander).PostJsonAsync($"/api/incidents/{incident.Key}/roles",
            new { role = "scribe", person = "Tom Okafor" })).ReadAsync<IncidentSummary>();

        var roles = (await _client.GetIncidentAsync(incident.Key)).Detail.Roles;
        Assert.Contains(roles, r => r.Role == IncidentRole.Scribe && r.Person == "Tom Okafor");
    }

    [Fact]
    public async Task AnyoneMayTakeAVacantRoleForThemselves()
    {
        var incident = await DeclareCommandedAsync();

        await (await factory.As("Priya").PostJsonAsync($"/api/incidents/{incident.Key}/roles",
            new { role = "technical-lead", person = "Priya" })).ReadAsync<IncidentSummary>();

        Assert.Equal("Priya", (await _client.GetIncidentAsync(incident.Key)).Detail.HolderOf(IncidentRole.TechnicalLead));
    }

    [Fact]
    public async Task NobodyTakesTheLegalSeatForThemselvesNotEvenTheCommander()
    {
        var incident = await DeclareCommandedAsync();

        var self = await (await factory.As("Noor").PostJsonAsync($"/api/incidents/{incident.Key}/roles",
            new { role = "legal-liaison", person = "Noor" })).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await factory.As(Commander).PostJsonAsync($"/api/incidents/{incident.Key}/roles",
            new { role = "legal-liaison", person = Commander })).ReadProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal("Nobody can appoint themselves Legal/Compliance Liaison: the Incident Commander or an administrator appoints someone else.",
            self.GetProperty("detail").GetString());
        await AssertUnchangedAsync(incident);
    }

    [Fact]
    public async Task TheCommanderOrAnAdministratorAppointsTheLegalLiaison()
    {
        var commanded = await DeclareCommandedAsync();
        var open = await factory.As("Ana").DeclareAsync();

        await (await factory.As(Commander).PostJsonAsync($"/api/incidents/{commanded.Key}/roles",
            new { role = "legal-liaison", person = "Noor" })).ReadAsync<IncidentSummary>();
        await (await factory.As("Ana").PostJsonAsync($"/api/incidents/{open.Key}/roles",
            new { role = "legal-liaison", person = "Noor" })).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await factory.As("Ada", Core.Accounts.OrgRole.Administrator).PostJsonAsync($"/api/incidents/{open.Key}/roles",
            new { role = "legal-liaison", person = "Noor" })).ReadAsync<IncidentSummary>();

        Assert.Equal("Noor", (await _client.GetIncidentAsync(commanded.Key)).Detail.HolderOf(IncidentRole.LegalLiaison));
        Assert.Equal("Noor", (await _client.GetIncidentAsync(open.Key)).Detail.HolderOf(IncidentRole.LegalLiaison));
    }

    [Fact]
    public async Task AssigningSomeoneElseIsForbiddenOnceThereIsACommander()
    {
        var incident = await DeclareCommandedAsync();

        await (await factory.As("Eve").PostJsonAsync($"/api/incidents/{incident.Key}/roles",
            new { role = "scribe", person = "Tom" })).ReadProblemAsync(HttpStatusCode.Forbidden);

        Assert.Single((await _client.GetIncidentAsync(incident.Key)).Detail.Roles);
    }

    [Fact]
    public async Task TakingCommandIsOpenToAnyoneBeforeThereIsACommander()
    {
        var incident = await factory.As("Ana").DeclareAsync();

        var changed = await (await factory.As("Ana").PostJsonAsync($"/api/incidents/{incident.Key}/roles",
            new { role = "incident-commander", person = "Ana" })).ReadAsync<IncidentSummary>();

        Assert.Equal("Ana", changed.IncidentCommander);
    }

    [Fact]
    public async Task AssigningTheSamePersonTwiceIsAConflict()
    {
        var incident = await DeclareCommandedAsync();

        await (await factory.As(Commander).PostJsonAsync($"/api/incidents/{incident.Key}/roles",
            new { role = "incident-commander", person = Commander })).ReadProblemAsync(HttpStatusCode.Conflict);

        await AssertUnchangedAsync(incident);
    }

    [Theory]
    [InlineData("role", "janitor", "Tom")]
    [InlineData("role", "", "Tom")]
    [InlineData("person", "scribe", "")]
    [InlineData("person", "scribe", "101")]
    public async Task AssignRejectsABadFieldNamingIt(string field, string role, string person)
    {
        var incident = await DeclareCommandedAsync();
        person = person == "101" ? new string('p', 101) : person;

        await (await factory.As(Commander).PostJsonAsync($"/api/incidents/{incident.Key}/roles", new { role, person }))
            .ReadFieldErrorAsync(field);

        await AssertUnchangedAsync(incident);
    }

    [Fact]
    public async Task UnassignReleasesTheRole()
    {
        var incident = await DeclareCommandedAsync();
        await (await factory.As(Commander).PostJsonAsync($"/api/incidents/{incident.Key}/roles",
            new { role = "scribe", person = "Tom" })).ReadAsync<IncidentSummary>();

        var changed = await (await factory.As(Commander).DeleteAsync($"/api/incidents/{incident.Key}/roles/scribe"))
            .ReadAsync<IncidentSummary>();

        Assert.Equal(incident.TimelineCount + 2, changed.TimelineCount);
        Assert.Null((await _client.GetIncidentAsync(incident.Key)).Detail.HolderOf(IncidentRole.Scribe));
    }

    [Fact]
    public async Task UnassignOfSomeoneElsesRoleByANonCommanderIsForbidden()
    {
        var incident = await DeclareCommandedAsync();

        await (await factory.As("Eve").DeleteAsync($"/api/incidents/{incident.Key}/roles/incident-commander"))
            .ReadProblemAsync(HttpStatusCode.Forbidden);

        await AssertUnchangedAsync(incident);
    }

    [Fact]
    public async Task UnassignOfAVacantRoleIsAConflict()
    {
        var incident = await DeclareCommandedAsync();

        await (await factory.As(Commander).DeleteAsync($"/api/incidents/{incident.Key}/roles/scribe"))
            .ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("janitor", "Kim", "role")]
    public async Task UnassignRejectsABadFieldNamingIt(string role, string actor, string field)
    {
        var incident = await DeclareCommandedAsync();

        await (await factory.As(actor).DeleteAsync($"/api/incidents/{incident.Key}/roles/{role}")).ReadFieldErrorAsync(field);
    }

    [Fact]
    public async Task ChangesOnAClosedIncidentAreConflicts()
    {
        var incident = await DeclareCommandedAsync();
        // SEV3: a SEV1 or SEV2 incident would also wait for a published postmortem before closing.
        (await factory.As(Commander).PostJsonAsync($"/api/incidents/{incident.Key}/severity", new { severity = "SEV3" })).EnsureSuccessStatusCode();
        foreach (var status in new[] { "resolved", "closed" })
        {
            await (await factory.As(Commander).PostJsonAsync($"/api/incidents/{incident.Key}/status", new { status, reason = "Fixed and verified." })).ReadAsync<IncidentSummary>();
        }

        await (await factory.As(Commander).PostJsonAsync($"/api/incidents/{incident.Key}/severity", new { severity = "SEV1" }))
            .ReadProblemAsync(HttpStatusCode.Conflict);
        await (await factory.As(Commander).PostJsonAsync($"/api/incidents/{incident.Key}/roles", new { role = "scribe", person = "Tom" }))
            .ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("POST", "status", "{\"status\":\"triaged\",\"actor\":\"Kim\"}")]
    [InlineData("POST", "severity", "{\"severity\":\"SEV1\",\"actor\":\"Kim\"}")]
    [InlineData("POST", "roles", "{\"role\":\"scribe\",\"person\":\"Kim Lee\",\"actor\":\"Kim\"}")]
    [InlineData("DELETE", "roles/scribe?actor=Kim", null)]
    public async Task ChangesToAnUnknownIncidentAreNotFound(string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/incidents/INC-1999-0001/{path}");
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        var problem = await (await _client.SendAsync(request)).ReadProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains("INC-1999-0001", problem.GetProperty("detail").GetString());
    }
}
