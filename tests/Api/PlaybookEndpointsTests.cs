using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Playbooks;

namespace CommandCenter.Tests.Api;

/// <summary>/api/playbooks (read, versioned edits by administrators) and /api/incidents/{key}/playbook (running it).</summary>
public sealed class PlaybookEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private HttpClient Commander => factory.As("Ana Diaz");

    /// <summary>A data-leakage incident commanded by Ana with Pat as its Technical Lead.</summary>
    private async Task<string> DeclareAsync()
    {
        factory.As("Pat Lead");
        var key = (await Commander.DeclareAsync(takeCommand: true)).Key;
        (await Commander.PostJsonAsync($"/api/incidents/{key}/roles", new { role = "technical-lead", person = "Pat Lead" })).EnsureSuccessStatusCode();
        return key;
    }

    [Fact]
    public async Task EveryArchetypeHasAPlaybookAnyoneSignedInMayRead()
    {
        var list = await (await factory.As("Lee Leader", OrgRole.Leadership).GetAsync("/api/playbooks")).ReadAsync<List<JsonElement>>();

        Assert.Equal(Archetypes.All.Select(a => a.Code), list.Select(p => p.GetProperty("archetype").GetString()));
        Assert.All(list, p => Assert.True(p.GetProperty("currentVersion").GetInt32() >= 1));
        var detail = await (await Commander.GetAsync("/api/playbooks/misinformation?version=1")).ReadAsync<PlaybookDetail>();
        Assert.Equal(BuiltInPlaybooks.For(Archetype.Misinformation).Title, detail.Content.Title);
        Assert.Equal(1, detail.Version);
        Assert.Contains(detail.History, h => h.Number == 1 && h.EditedBy == "CommandCenter");
        await (await Commander.GetAsync("/api/playbooks/astrology")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await Commander.GetAsync("/api/playbooks/misinformation?version=99")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnAdministratorSavesANewVersionAndTheOldOneStaysReadable()
    {
        var admin = factory.As("Ada Admin", OrgRole.Administrator);
        var content = BuiltInPlaybooks.For(Archetype.ModelDrift) with { Title = "Model drift, revised" };

        var saved = await (await admin.PutAsJsonAsync("/api/playbooks/model-drift", new { content, changeNote = "Clearer title" }, ApiTestExtensions.Json))
            .ReadAsync<PlaybookDetail>();

        Assert.Equal(2, saved.Version);
        Assert.Equal("Model drift, revised", saved.Content.Title);
        Assert.Equal("Clearer title", saved.History[0].ChangeNote);
        var first = await (await admin.GetAsync("/api/playbooks/model-drift?version=1")).ReadAsync<PlaybookDetail>();
        Assert.Equal(BuiltInPlaybooks.For(Archetype.ModelDrift).Title, first.Content.Title);
        Assert.Equal(2, first.CurrentVersion);
    }

    [Fact]
    public async Task AResponderMayNotEditAPlaybook()
    {
        var content = BuiltInPlaybooks.For(Archetype.Toxicity);

        await (await Commander.PutAsJsonAsync("/api/playbooks/toxicity", new { content, changeNote = "mine" }, ApiTestExtensions.Json))
            .ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnInvalidVersionIsRefusedNamingEveryField()
    {
        var admin = factory.As("Ada Admin", OrgRole.Administrator);
        var content = BuiltInPlaybooks.For(Archetype.AgenticMisalignment);
        var broken = content with { Steps = [content.Steps[0] with { Text = "" }, .. content.Steps.Skip(1)] };

        var response = await admin.PutAsJsonAsync("/api/playbooks/agentic-misalignment", new { content = broken, changeNote = "" }, ApiTestExtensions.Json);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("steps[0].text", out _), problem.ToString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("changeNote", out _), problem.ToString());
        await (await admin.PutAsJsonAsync("/api/playbooks/agentic-misalignment", new { changeNote = "nothing" }, ApiTestExtensions.Json))
            .ReadFieldErrorAsync("playbook");
    }

    [Fact]
    public async Task TheCommanderCorrectsTheArchetypeAndABadOneIsAFieldError()
    {
        var key = await DeclareAsync();

        var message = await (await Commander.PostJsonAsync($"/api/incidents/{key}/archetype", new { archetype = "gremlins" }))
            .ReadFieldErrorAsync("archetype");
        var run = await (await Commander.PostJsonAsync($"/api/incidents/{key}/archetype", new { archetype = "model-drift", reason = "Latency only" }))
            .ReadAsync<JsonElement>();

        Assert.Contains("model-drift", message);
        Assert.Equal("model-drift", run.GetProperty("archetype").GetString());
        var incident = await Commander.GetIncidentAsync(key);
        Assert.Equal(Core.Incidents.Archetype.ModelDrift, incident.Detail.Incident.Archetype);
        Assert.StartsWith("Archetype corrected", incident.Timeline[0].Text);
    }

    [Fact]
    public async Task AttachingIsACommandLeadershipMayNotRun()
    {
        var key = await DeclareAsync();

        var attached = await (await Commander.PostAsync($"/api/incidents/{key}/playbook/attach", null)).ReadAsync<IncidentPlaybookRun>();
        var refused = await factory.As("Lee Leader", OrgRole.Leadership).PostAsync($"/api/incidents/{key}/playbook/attach", null);

        Assert.Equal(Archetype.DataLeakage, attached.Archetype);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task TheTechnicalLeadChecksOffTheirStepAndTheTimelineSaysSo()
    {
        var key = await DeclareAsync();

        var run = await (await factory.As("Pat Lead").PostJsonAsync($"/api/incidents/{key}/playbook/steps/close-leaking-path/check",
            new { note = "fallback on" })).ReadAsync<IncidentPlaybookRun>();

        var record = run.RecordOf("close-leaking-path");
        Assert.NotNull(record);
        Assert.Equal("Pat Lead", record.By);
        Assert.Equal(1, run.Coverage.Done);
        Assert.Equal(1, run.Version);
        var fetched = await (await factory.As("Lee Leader", OrgRole.Leadership).GetAsync($"/api/incidents/{key}/playbook")).ReadAsync<JsonElement>();
        Assert.Equal(1, fetched.GetProperty("coverage").GetProperty("done").GetInt32());
        Assert.Equal("done", fetched.GetProperty("records")[0].GetProperty("outcome").GetString());
        var entry = (await Commander.GetIncidentAsync(key)).Timeline[0];
        Assert.Equal(TimelineEntryKind.Action, entry.Kind);
        Assert.Equal("Pat Lead", entry.Author);
        Assert.Contains("fallback on", entry.Text);
    }

    [Fact]
    public async Task StepsRefuseTheWrongPersonAMissingReasonAndLeadership()
    {
        var key = await DeclareAsync();
        var path = $"/api/incidents/{key}/playbook/steps";

        await (await factory.As("Rob Other").PostJsonAsync($"{path}/close-leaking-path/check", new { })).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await factory.As("Lee Leader", OrgRole.Leadership).PostJsonAsync($"{path}/close-leaking-path/check", new { }))
            .ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await factory.As("Pat Lead").PostJsonAsync($"{path}/close-leaking-path/skip", new { reason = "" })).ReadFieldErrorAsync("reason");
        await (await Commander.PostJsonAsync($"{path}/gate-personal-data/check", new { })).ReadProblemAsync(HttpStatusCode.Conflict);
        await (await Commander.PostJsonAsync($"{path}/no-such-step/check", new { })).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await Commander.PostJsonAsync($"{path}/gate-personal-data/answer", new { })).ReadFieldErrorAsync("yes");

        var skipped = await (await factory.As("Pat Lead").PostJsonAsync($"{path}/remove-from-training/skip", new { reason = "Nothing was trained on it" }))
            .ReadAsync<IncidentPlaybookRun>();
        Assert.Equal(StepOutcome.Skipped, skipped.RecordOf("remove-from-training")!.Outcome);
    }

    [Fact]
    public async Task AYesOnThePersonalDataGateStartsTheGdprClock()
    {
        var key = await DeclareAsync();

        var run = await (await Commander.PostJsonAsync($"/api/incidents/{key}/playbook/steps/gate-personal-data/answer",
            new { yes = true, note = "names and emails" })).ReadAsync<IncidentPlaybookRun>();

        Assert.True(run.RecordOf("gate-personal-data")!.GateAnswer);
        var detail = await (await Commander.GetAsync($"/api/incidents/{key}")).ReadAsync<JsonElement>();
        Assert.Contains(detail.GetProperty("detail").GetProperty("clocks").EnumerateArray(), c => c.GetProperty("code").GetString() == "gdpr-art33");
    }
}
