using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Learning;
using static CommandCenter.Tests.Unit.Support.TestIncidents;

namespace CommandCenter.Tests.Unit;

/// <summary>The postmortem workflow, action items, the closing rule and the search query rules, without a database.</summary>
public sealed class LearningRulesTests
{
    private static readonly DateTime Now = new(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc);

    private static PostmortemContent Content(string summary = "Assistant followed hidden instructions.", string rootCause = "") =>
        new(summary, [1, 3], "impact", "detection", "response", rootCause,
            [new FactorView(ContributingFactor.RetrievalData, "community articles indexed unscanned", [2])], "prevention");

    private static Postmortem Draft(string rootCause = "Unscanned community content in the index.") =>
        Postmortem.Open(1, Content(rootCause: rootCause), Now, TimeSpan.FromDays(5), Maya, Now);

    [Theory]
    [InlineData(Severity.Sev1, 3)]
    [InlineData(Severity.Sev2, 5)]
    [InlineData(Severity.Sev3, 10)]
    [InlineData(Severity.Sev4, 10)]
    public void PostmortemIsDueDaysAfterResolvedBySeverity(Severity severity, int days)
    {
        var options = new LearningOptions();
        var postmortem = Postmortem.Open(1, Content(), Now, options.DueAfter(severity), Maya, Now.AddHours(1));

        Assert.Equal(Now.AddDays(days), postmortem.DueAt);
        Assert.False(postmortem.IsOverdue(Now.AddDays(days)));
        Assert.True(postmortem.IsOverdue(Now.AddDays(days).AddMinutes(1)));
    }

    [Fact]
    public void EditReturnsTheSectionsThatChanged()
    {
        var postmortem = Draft();

        var changed = postmortem.Edit(Content(summary: "New summary", rootCause: "Unscanned community content in the index.") with
        {
            KeyMoments = [3, 1, 5],
        }, Tom, Now.AddMinutes(5));

        Assert.Equal([PostmortemSection.Summary, PostmortemSection.KeyMoments], changed);
        Assert.Equal([1, 3, 5], postmortem.KeyMoments);
        Assert.Equal(Tom, postmortem.UpdatedBy);
        Assert.Empty(postmortem.Edit(postmortem.Content, Tom, Now.AddMinutes(6)));
    }

    [Fact]
    public void SubmitForReviewThrowsGivenNoReviewersOrNoRootCause()
    {
        var postmortem = Draft(rootCause: "");

        var refused = Assert.Throws<ValidationException>(() => postmortem.SubmitForReview([], Maya, Now));

        Assert.Contains("reviewers", refused.Errors.Keys);
        Assert.Contains("rootCause", refused.Errors.Keys);
        Assert.Equal(PostmortemState.Draft, postmortem.State);
    }

    [Fact]
    public void PublishThrowsGivenActorIsNotANamedReviewer()
    {
        var postmortem = Draft();
        postmortem.SubmitForReview(["priya"], Maya, Now);

        Assert.Throws<ForbiddenActionException>(() => postmortem.Publish("maya", Maya, Now));
        postmortem.Publish("PRIYA", Priya, Now.AddHours(1));

        Assert.Equal(PostmortemState.Published, postmortem.State);
        Assert.Equal(Priya, postmortem.PublishedBy);
    }

    [Fact]
    public void PublishedPostmortemRefusesEditsAndComments()
    {
        var postmortem = Draft();
        postmortem.SubmitForReview(["priya"], Maya, Now);
        postmortem.Publish("priya", Priya, Now);

        Assert.Throws<InvalidTransitionException>(() => postmortem.Edit(Content(summary: "rewrite history"), Maya, Now));
        Assert.Throws<InvalidTransitionException>(() => postmortem.Comment(PostmortemSection.RootCause, "late note", Maya, Now));
        Assert.Throws<InvalidTransitionException>(() => postmortem.ReturnToDraft(Maya, Now));
    }

    [Fact]
    public void CommentsArePerSectionAndKeptInOrder()
    {
        var postmortem = Draft();

        postmortem.Comment(PostmortemSection.RootCause, "Was the index rebuilt?", Tom, Now);
        postmortem.Comment(PostmortemSection.Impact, "Add the redemption count.", Priya, Now.AddMinutes(1));

        Assert.Equal([PostmortemSection.RootCause, PostmortemSection.Impact], postmortem.Comments.Select(c => c.Section));
    }

