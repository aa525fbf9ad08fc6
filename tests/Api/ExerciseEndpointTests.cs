using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Containment;
using CommandCenter.Core.Exercises;
using Microsoft.AspNetCore.Hosting;

namespace CommandCenter.Tests.Api;

/// <summary>The app with loopback webhook targets allowed, so a receiver can prove an exercise never calls one.</summary>
public sealed class ExerciseApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Containment:AllowPrivateWebhookTargets", "true");
    }
}

/// <summary>/api/exercises: scenarios, running an exercise, decisions, the review and its export, and exercise mode's guarantees.</summary>
public sealed class ExerciseEndpointTests(ExerciseApiFactory factory) : IClassFixture<ExerciseApiFactory>
{
    private const string Facilitator = "Fay Facilitator";
    private const string Commander = "Ivo Commander";
    private const string Scenario = "hidden-instructions-revealed";

    private HttpClient As(string person) => factory.As(person);

    /// <summary>Opens an exercise (Ivo takes command) and starts its clock.</summary>
    private async Task<ExerciseSummary> StartedAsync()
    {
        var opened = await (await As(Facilitator).PostJsonAsync("/api/exercises", new { scenario = Scenario })).ReadAsync<ExerciseSummary>(HttpStatusCode.Created);
        (await As(Commander).PostJsonAsync($"/api/incidents/{opened.IncidentKey}/roles", new { role = "incident-commander", person = Commander }))
            .EnsureSuccessStatusCode();
        (await As(Facilitator).PostJsonAsync($"/api/exercises/{opened.Id}/start", new { })).EnsureSuccessStatusCode();
        return opened;
    }

