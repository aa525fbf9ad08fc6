using System.Net;
using CommandCenter.Core.Communications;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Tests.Api;

/// <summary>/api/incidents/{key}/updates: three people, one update from draft to sent, and what each of them may not do.</summary>
public sealed class StatusUpdateEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Commander = "Ines Commander";
    private const string Comms = "Colin Comms";
    private const string Legal = "Lara Legal";

    private async Task<string> IncidentWithRolesAsync(string title)
    {
        var incident = await factory.As(Commander).DeclareAsync(title: title, takeCommand: true, severity: "SEV1");
        foreach (var (role, person) in new[] { ("communications-lead", Comms), ("legal-liaison", Legal) })
        {
            factory.As(person); // roles go to accounts: this creates the account on first use
            (await factory.As(Commander).PostJsonAsync($"/api/incidents/{incident.Key}/roles", new { role, person })).EnsureSuccessStatusCode();
        }
        return incident.Key;
    }

    private static object Body(string audience = "customers", string? whatHappened = "The assistant repeated a card number to another customer.") => new
    {
        audience,
        whatHappened,
        whatWeAreTesting = "Whether the transcript cache is the source.",
        whatWeAreDoing = "Cache disabled; transcripts being reviewed.",
        whatWeDontKnow = "How many conversations were affected.",
        nextUpdateAt = DateTimeOffset.UtcNow.AddMinutes(20),
    };

    private async Task<StatusUpdateView> DraftAsync(string key, string audience = "customers") =>
        await (await factory.As(Comms).PostJsonAsync($"/api/incidents/{key}/updates", Body(audience))).ReadAsync<StatusUpdateView>(HttpStatusCode.Created);

    [Fact]
    public async Task ACustomerUpdateGoesFromDraftThroughLegalToSentAndOnTheTimeline()
    {
        var key = await IncidentWithRolesAsync("Assistant repeats card numbers");

        var response = await factory.As(Comms).PostJsonAsync($"/api/incidents/{key}/updates", Body());
        var draft = await response.ReadAsync<StatusUpdateView>(HttpStatusCode.Created);
        Assert.Equal($"/api/incidents/{key}/updates/{draft.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(StatusUpdateState.Draft, draft.State);
        Assert.Equal(Comms, draft.DraftedBy);

        var submitted = await (await factory.As(Comms).PostJsonAsync($"/api/incidents/{key}/updates/{draft.Id}/submit", new { }))
            .ReadAsync<StatusUpdateView>();
        Assert.Equal(StatusUpdateState.AwaitingApproval, submitted.State);
        var pending = await (await factory.As(Legal).GetAsync("/api/updates/pending-approval")).ReadAsync<List<PendingApproval>>();
        Assert.Contains(pending, p => p.Update.Id == draft.Id && p.IncidentKey == key && p.LegalLiaison == Legal);

        var approved = await (await factory.As(Legal).PostJsonAsync($"/api/incidents/{key}/updates/{draft.Id}/approve", new { }))
            .ReadAsync<StatusUpdateView>();
        Assert.Equal(Legal, approved.ApprovedBy);

        var sent = await (await factory.As(Comms).PostJsonAsync($"/api/incidents/{key}/updates/{draft.Id}/sent", new { }))
            .ReadAsync<StatusUpdateView>();
        Assert.Equal(StatusUpdateState.Sent, sent.State);

        var incident = await factory.As(Commander).GetIncidentAsync(key);
        var entry = incident.Timeline[0];
        Assert.Equal(TimelineEntryKind.Communication, entry.Kind);
        Assert.StartsWith("Update to customers sent: The assistant repeated a card number to another customer; next update by ", entry.Text);
        var list = await (await factory.As(Commander).GetAsync($"/api/incidents/{key}/updates")).ReadAsync<IncidentStatusUpdates>();
        Assert.Equal(StatusUpdateState.Sent, Assert.Single(list.Updates).State);
        Assert.Contains(list.Schedule.Audiences, a => a.Audience == UpdateAudience.Customers && !a.Due.IsOverdue);
        pending = await (await factory.As(Legal).GetAsync("/api/updates/pending-approval")).ReadAsync<List<PendingApproval>>();
        Assert.DoesNotContain(pending, p => p.Update.Id == draft.Id);
    }

    [Fact]
    public async Task OnlyTheIncidentsLegalLiaisonApproves()
    {
        var key = await IncidentWithRolesAsync("Assistant quotes a competitor's prices");
        var draft = await DraftAsync(key);
        (await factory.As(Comms).PostJsonAsync($"/api/incidents/{key}/updates/{draft.Id}/submit", new { })).EnsureSuccessStatusCode();

        var problem = await (await factory.As(Commander).PostJsonAsync($"/api/incidents/{key}/updates/{draft.Id}/approve", new { }))
            .ReadProblemAsync(HttpStatusCode.Forbidden);

        Assert.Contains("Only the Legal/Compliance Liaison", problem.GetProperty("detail").GetString());
        await (await factory.As("Someone Else").PostJsonAsync($"/api/incidents/{key}/updates/{draft.Id}/reject", new { reason = "no" }))
            .ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await factory.As("Someone Else").PostJsonAsync($"/api/incidents/{key}/updates", Body()))
            .ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnUnapprovedExternalUpdateCannotBeSent()
    {
        var key = await IncidentWithRolesAsync("Assistant invents a refund policy");
        var draft = await DraftAsync(key, "regulators");

        var problem = await (await factory.As(Comms).PostJsonAsync($"/api/incidents/{key}/updates/{draft.Id}/sent", new { }))
            .ReadProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("needs approval by the Legal/Compliance Liaison", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AMissingPartIsNamed()
    {
        var key = await IncidentWithRolesAsync("Assistant leaks a system prompt");

        var message = await (await factory.As(Comms).PostJsonAsync($"/api/incidents/{key}/updates", Body(whatHappened: "  ")))
            .ReadFieldErrorAsync("whatHappened");

        Assert.Equal("What happened is required.", message);
        await (await factory.As(Comms).GetAsync($"/api/incidents/{key}/updates/prefill?audience=press")).ReadFieldErrorAsync("audience");
        await (await factory.As(Legal).PostJsonAsync($"/api/incidents/{key}/updates/1/reject", new { reason = "" })).ReadFieldErrorAsync("reason");
    }

    [Fact]
    public async Task PrefillStartsFromTheIncident()
    {
        var key = await IncidentWithRolesAsync("Assistant swears at customers");

        var content = await (await factory.As(Comms).GetAsync($"/api/incidents/{key}/updates/prefill?audience=customers"))
            .ReadAsync<StatusUpdateContent>();

        var inside = await (await factory.As(Comms).GetAsync($"/api/incidents/{key}/updates/prefill?audience=internal"))
            .ReadAsync<StatusUpdateContent>();

        Assert.DoesNotContain("Seen in two transcripts.", content.WhatHappened);
        Assert.Contains(" has been affected by ", content.WhatHappened);
        Assert.Contains("Seen in two transcripts.", inside.WhatHappened);
        Assert.InRange(content.NextUpdateAt, DateTime.UtcNow.AddMinutes(15), DateTime.UtcNow.AddMinutes(25));
    }

    [Fact]
    public async Task TheExportIsAMarkdownDownloadWithTheFiveParts()
    {
        var key = await IncidentWithRolesAsync("Assistant recommends a recalled product");
        var draft = await DraftAsync(key, "internal");
        (await factory.As(Comms).PostJsonAsync($"/api/incidents/{key}/updates/{draft.Id}/sent", new { })).EnsureSuccessStatusCode();

        var response = await factory.As(Legal).GetAsync($"/api/incidents/{key}/updates/export");
        var markdown = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Contains($"# Status updates: {key}", markdown);
        foreach (var part in new[] { "### What happened", "### What we are testing", "### What we are doing", "### What we don't know yet", "**Next update:**" })
        {
            Assert.Contains(part, markdown);
        }
        Assert.Contains("How many conversations were affected.", markdown);
    }
}
