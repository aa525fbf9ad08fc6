using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Events;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Learning;
using CommandCenter.Tests.Unit.Support;
using Microsoft.Extensions.DependencyInjection;
using static CommandCenter.Tests.Unit.Support.TestIncidents;

namespace CommandCenter.Tests.Unit;

/// <summary>Postmortems, action items, the closing rule and search through the services, on SQLite (triggers keep the index).</summary>
public sealed class LearningServiceSqliteTests : IAsyncLifetime
{
    private readonly TempDatabaseFolder _folder = new();
    private TestHost _host = null!;
    private string _key = "";

    private static readonly Actor Commander = new(Maya, OrgRole.Responder, "maya");
    private static readonly Actor Reviewer = new(Priya, OrgRole.Responder, "priya");
    private static readonly Actor Leadership = new("Alex Morgan", OrgRole.Leadership, "alex");

    private PostmortemService Postmortems => _host.Services.GetRequiredService<PostmortemService>();
    private ActionItemService Actions => _host.Services.GetRequiredService<ActionItemService>();
    private SearchService Search => _host.Services.GetRequiredService<SearchService>();

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(_folder.PathOf());
        var accounts = _host.Services.GetRequiredService<AccountService>();
        // Maya and Priya are among the test host's people already (TestHost.People).
        await accounts.CreateUncheckedAsync(new CreateUser("alex", "Alex Morgan", "leadership", "war-room-demo"), default);
        _key = (await _host.Incidents.DeclareAsync(new DeclareIncident("Assistant hands out discount codes",
            "Hidden text in a community article.", "SEV2", "prompt-injection", "support-assistant", TakeCommand: true), Commander)).Key;
        await _host.Incidents.RecordAsync(_key, new RecordTimelineEntry("note", "Codes were redeemed in the billing flow 84 times."), Commander);
        await _host.Lifecycle.ChangeStatusAsync(_key, "contained", Commander);
        _host.Clock.AdvanceMinutes(90);
        await _host.Lifecycle.ChangeStatusAsync(_key, "resolved", Commander, "Fixed and verified.");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    private static PostmortemEdit Edit(string rootCause = "Community articles reached the index without a hidden-text scan.") => new(
        "The assistant offered discount codes.", [1, 3], "1,900 conversations", "Classifier caught it.", "Contained in 30 min.", rootCause,
        [new FactorEdit("retrieval-data", "unscanned articles", [2]), new FactorEdit("guardrail-gap", "no output filter for codes", [])],
        "Scan every article before indexing.");

