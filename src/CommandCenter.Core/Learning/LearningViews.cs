using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Learning;

/// <summary>A postmortem as the page and the API show it.</summary>
public sealed record PostmortemView(
    string IncidentKey,
    PostmortemState State,
    DateTime OpenedAt,
    string OpenedBy,
    DateTime DueAt,
    bool IsOverdue,
    PostmortemContent Content,
    IReadOnlyList<string> Reviewers,
    IReadOnlyList<PostmortemCommentView> Comments,
    DateTime? SubmittedAt,
    DateTime? PublishedAt,
    string? PublishedBy,
    DateTime UpdatedAt,
    string UpdatedBy,
    int Version)
{
    public bool IsPublished => State == PostmortemState.Published;

    /// <summary>The account <paramref name="userName"/> is a named reviewer (who may publish; <see cref="Postmortem.Publish"/>).</summary>
    public bool IsReviewer(string? userName) => Postmortem.IsNamedReviewer(Reviewers, userName);

    internal static PostmortemView From(Postmortem p, string key, DateTime now) => new(key, p.State, p.OpenedAt, p.OpenedBy, p.DueAt,
        p.IsOverdue(now), p.Content, p.Reviewers, p.Comments.Select(c => new PostmortemCommentView(c.Section, c.Author, c.Text, c.At)).ToList(),
        p.SubmittedAt, p.PublishedAt, p.PublishedBy, p.UpdatedAt, p.UpdatedBy, p.Version);
}

public sealed record PostmortemCommentView(PostmortemSection Section, string Author, string Text, DateTime At);

/// <summary>Everything the postmortem page needs: the incident, its postmortem (null until opened) and its timeline to pin from.</summary>
public sealed record PostmortemPage(
    IncidentSummary Incident,
    PostmortemView? Postmortem,
    bool MayOpen,
    IReadOnlyList<TimelineEntryView> Timeline,
    IReadOnlyList<ActionItemView> ActionItems);

/// <summary>What an edit sends: every section, the pinned key moments and the factors (codes as text, checked by the service).</summary>
public sealed record PostmortemEdit(
    string? Summary,
    IReadOnlyList<int>? KeyMoments,
    string? Impact,
    string? DetectionReview,
    string? ResponseReview,
    string? RootCause,
    IReadOnlyList<FactorEdit>? Factors,
    string? PreventionPlan);

public sealed record FactorEdit(string? Factor, string? Note, IReadOnlyList<int>? Evidence);

/// <summary>The board's and the status page's line about a resolved incident's postmortem.</summary>
public sealed record PostmortemDueItem(string IncidentKey, string Title, Severity Severity, PostmortemState State, DateTime DueAt, bool IsOverdue);

public sealed record PostmortemDue(string IncidentKey, PostmortemState State, DateTime DueAt, bool IsOverdue);

public sealed record ActionItemView(
    int Id,
    string IncidentKey,
    string IncidentTitle,
    string SystemSlug,
    string Source,
    string Title,
    ActionItemKind Kind,
    string Owner,
    DateTime DueDate,
    ActionItemPriority Priority,
    string? TrackerUrl,
    ActionItemStatus Status,
    string? WontDoReason,
    DateTime CreatedAt,
    string CreatedBy,
    DateTime? CompletedAt,
    bool IsOverdue);

/// <summary>What create and edit send; checked by the service (unknown owner, bad URL, unknown kind are field errors).</summary>
public sealed record ActionItemInput(string? Title, string? Kind, string? Owner, DateTime? DueDate, string? Priority, string? TrackerUrl);

public sealed record SystemIncidentRow(string Key, string Title, Severity Severity, Archetype Archetype, IncidentStatus Status, DateTime DetectedAt,
    PostmortemState? Postmortem, bool PostmortemOverdue);

/// <summary>What the inventory's system page shows about learning: its incidents with their postmortems, and its open action items.</summary>
public sealed record SystemLearning(IReadOnlyList<SystemIncidentRow> Incidents, IReadOnlyList<ActionItemView> OpenActionItems);