    [Fact]
    public async Task TheLibraryHasAScenarioPerArchetypeThatAnyoneMayRead()
    {
        var list = await (await factory.As("Lee Leader", OrgRole.Leadership).GetAsync("/api/exercises/scenarios")).ReadAsync<List<JsonElement>>();

        Assert.Equal(7, list.Select(s => s.GetProperty("archetype").GetString()).Distinct().Count());
        var detail = await (await As(Commander).GetAsync($"/api/exercises/scenarios/{Scenario}")).ReadAsync<JsonElement>();
        Assert.Equal(1, detail.GetProperty("version").GetInt32());
        await (await As(Commander).GetAsync("/api/exercises/scenarios/astrology")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OpeningNeedsAKnownScenarioAndIsRefusedToLeadership()
    {
        Assert.Contains("no scenario", await (await As(Facilitator).PostJsonAsync("/api/exercises", new { scenario = "nope" })).ReadFieldErrorAsync("scenario"),
            StringComparison.Ordinal);
        await (await factory.As("Lee Leader", OrgRole.Leadership).PostJsonAsync("/api/exercises", new { scenario = Scenario }))
            .ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnExerciseRunsThroughTheApiFromStartToExport()
    {
        var exercise = await StartedAsync();
        Assert.StartsWith("EX-", exercise.IncidentKey, StringComparison.Ordinal);

        Assert.Contains("Speed", await (await As(Facilitator).PostJsonAsync($"/api/exercises/{exercise.Id}/speed", new { speed = 3 })).ReadFieldErrorAsync("speed"),
            StringComparison.Ordinal);
        (await As(Facilitator).PostJsonAsync($"/api/exercises/{exercise.Id}/speed", new { speed = 10 })).EnsureSuccessStatusCode();
        (await As(Facilitator).PostJsonAsync($"/api/exercises/{exercise.Id}/release", new { injectId = "discount-code" })).EnsureSuccessStatusCode();
        await (await As(Commander).PostJsonAsync($"/api/exercises/{exercise.Id}/release", new { })).ReadProblemAsync(HttpStatusCode.Forbidden);
        // The first inject is due at T+0: the clock worker or the facilitator releases it, whichever comes first.
        await As(Facilitator).PostJsonAsync($"/api/exercises/{exercise.Id}/release", new { injectId = "researcher-thread" });
        await As(Facilitator).PostJsonAsync($"/api/exercises/{exercise.Id}/release", new { injectId = "tool-calls" });

        Assert.Contains("Reasoning", await (await As(Commander).PostJsonAsync($"/api/exercises/{exercise.Id}/answer",
            new { injectId = "researcher-thread", answer = "Take it offline", reasoning = "" })).ReadFieldErrorAsync("reasoning"), StringComparison.Ordinal);
        var answered = await (await As(Commander).PostJsonAsync($"/api/exercises/{exercise.Id}/answer",
            new { injectId = "researcher-thread", answer = "Take it offline", reasoning = "The prompt names internal tools." })).ReadAsync<JsonElement>();
        Assert.Equal("Take it offline", answered.GetProperty("answer").GetProperty("answer").GetString());

        var console = await (await As(Facilitator).GetAsync($"/api/exercises/{exercise.Id}")).ReadAsync<JsonElement>();
        Assert.Equal("running", console.GetProperty("exercise").GetProperty("state").GetString());
        (await As(Facilitator).PostJsonAsync($"/api/exercises/{exercise.Id}/pause", new { })).EnsureSuccessStatusCode();
        (await As(Facilitator).PostJsonAsync($"/api/exercises/{exercise.Id}/finish", new { })).EnsureSuccessStatusCode();
        Assert.Contains("past", await (await As(Facilitator).PostJsonAsync($"/api/exercises/{exercise.Id}/review/follow-up",
            new { date = "2020-01-01" })).ReadFieldErrorAsync("date"), StringComparison.Ordinal);
        (await As(Facilitator).PostJsonAsync($"/api/exercises/{exercise.Id}/review/follow-up", new { date = DateTime.UtcNow.AddDays(60) })).EnsureSuccessStatusCode();
        (await As(Facilitator).PostJsonAsync($"/api/exercises/{exercise.Id}/review/lessons", new { text = "Security joined late." })).EnsureSuccessStatusCode();
        (await As(Facilitator).PostJsonAsync($"/api/exercises/{exercise.Id}/review/action-items", new
        {
            title = "Page Security with the IC", kind = "process", owner = ApiFactory.UserNameOf(Commander), dueDate = DateTime.UtcNow.AddDays(14), priority = "high",
        })).EnsureSuccessStatusCode();

        var review = await (await As(Commander).GetAsync($"/api/exercises/{exercise.Id}/review")).ReadAsync<JsonElement>();
        Assert.Contains(review.GetProperty("decisions").EnumerateArray(), d => d.GetProperty("state").GetString() == "on-time");
        Assert.Contains(review.GetProperty("decisions").EnumerateArray(), d => d.GetProperty("state").GetString() == "missed");
        Assert.Single(review.GetProperty("actionItems").EnumerateArray());
        var export = await As(Commander).GetAsync($"/api/exercises/{exercise.Id}/review/export");
        Assert.Equal("text/markdown", export.Content.Headers.ContentType?.MediaType);
        Assert.Contains("The prompt names internal tools.", await export.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContainmentOnAnExerciseIsADryRunThatCallsNoWebhook()
    {
        using var receiver = new ControlReceiver("exercise-tests-control-secret", _ => 200);
        (await factory.As("Ada Admin", OrgRole.Administrator).PutAsJsonAsync("/api/systems/support-assistant/control",
            new { url = receiver.Url.ToString(), secret = "exercise-tests-control-secret" })).EnsureSuccessStatusCode();
        var exercise = await StartedAsync();

        var action = await (await As(Commander).PostJsonAsync($"/api/incidents/{exercise.IncidentKey}/containment",
            new { action = "disable-feature", reason = "Drill" })).ReadAsync<ContainmentActionView>(HttpStatusCode.Created);

        Assert.Equal(ContainmentState.Succeeded, action.State);
        Assert.Contains(ContainmentService.DryRunNote, action.Summary, StringComparison.Ordinal);
        Assert.Empty(receiver.Calls);
    }

    [Fact]
    public async Task AnUnknownExerciseIsNotFound() =>
        await (await As(Commander).GetAsync("/api/exercises/999999/review")).ReadProblemAsync(HttpStatusCode.NotFound);
}