    [Fact]
    public async Task OpeningPrefillsKeyMomentsAndSetsTheDueDateBySeverity()
    {
        var opened = await Postmortems.OpenAsync(_key, Commander);

        Assert.Equal(PostmortemState.Draft, opened.State);
        Assert.Equal(_host.Clock.UtcNow.AddDays(5), opened.DueAt);
        Assert.Contains(1, opened.Content.KeyMoments); // the declaration
        Assert.Contains("Time to contain", opened.Content.ResponseReview, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidTransitionException>(() => Postmortems.OpenAsync(_key, Commander));
        Assert.Contains(_host.Publisher.Batches.SelectMany(b => b), n => n is PostmortemChangedNotification { Key: var k } && k == _key);
    }

    [Fact]
    public async Task ClosingASev2IncidentWaitsForThePublishedPostmortem()
    {
        await Postmortems.OpenAsync(_key, Commander);
        await Postmortems.EditAsync(_key, Edit(), Commander);

        var refused = await Assert.ThrowsAsync<InvalidTransitionException>(() => _host.Lifecycle.ChangeStatusAsync(_key, "closed", Commander));
        Assert.Contains("postmortem", refused.Message, StringComparison.Ordinal);

        await Postmortems.SubmitForReviewAsync(_key, ["priya"], Commander);
        await Assert.ThrowsAsync<ForbiddenActionException>(() => Postmortems.PublishAsync(_key, Commander));
        var published = await Postmortems.PublishAsync(_key, Reviewer);
        var closed = await _host.Lifecycle.ChangeStatusAsync(_key, "closed", Commander);

        Assert.Equal(PostmortemState.Published, published.State);
        Assert.Equal(2, published.Content.Factors.Count);
        Assert.Equal(IncidentStatus.Closed, closed.Status);
        var timeline = await _host.Incidents.GetTimelineAsync(_key);
        Assert.Contains(timeline, e => e.Text.StartsWith("Postmortem published by Priya Raman", StringComparison.Ordinal));
        Assert.Contains(timeline, e => e.Text.StartsWith("Postmortem edited: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadEditsAndReviewersAreFieldErrors()
    {
        await Postmortems.OpenAsync(_key, Commander);

        var edit = await Assert.ThrowsAsync<ValidationException>(() => Postmortems.EditAsync(_key,
            Edit() with { Factors = [new FactorEdit("astrology", null, [999])], KeyMoments = [0] }, Commander));
        var reviewers = await Assert.ThrowsAsync<ValidationException>(() => Postmortems.SubmitForReviewAsync(_key, ["nobody", "alex"], Commander));

        Assert.Contains("factors[0].factor", edit.Errors.Keys);
        Assert.Contains("factors[0].evidence", edit.Errors.Keys);
        Assert.Contains("keyMoments", edit.Errors.Keys);
        Assert.Equal(2, reviewers.Errors["reviewers"].Length);
        await Assert.ThrowsAsync<ForbiddenActionException>(() => Postmortems.EditAsync(_key, Edit(), Leadership));
    }

    [Fact]
    public async Task ActionItemsNeedAKnownOwnerAndAnHttpTrackerLink()
    {
        await Postmortems.OpenAsync(_key, Commander);
        var due = _host.Clock.UtcNow.Date.AddDays(14);

        var refused = await Assert.ThrowsAsync<ValidationException>(() => Actions.CreateAsync(_key,
            new ActionItemInput("Scan articles", "guardrail", "nobody", due, "high", "javascript:alert(1)"), Commander));
        var item = await Actions.CreateAsync(_key, new ActionItemInput("Scan articles", "guardrail", "PRIYA", due, "high", "https://tracker.example/AI-12"), Commander);
        var wontDo = await Assert.ThrowsAsync<ValidationException>(() => Actions.ChangeStatusAsync(item.Id, "wont-do", null, Commander));
        var done = await Actions.ChangeStatusAsync(item.Id, "done", null, Commander);

        Assert.Contains("owner", refused.Errors.Keys);
        Assert.Contains("trackerUrl", refused.Errors.Keys);
        Assert.Equal("priya", item.Owner);
        Assert.Contains("reason", wontDo.Errors.Keys);
        Assert.Equal(ActionItemStatus.Done, done.Status);
        Assert.Equal(_host.Clock.UtcNow, done.CompletedAt);
        Assert.Equal(item.Id, (await Actions.ListAsync("priya"))[0].Id);
    }

    [Fact]
    public async Task SearchFindsATimelinePhraseAndAnEditedPostmortem()
    {
        await Postmortems.OpenAsync(_key, Commander);
        await Postmortems.EditAsync(_key, Edit(rootCause: "A zerowidth payload in the article."), Commander);

        var phrase = await Search.SearchAsync("\"redeemed in the billing flow\"");
        var postmortem = await Search.SearchAsync("zerowidth");
        var filtered = await Search.SearchAsync("zerowidth", new MetricFilter(Severity: Severity.Sev1));

        var hit = Assert.Single(phrase.Hits);
        Assert.Equal("timeline", hit.Kind);
        Assert.Equal(_key, hit.IncidentKey);
        Assert.Contains(hit.Snippet, p => p.Match && p.Text.StartsWith("redeemed", StringComparison.Ordinal));
        Assert.Equal("postmortem", Assert.Single(postmortem.Hits).Kind);
        Assert.Empty(filtered.Hits);
        await Assert.ThrowsAsync<ValidationException>(() => Search.SearchAsync("  "));
    }
}