    [Fact]
    public void CloseThrowsGivenSev2WithoutPublishedPostmortem()
    {
        var incident = Declare(Now, severity: Severity.Sev2);
        incident.ChangeStatus(IncidentStatus.Resolved, Maya, Now, "Fixed and verified.");

        var refused = Assert.Throws<InvalidTransitionException>(() =>
            incident.ChangeStatus(IncidentStatus.Closed, Maya, Now.AddDays(1), postmortem: new PostmortemGate(Required: true, Published: false)));

        Assert.Contains("postmortem", refused.Message, StringComparison.Ordinal);
        incident.ChangeStatus(IncidentStatus.Closed, Maya, Now.AddDays(1), postmortem: new PostmortemGate(Required: true, Published: true));
        Assert.Equal(IncidentStatus.Closed, incident.Status);
    }

    [Theory]
    [InlineData(Severity.Sev1, true, true)]
    [InlineData(Severity.Sev2, true, true)]
    [InlineData(Severity.Sev3, true, false)]
    [InlineData(Severity.Sev1, false, false)]
    public void PostmortemIsRequiredToCloseOnlyForSev1AndSev2WhenConfigured(Severity severity, bool configured, bool required) =>
        Assert.Equal(required, new LearningOptions { RequirePostmortemToClose = configured }.PostmortemRequiredToClose(severity));

    [Fact]
    public void WontDoThrowsGivenNoReason()
    {
        var item = ActionItem.Create(1, 1, new ActionItemFields("Scan articles", ActionItemKind.Guardrail, "priya", Now.Date, ActionItemPriority.High, null),
            Maya, Now);

        var refused = Assert.Throws<ValidationException>(() => item.ChangeStatus(ActionItemStatus.WontDo, " ", Now));

        Assert.Contains("reason", refused.Errors.Keys);
        item.ChangeStatus(ActionItemStatus.WontDo, "Superseded by the new index.", Now);
        Assert.Equal("Superseded by the new index.", item.WontDoReason);
    }

    [Fact]
    public void DoneOnTimeMeansByTheEndOfTheDueDay()
    {
        var fields = new ActionItemFields("Add eval", ActionItemKind.Evaluation, "tom", Now.Date, ActionItemPriority.Medium, null);
        var onTime = ActionItem.Create(1, 1, fields, Maya, Now);
        var late = ActionItem.Create(1, 1, fields, Maya, Now);

        onTime.ChangeStatus(ActionItemStatus.Done, null, Now.Date.AddHours(23).AddMinutes(59));
        late.ChangeStatus(ActionItemStatus.Done, null, Now.Date.AddDays(1));

        Assert.True(onTime.DoneOnTime);
        Assert.False(late.DoneOnTime);
        Assert.NotNull(late.CompletedAt);
        Assert.True(ActionItem.Create(1, 1, fields, Maya, Now).IsOverdue(Now.Date.AddDays(1)));
    }

    [Theory]
    [InlineData("discount codes", "\"discount\" \"codes\"")]
    [InlineData("\"hidden instructions\" article", "\"hidden instructions\" \"article\"")]
    [InlineData("codes OR NEAR(x) col:y*", "\"codes\" \"OR\" \"NEAR x\" \"col y\"")]
    [InlineData("  \"  \" ", null)]
    public void SearchInputBecomesQuotedTermsSoOperatorsArePlainWords(string input, string? expected) =>
        Assert.Equal(expected, SearchService.ToMatchExpression(input));

    [Fact]
    public void SnippetMarkersBecomeMatchedParts()
    {
        var parts = SearchService.Parts("a \u0002hidden\u0003 text");

        Assert.Equal([new SnippetPart("a ", false), new SnippetPart("hidden", true), new SnippetPart(" text", false)], parts);
    }

    [Fact]
    public void MarkdownExportEscapesWhatPeopleTyped()
    {
        var incident = new IncidentSummary("INC-2026-0001", "Title <script>", Severity.Sev2, Archetype.PromptInjection, IncidentStatus.Resolved,
            "assistant", "Assistant", Maya, Now, Now, 3, IsExercise: false);
        var view = new PostmortemView("INC-2026-0001", PostmortemState.Draft, Now, Maya, Now.AddDays(5), false,
            Content(summary: "# not a heading\n<img src=x onerror=alert(1)>", rootCause: "[link](javascript:alert(1))"), [], [], null, null, null, Now, Maya, 1);

        var md = PostmortemExport.ToMarkdown(incident, view, [], []);

        Assert.DoesNotContain("\n# not a heading", md);
        Assert.DoesNotContain("<img", md);
        Assert.DoesNotContain("<script>", md);
        Assert.DoesNotContain("](javascript:", md);
        Assert.Contains("## Root cause", md);
        Assert.Contains("**Retrieval data or index**", md);
    }
}
