using System.Net;
using System.Text;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Tests.Api;

/// <summary>POST /api/incidents: the happy path, every bad input, and that a refused declaration leaves nothing behind.</summary>
public sealed class DeclareIncidentTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.As("Ana Diaz");

    private static object Body(string? title = "Voice agent quotes last year's prices", string? severity = "SEV2",
        string? archetype = "misinformation", string? system = "voice-concierge",
        string? summary = "Customers quoted 2025 fares.", object? impactStartedAt = null) =>
        new { title, summary, severity, archetype, system, impactStartedAt };

    [Fact]
    public async Task DeclareAnswersCreatedWithTheSummaryAndALocationThatResolves()
    {
        var response = await _client.PostJsonAsync("/api/incidents", Body());
        var created = await response.ReadAsync<IncidentSummary>(HttpStatusCode.Created);

        Assert.Matches(@"^INC-\d{4}-\d{4}$", created.Key);
        Assert.Equal((Severity.Sev2, Archetype.Misinformation, IncidentStatus.Detected, "voice-concierge"),
            (created.Severity, created.Archetype, created.Status, created.SystemSlug));
        Assert.Null(created.IncidentCommander);
        Assert.Equal($"/api/incidents/{created.Key}", response.Headers.Location?.ToString());
        var fetched = await _client.GetIncidentAsync(created.Key);
        Assert.Equal("Ana Diaz", fetched.Detail.DeclaredBy);
        Assert.Equal("Customers quoted 2025 fares.", fetched.Detail.Summary);
    }

    [Fact]
    public async Task DeclareWithTakeCommandMakesTheDeclarerIncidentCommander()
    {
        var created = await factory.As("Kim Lee").DeclareAsync(takeCommand: true);

        Assert.Equal("Kim Lee", created.IncidentCommander);
        Assert.Equal(2, created.TimelineCount);
    }

    [Fact]
    public async Task DeclareKeepsAPastImpactStartForTimeToDetect()
    {
        var started = DateTimeOffset.UtcNow.AddMinutes(-30);

        var response = await _client.PostJsonAsync("/api/incidents", Body(impactStartedAt: started));
        var created = await response.ReadAsync<IncidentSummary>(HttpStatusCode.Created);

        var detail = (await _client.GetIncidentAsync(created.Key)).Detail;
        Assert.Equal(started.UtcDateTime, detail.Phases.ImpactStartedAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.True(detail.Metrics.TimeToDetect >= TimeSpan.FromMinutes(29));
    }

    [Theory]
    [InlineData("title", "")]
    [InlineData("title", "   ")]
    [InlineData("title", null)]
    [InlineData("severity", "SEV9")]
    [InlineData("severity", "")]
    [InlineData("archetype", "alien-invasion")]
    [InlineData("system", "no-such-system")]
    [InlineData("system", "")]
    public async Task DeclareRejectsABadFieldNamingIt(string field, string? value)
    {
        var body = field switch
        {
            "title" => Body(title: value),
            "severity" => Body(severity: value),
            "archetype" => Body(archetype: value),
            "system" => Body(system: value),
            _ => Body(system: value),
        };
        var before = (await _client.ListIncidentsAsync()).Count;

        await (await _client.PostJsonAsync("/api/incidents", body)).ReadFieldErrorAsync(field);

        Assert.Equal(before, (await _client.ListIncidentsAsync()).Count);
    }

    [Theory]
    [InlineData("title", 201)]
    [InlineData("summary", 4001)]
    public async Task DeclareRejectsOverLongTextSayingTheLimit(string field, int length)
    {
        var text = new string('x', length);
        var body = field switch
        {
            "title" => Body(title: text),
            "summary" => Body(summary: text),
            _ => Body(summary: text),
        };

        var message = await (await _client.PostJsonAsync("/api/incidents", body)).ReadFieldErrorAsync(field);

        Assert.Contains((length - 1).ToString(), message);
    }

    [Fact]
    public async Task DeclareReportsEveryBadFieldAtOnce()
    {
        var response = await _client.PostJsonAsync("/api/incidents", new { });

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order();
        Assert.Equal(["archetype", "severity", "system", "title"], fields);
    }

    [Fact]
    public async Task ARefusedDeclarationLeavesNoIncidentAndNoGapInTheKeys()
    {
        var first = await _client.DeclareAsync(title: "First of three");
        var before = await _client.ListIncidentsAsync();

        // Validated inside the write, after the key was taken: the transaction must give the number back.
        var refused = await _client.PostJsonAsync("/api/incidents", Body(impactStartedAt: DateTimeOffset.UtcNow.AddHours(2)));
        await refused.ReadFieldErrorAsync("impactStartedAt");
        var unknownSystem = await _client.PostJsonAsync("/api/incidents", Body(system: "no-such-system"));
        await unknownSystem.ReadFieldErrorAsync("system");
        var after = await _client.ListIncidentsAsync();
        var next = await _client.DeclareAsync(title: "Third of three");

        Assert.Equal(before.Select(i => i.Key).Order(), after.Select(i => i.Key).Order());
        Assert.Equal(NumberOf(first.Key) + 1, NumberOf(next.Key));
    }

    [Fact]
    public async Task DeclareRejectsMalformedJsonSayingWhere()
    {
        var response = await _client.PostAsync("/api/incidents",
            new StringContent("{\"title\": \"unterminated", Encoding.UTF8, "application/json"));

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem.GetProperty("title").GetString());
        Assert.Contains("$.title", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task DeclareRejectsAValueOfTheWrongTypeNamingTheField()
    {
        var response = await _client.PostAsync("/api/incidents",
            new StringContent("{\"title\":\"t\",\"takeCommand\":\"yes\"}", Encoding.UTF8, "application/json"));

        await response.ReadFieldErrorAsync("takeCommand");
    }

    [Fact]
    public async Task DeclareRejectsANullBody()
    {
        var response = await _client.PostAsync("/api/incidents", new StringContent("null", Encoding.UTF8, "application/json"));

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("body", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task DeclareRejectsABodyThatIsNotJson()
    {
        var response = await _client.PostAsync("/api/incidents", new StringContent("title=hello", Encoding.UTF8, "text/plain"));

        await response.ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    private static int NumberOf(string key) => int.Parse(key[^4..]);
}
