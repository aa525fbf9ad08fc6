using System.Net;
using System.Text.Json;

namespace CommandCenter.Tests.Api;

/// <summary>POST /api/incidents/{key}/clocks and /clocks/{code}/met: who may, which clocks, the deadlines.</summary>
public sealed class RegulatoryClockEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.As("Ana Diaz");

    [Fact]
    public async Task APersonalDataBreachStartsTheGdprClockFromAwareness()
    {
        var incident = await factory.As("Ana Diaz").DeclareAsync(title: "Assistant shows other customers' orders", takeCommand: true);
        var awareAt = DateTimeOffset.UtcNow.AddHours(-2);

        var detail = await (await factory.As("Ana Diaz").PostJsonAsync($"/api/incidents/{incident.Key}/clocks",
            new { trigger = "personal-data-breach", awareAt })).ReadAsync<JsonElement>();

        var clock = detail.GetProperty("clocks").EnumerateArray().Single();
        Assert.Equal("gdpr-art33", clock.GetProperty("code").GetString());
        Assert.Equal("running", clock.GetProperty("state").GetString());
        var deadline = clock.GetProperty("deadline").GetDateTimeOffset();
        Assert.InRange((deadline - awareAt.AddHours(72)).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        var timeline = await _client.GetIncidentAsync(incident.Key);
        Assert.Contains(timeline.Timeline, e => e.Text.Contains("GDPR Art. 33", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OnlyTheCommanderOrLegalMayAndEveryMistakeIsNamed()
    {
        var incident = await factory.As("Ana Diaz").DeclareAsync(title: "Voice agent reads out card numbers", takeCommand: true,
            system: "voice-concierge");

        await (await factory.As("Tom Other").PostJsonAsync($"/api/incidents/{incident.Key}/clocks", new { trigger = "personal-data-breach" }))
            .ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await factory.As("Ana Diaz").PostJsonAsync($"/api/incidents/{incident.Key}/clocks", new { trigger = "lawsuit" }))
            .ReadFieldErrorAsync("trigger");
        // The voice concierge is not a high-risk system: no EU AI Act clock applies.
        await (await factory.As("Ana Diaz").PostJsonAsync($"/api/incidents/{incident.Key}/clocks", new { trigger = "serious-incident" }))
            .ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task AHighRiskSystemGetsTheAiActClockAndMeetingItStopsIt()
    {
        var incident = await factory.As("Ana Diaz").DeclareAsync(title: "Refund agent refunds without limit", takeCommand: true,
            system: "refund-agent");
        (await factory.As("Ana Diaz").PostJsonAsync($"/api/incidents/{incident.Key}/clocks", new { trigger = "serious-incident" }))
            .EnsureSuccessStatusCode();

        var detail = await (await factory.As("Ana Diaz").PostJsonAsync($"/api/incidents/{incident.Key}/clocks/ai-act-art73/met", new {}))
            .ReadAsync<JsonElement>();

        var clock = detail.GetProperty("clocks").EnumerateArray().Single();
        Assert.Equal("met", clock.GetProperty("state").GetString());
        Assert.Equal("Ana Diaz", clock.GetProperty("metBy").GetString());
        await (await factory.As("Ana Diaz").PostJsonAsync($"/api/incidents/{incident.Key}/clocks/gdpr-art33/met", new {}))
            .ReadProblemAsync(HttpStatusCode.NotFound);
    }
}
