using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Learning;

namespace CommandCenter.Tests.Api;

/// <summary>/api/incidents/{key}/postmortem, /api/action-items, /api/metrics and /api/search, and their bad input.</summary>
public sealed class LearningEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Commander = "Paula Postmortem";
    private const string Reviewer = "Rita Reviewer";

    private HttpClient Ic => factory.As(Commander);

    private async Task<string> ResolvedIncidentAsync(string title, string severity = "SEV2")
    {
        var incident = await Ic.DeclareAsync(title: title, takeCommand: true, severity: severity);
        (await Ic.PostJsonAsync($"/api/incidents/{incident.Key}/timeline", new { kind = "note", text = "Refunds went to the wrong ledger account" }))
            .EnsureSuccessStatusCode();
        (await Ic.PostJsonAsync($"/api/incidents/{incident.Key}/status", new { status = "resolved", reason = "Fixed and verified." })).EnsureSuccessStatusCode();
        return incident.Key;
    }

    /// <summary>Opened on resolve by the background worker; opened here if the worker has not got to it yet.</summary>
    private async Task<PostmortemView> PostmortemOfAsync(string key)
    {
        for (var i = 0; i < 50; i++)
        {
            var response = await Ic.GetAsync($"/api/incidents/{key}/postmortem");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await response.ReadAsync<PostmortemView>();
            }
            await Task.Delay(100);
        }
        return await (await Ic.PostJsonAsync($"/api/incidents/{key}/postmortem", new { })).ReadAsync<PostmortemView>(HttpStatusCode.Created);
    }

    private static object Edit(string? factor = "retrieval-data") => new
    {
        summary = "The refund agent booked refunds to the wrong ledger.",
        keyMoments = new[] { 1, 3 },
        impact = "412 refunds",
        detectionReview = "Finance noticed first.",
        responseReview = "Contained within the hour.",
        rootCause = "The ledger mapping was cached across deploys.",
        factors = new object[] { new { factor, note = "stale mapping", evidence = new[] { 2 } }, new { factor = "monitoring-gap", note = "no alert" } },
        preventionPlan = "Invalidate the cache on deploy.",
    };

    private object Item(string owner, string? trackerUrl = "https://tracker.example/AI-1", object? dueDate = null) => new
    {
        title = "Alert on ledger mismatches",
        kind = "monitoring",
        owner,
        dueDate = dueDate ?? DateTime.UtcNow.Date.AddDays(10).ToString("yyyy-MM-dd"),
        priority = "high",
        trackerUrl,
    };

    [Fact]
    public async Task APostmortemIsEditedReviewedPublishedAndExportedAndTheIncidentThenCloses()
    {
        var key = await ResolvedIncidentAsync("Refund agent books to the wrong ledger");
        factory.As(Reviewer);
        var reviewer = ApiFactory.UserNameOf(Reviewer);

        var opened = await PostmortemOfAsync(key);
        Assert.Equal(PostmortemState.Draft, opened.State);
        var edited = await (await Ic.PutAsJsonAsync($"/api/incidents/{key}/postmortem", Edit(), ApiTestExtensions.Json)).ReadAsync<PostmortemView>();
        Assert.Equal(2, edited.Content.Factors.Count);
        var closeRefused = await Ic.PostJsonAsync($"/api/incidents/{key}/status", new { status = "closed", reason = "Remaining steps moved to action items." });
        await closeRefused.ReadProblemAsync(HttpStatusCode.Conflict);

        await (await Ic.PostJsonAsync($"/api/incidents/{key}/postmortem/comments", new { section = "root-cause", text = "Which cache?" })).ReadAsync<PostmortemView>();
        await (await Ic.PostJsonAsync($"/api/incidents/{key}/postmortem/submit", new { reviewers = new[] { reviewer } })).ReadAsync<PostmortemView>();
        await (await Ic.PostJsonAsync($"/api/incidents/{key}/postmortem/publish", new { })).ReadProblemAsync(HttpStatusCode.Forbidden);
        var published = await (await factory.As(Reviewer).PostJsonAsync($"/api/incidents/{key}/postmortem/publish", new { })).ReadAsync<PostmortemView>();
        var export = await Ic.GetAsync($"/api/incidents/{key}/postmortem/export");
        var closed = await Ic.PostJsonAsync($"/api/incidents/{key}/status", new { status = "closed", reason = "Remaining steps moved to action items." });

        Assert.Equal(PostmortemState.Published, published.State);
        Assert.Single(published.Comments);
        Assert.Equal("text/markdown", export.Content.Headers.ContentType?.MediaType);
        Assert.Contains("## Root cause", await export.Content.ReadAsStringAsync());
        closed.EnsureSuccessStatusCode();
        await (await Ic.PutAsJsonAsync($"/api/incidents/{key}/postmortem", Edit(), ApiTestExtensions.Json)).ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task BadPostmortemInputNamesTheField()
    {
        var key = await ResolvedIncidentAsync("Refund agent ignores currency");
        await PostmortemOfAsync(key);

        var badFactor = await Ic.PutAsJsonAsync($"/api/incidents/{key}/postmortem", Edit(factor: "astrology"), ApiTestExtensions.Json);
        var wrongType = await Ic.PutAsJsonAsync($"/api/incidents/{key}/postmortem", new { summary = 42 }, ApiTestExtensions.Json);
        var noReviewers = await Ic.PostJsonAsync($"/api/incidents/{key}/postmortem/submit", new { reviewers = Array.Empty<string>() });
        var badSection = await Ic.PostJsonAsync($"/api/incidents/{key}/postmortem/comments", new { section = "gossip", text = "x" });
        var leadership = await factory.As("Lee Leader", OrgRole.Leadership).PutAsJsonAsync($"/api/incidents/{key}/postmortem", Edit(), ApiTestExtensions.Json);

        Assert.Contains("astrology", await badFactor.ReadFieldErrorAsync("factors[0].factor"));
        await wrongType.ReadFieldErrorAsync("summary");
        await noReviewers.ReadFieldErrorAsync("reviewers");
        await badSection.ReadFieldErrorAsync("section");
        await leadership.ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await Ic.GetAsync("/api/incidents/INC-1999-0001/postmortem")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ActionItemsAreCreatedChangedAndRefusedWithFieldErrors()
    {
        var key = await ResolvedIncidentAsync("Refund agent doubles refunds");
        await PostmortemOfAsync(key);
        var owner = ApiFactory.UserNameOf(Commander);

        var unknownOwner = await Ic.PostJsonAsync($"/api/incidents/{key}/action-items", Item("nobody-here"));
        var badUrl = await Ic.PostJsonAsync($"/api/incidents/{key}/action-items", Item(owner, trackerUrl: "javascript:alert(1)"));
        var badDate = await Ic.PostJsonAsync($"/api/incidents/{key}/action-items", Item(owner, dueDate: "next tuesday"));
        var created = await Ic.PostJsonAsync($"/api/incidents/{key}/action-items", Item(owner));
        var item = await created.ReadAsync<ActionItemView>(HttpStatusCode.Created);
        var noReason = await Ic.PostJsonAsync($"/api/action-items/{item.Id}/status", new { status = "wont-do" });
        var badStatus = await Ic.PostJsonAsync($"/api/action-items/{item.Id}/status", new { status = "forgotten" });
        var done = await (await Ic.PostJsonAsync($"/api/action-items/{item.Id}/status", new { status = "done" })).ReadAsync<ActionItemView>();
        var mine = await (await Ic.GetAsync("/api/action-items")).ReadAsync<List<ActionItemView>>();

        Assert.Contains("nobody-here", await unknownOwner.ReadFieldErrorAsync("owner"));
        await badUrl.ReadFieldErrorAsync("trackerUrl");
        await badDate.ReadFieldErrorAsync("dueDate");
        Assert.Equal($"/api/action-items/{item.Id}", created.Headers.Location?.OriginalString);
        await noReason.ReadFieldErrorAsync("reason");
        await badStatus.ReadFieldErrorAsync("status");
        Assert.Equal(ActionItemStatus.Done, done.Status);
        Assert.NotNull(done.CompletedAt);
        Assert.Equal(item.Id, mine[0].Id);
        await (await Ic.DeleteAsync($"/api/action-items/{item.Id}")).ReadProblemAsync(HttpStatusCode.Conflict);
        await (await Ic.GetAsync("/api/action-items/999999")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task MetricsAnswerAsJsonAndCsvWithFilters()
    {
        await ResolvedIncidentAsync("Refund agent rounding errors", severity: "SEV3");

        var json = await (await Ic.GetAsync("/api/metrics?severity=SEV3")).ReadAsync<JsonElement>();
        var csv = await Ic.GetAsync("/api/metrics?format=csv");
        var badSeverity = await Ic.GetAsync("/api/metrics?severity=SEV9");
        var badDate = await Ic.GetAsync("/api/metrics?from=yesterday");
        var leadership = await factory.As("Lee Leader", OrgRole.Leadership).GetAsync("/api/metrics");

        var values = json.GetProperty("values").EnumerateArray().ToList();
        Assert.Equal(14, values.Count);
        Assert.Contains(values, v => v.GetProperty("code").GetString() == "mttr" && v.GetProperty("sample").GetInt32() >= 1);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("metric,name,value,unit,sample", await csv.Content.ReadAsStringAsync());
        await badSeverity.ReadFieldErrorAsync("severity");
        await badDate.ReadFieldErrorAsync("from");
        leadership.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task SearchFindsATimelinePhraseWithHighlightsAndRefusesEmptyQueries()
    {
        var key = await ResolvedIncidentAsync("Refund agent uses a stale ledger map");

        var results = await (await Ic.GetAsync("/api/search?q=%22wrong%20ledger%20account%22")).ReadAsync<SearchResults>();
        var empty = await Ic.GetAsync("/api/search?q=%20");
        var operators = await Ic.GetAsync("/api/search?q=NEAR(%22x%22%20OR");

        Assert.Contains(results.Hits, h => h.Kind == "timeline" && h.IncidentKey == key && h.Snippet.Any(p => p.Match));
        await empty.ReadFieldErrorAsync("q");
        operators.EnsureSuccessStatusCode();
    }
}
