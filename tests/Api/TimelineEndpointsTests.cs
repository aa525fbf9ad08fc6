using System.Net;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Tests.Api;

/// <summary>POST timeline entries and corrections.</summary>
public sealed class TimelineEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.As("Ana Diaz");

    [Fact]
    public async Task RecordAnswersCreatedWithTheEntryAndALocationThatResolves()
    {
        var incident = await _client.DeclareAsync();

        var response = await factory.As("Ana Diaz").PostJsonAsync($"/api/incidents/{incident.Key}/timeline",
            new { kind = "decision", text = "Disable card-number echo in the prompt template." });
        var entry = await response.ReadAsync<TimelineEntryView>(HttpStatusCode.Created);

        Assert.Equal((incident.Key, 2, TimelineEntryKind.Decision, "Ana Diaz"), (entry.IncidentKey, entry.Sequence, entry.Kind, entry.Author));
        Assert.Equal($"/api/incidents/{incident.Key}/timeline/2", response.Headers.Location?.ToString());
        var fetched = await (await _client.GetAsync(response.Headers.Location)).ReadAsync<TimelineEntryView>();
        Assert.Equal(entry, fetched);
        Assert.Equal(2, (await _client.GetIncidentAsync(incident.Key)).Detail.Incident.TimelineCount);
    }

    [Fact]
    public async Task RecordKeepsABackdatedTime()
    {
        var incident = await _client.DeclareAsync();
        var occurred = DateTimeOffset.UtcNow.AddMinutes(-20);

        var entry = await (await factory.As("Ana Diaz").PostJsonAsync($"/api/incidents/{incident.Key}/timeline",
            new { kind = "signal", text = "Alert fired", occurredAt = occurred })).ReadAsync<TimelineEntryView>(HttpStatusCode.Created);

        Assert.Equal(occurred.UtcDateTime, entry.OccurredAt, TimeSpan.FromMilliseconds(1));
        Assert.True(entry.IsBackdated);
    }

    [Theory]
    [InlineData("kind", "gossip", "text")]
    [InlineData("kind", "status-change", "text")]
    [InlineData("kind", "", "text")]
    [InlineData("text", "note", "")]
    [InlineData("text", "note", "   ")]
    [InlineData("text", "note", "4001")]
    public async Task RecordRejectsABadFieldAndWritesNothing(string field, string kind, string text)
    {
        var incident = await _client.DeclareAsync();
        if (text == "4001")
        {
            text = new string('x', 4001);
        }

        await (await _client.PostJsonAsync($"/api/incidents/{incident.Key}/timeline", new { kind, text })).ReadFieldErrorAsync(field);

        Assert.Single((await _client.GetIncidentAsync(incident.Key)).Timeline);
    }

    [Fact]
    public async Task RecordRejectsATimeInTheFuture()
    {
        var incident = await _client.DeclareAsync();

        var response = await factory.As("Ana").PostJsonAsync($"/api/incidents/{incident.Key}/timeline",
            new { kind = "note", text = "Later", occurredAt = DateTimeOffset.UtcNow.AddHours(1) });

        await response.ReadFieldErrorAsync("occurredAt");
    }

    [Fact]
    public async Task RecordAnswersNotFoundForAnUnknownIncident()
    {
        var response = await factory.As("Ana").PostJsonAsync("/api/incidents/INC-1999-0001/timeline", new { kind = "note", text = "t" });

        await response.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CorrectionAppendsAnEntryAndMarksTheOriginalCorrected()
    {
        var incident = await _client.DeclareAsync();
        var original = await (await factory.As("Tom").PostJsonAsync($"/api/incidents/{incident.Key}/timeline",
            new { kind = "note", text = "48 sessions affected" })).ReadAsync<TimelineEntryView>(HttpStatusCode.Created);

        var response = await factory.As("Tom").PostJsonAsync($"/api/incidents/{incident.Key}/timeline/{original.Sequence}/corrections",
            new { text = "84 sessions affected (digits swapped)" });
        var correction = await response.ReadAsync<TimelineEntryView>(HttpStatusCode.Created);

        Assert.Equal((original.Sequence, TimelineEntryKind.Note, original.OccurredAt), (correction.CorrectsSequence, correction.Kind, correction.OccurredAt));
        Assert.Equal($"/api/incidents/{incident.Key}/timeline/{correction.Sequence}", response.Headers.Location?.ToString());
        var timeline = (await _client.GetIncidentAsync(incident.Key)).Timeline;
        var kept = timeline.Single(e => e.Sequence == original.Sequence);
        Assert.Equal(("48 sessions affected", correction.Sequence), (kept.Text, kept.CorrectedBySequence));
    }

    [Fact]
    public async Task CorrectionOfAnEntryThatDoesNotExistIsNotFound()
    {
        var incident = await _client.DeclareAsync();

        var response = await factory.As("Tom").PostJsonAsync($"/api/incidents/{incident.Key}/timeline/99/corrections", new { text = "x" });

        await response.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CorrectionOfASystemEntryIsAConflict()
    {
        var incident = await _client.DeclareAsync();

        var response = await factory.As("Tom").PostJsonAsync($"/api/incidents/{incident.Key}/timeline/1/corrections", new { text = "x" });

        await response.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Single((await _client.GetIncidentAsync(incident.Key)).Timeline);
    }

    [Theory]
    [InlineData("text", "")]
    [InlineData("text", "   ")]
    public async Task CorrectionRejectsABadFieldNamingIt(string field, string text)
    {
        var incident = await _client.DeclareAsync();
        var original = await (await factory.As("Tom").PostJsonAsync($"/api/incidents/{incident.Key}/timeline",
            new { kind = "note", text = "typo" })).ReadAsync<TimelineEntryView>(HttpStatusCode.Created);

        var response = await _client.PostJsonAsync($"/api/incidents/{incident.Key}/timeline/{original.Sequence}/corrections", new { text });

        await response.ReadFieldErrorAsync(field);
    }
}
