using System.Text.Json.Serialization;
using CommandCenter.Core.Common;

namespace CommandCenter.Core.Learning;

[JsonConverter(typeof(JsonStringEnumConverter<PostmortemState>))]
public enum PostmortemState
{
    [JsonStringEnumMemberName("draft")] Draft = 1,
    [JsonStringEnumMemberName("in-review")] InReview = 2,
    [JsonStringEnumMemberName("published")] Published = 3,
}

/// <summary>The parts of a postmortem a comment can be about.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PostmortemSection>))]
public enum PostmortemSection
{
    [JsonStringEnumMemberName("summary")] Summary = 1,
    [JsonStringEnumMemberName("key-moments")] KeyMoments,
    [JsonStringEnumMemberName("impact")] Impact,
    [JsonStringEnumMemberName("detection-review")] DetectionReview,
    [JsonStringEnumMemberName("response-review")] ResponseReview,
    [JsonStringEnumMemberName("root-cause")] RootCause,
    [JsonStringEnumMemberName("prevention-plan")] PreventionPlan,
}

public static class PostmortemSections
{
    public static readonly IReadOnlyList<PostmortemSection> All = Enum.GetValues<PostmortemSection>();

    public static string Allowed { get; } = string.Join(", ", All.Select(s => s.Code()));

    public static string Code(this PostmortemSection section) => section switch
    {
        PostmortemSection.KeyMoments => "key-moments",
        PostmortemSection.DetectionReview => "detection-review",
        PostmortemSection.ResponseReview => "response-review",
        PostmortemSection.RootCause => "root-cause",
        PostmortemSection.PreventionPlan => "prevention-plan",
        _ => section.ToString().ToLowerInvariant(),
    };

    public static string Label(this PostmortemSection section) => section switch
    {
        PostmortemSection.KeyMoments => "Key moments",
        PostmortemSection.DetectionReview => "Detection review",
        PostmortemSection.ResponseReview => "Response review",
        PostmortemSection.RootCause => "Root cause",
        PostmortemSection.PreventionPlan => "Prevention plan",
        _ => section.ToString(),
    };

    public static PostmortemSection? Parse(string? text)
    {
        var t = text?.Trim();
        return All.Cast<PostmortemSection?>().FirstOrDefault(s =>
            string.Equals(s!.Value.Code(), t, StringComparison.OrdinalIgnoreCase) || string.Equals(s.Value.ToString(), t, StringComparison.OrdinalIgnoreCase));
    }

    public static string Label(this PostmortemState state) => state switch
    {
        PostmortemState.InReview => "In review",
        _ => state.ToString(),
    };
}

/// <summary>One AI contributing factor with what it was and which timeline entries show it.</summary>
public sealed class FactorEntry
{
    public ContributingFactor Factor { get; set; }
    public string Note { get; set; } = "";
    public List<int> Evidence { get; set; } = [];
}

public sealed class PostmortemComment
{
    public PostmortemSection Section { get; set; }
    public string Author { get; set; } = "";
    public string Text { get; set; } = "";
    public DateTime At { get; set; }
}

/// <summary>The editable text of a postmortem, as one value (what an edit sends, what the prefill proposes).</summary>
public sealed record PostmortemContent(
    string Summary,
    IReadOnlyList<int> KeyMoments,
    string Impact,
    string DetectionReview,
    string ResponseReview,
    string RootCause,
    IReadOnlyList<FactorView> Factors,
    string PreventionPlan);

public sealed record FactorView(ContributingFactor Factor, string Note, IReadOnlyList<int> Evidence);

/// <summary>
/// The postmortem of one incident: opened when the incident is resolved, edited as a draft, reviewed by named reviewers
/// and published, after which nobody changes it. Every change returns a line for the incident's timeline.
/// </summary>
public sealed class Postmortem
{
    public const int SectionLength = 8000;
    public const int NoteLength = 1000;
    public const int CommentLength = 2000;
    public const int MaxFactors = 10;
    public const int MaxReviewers = 10;

    /// <summary>Reviewers are named by account user name, in any case.</summary>
    internal static bool IsNamedReviewer(IEnumerable<string> reviewers, string? userName) =>
        userName is not null && reviewers.Contains(userName, StringComparer.OrdinalIgnoreCase);
    public const int MaxComments = 500;

    private Postmortem()
    {
    }

    public int Id { get; private set; }
    public int IncidentId { get; private set; }
    public PostmortemState State { get; private set; }
    public DateTime OpenedAt { get; private set; }
    public string OpenedBy { get; private set; } = "";
    public DateTime DueAt { get; private set; }
    public string Summary { get; private set; } = "";
    public List<int> KeyMoments { get; private set; } = [];
    public string Impact { get; private set; } = "";
    public string DetectionReview { get; private set; } = "";
    public string ResponseReview { get; private set; } = "";
    public string RootCause { get; private set; } = "";
    public List<FactorEntry> Factors { get; private set; } = [];
    public string PreventionPlan { get; private set; } = "";

    /// <summary>User names of the accounts asked to review.</summary>
    public List<string> Reviewers { get; private set; } = [];

    public List<PostmortemComment> Comments { get; private set; } = [];
    public DateTime? SubmittedAt { get; private set; }
    public DateTime? PublishedAt { get; private set; }
    public string? PublishedBy { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";
    public int Version { get; private set; }

    public bool IsPublished => State == PostmortemState.Published;

    public bool IsOverdue(DateTime now) => !IsPublished && now > DueAt;

    public static Postmortem Open(int incidentId, PostmortemContent prefill, DateTime resolvedAt, TimeSpan dueAfter, string actor, DateTime now)
    {
        var postmortem = new Postmortem
        {
            IncidentId = incidentId,
            State = PostmortemState.Draft,
            OpenedAt = now,
            OpenedBy = actor,
            DueAt = resolvedAt + dueAfter,
        };
        postmortem.Apply(prefill);
        postmortem.Touch(actor, now);
        return postmortem;
    }

    /// <summary>Replaces the text; returns the sections that changed (empty when nothing did).</summary>
    public IReadOnlyList<PostmortemSection> Edit(PostmortemContent content, string actor, DateTime now)
    {
        EnsureNotPublished("edit");
        var before = Content;
        var changed = new List<PostmortemSection>();
        void Check(PostmortemSection s, bool same)
        {
            if (!same)
            {
                changed.Add(s);
            }
        }
        Check(PostmortemSection.Summary, before.Summary == content.Summary);
        Check(PostmortemSection.KeyMoments, before.KeyMoments.SequenceEqual(content.KeyMoments.Distinct().Order()));
        Check(PostmortemSection.Impact, before.Impact == content.Impact);
        Check(PostmortemSection.DetectionReview, before.DetectionReview == content.DetectionReview);
        Check(PostmortemSection.ResponseReview, before.ResponseReview == content.ResponseReview);
        Check(PostmortemSection.RootCause, before.RootCause == content.RootCause && SameFactors(before.Factors, content.Factors));
        Check(PostmortemSection.PreventionPlan, before.PreventionPlan == content.PreventionPlan);
        if (changed.Count > 0)
        {
            Apply(content);
            Touch(actor, now);
        }
        return changed;
    }

    public void SubmitForReview(IReadOnlyList<string> reviewers, string actor, DateTime now)
    {
        if (State != PostmortemState.Draft)
        {
            throw new InvalidTransitionException($"Only a draft goes to review; this postmortem is {State.Label().ToLowerInvariant()}.");
        }
        var v = new Validator();
        if (reviewers.Count == 0)
        {
            v.Add("reviewers", "Name at least one reviewer.");
        }
        if (string.IsNullOrWhiteSpace(Summary))
        {
            v.Add("summary", "Write the summary before asking for review.");
        }
        if (string.IsNullOrWhiteSpace(RootCause))
        {
            v.Add("rootCause", "Write the root cause before asking for review.");
        }
        v.ThrowIfInvalid();
        Reviewers = reviewers.ToList();
        State = PostmortemState.InReview;
        SubmittedAt = now;
        Touch(actor, now);
    }

    public void ReturnToDraft(string actor, DateTime now)
    {
        if (State != PostmortemState.InReview)
        {
            throw new InvalidTransitionException($"Only a postmortem in review goes back to draft; this one is {State.Label().ToLowerInvariant()}.");
        }
        State = PostmortemState.Draft;
        Touch(actor, now);
    }

    /// <summary>A named reviewer publishes; from then on the postmortem is read-only.</summary>
    public void Publish(string? actorUserName, string actor, DateTime now)
    {
        if (State != PostmortemState.InReview)
        {
            throw new InvalidTransitionException(State == PostmortemState.Published
                ? "This postmortem is already published."
                : "Send the draft for review first; a reviewer publishes it.");
        }
        if (!IsNamedReviewer(Reviewers, actorUserName))
        {
            throw new ForbiddenActionException($"Only a named reviewer ({string.Join(", ", Reviewers)}) can publish this postmortem.");
        }
        State = PostmortemState.Published;
        PublishedAt = now;
        PublishedBy = actor;
        Touch(actor, now);
    }

    public PostmortemComment Comment(PostmortemSection section, string text, string actor, DateTime now)
    {
        EnsureNotPublished("comment on");
        if (Comments.Count >= MaxComments)
        {
            throw new InvalidTransitionException($"This postmortem has {MaxComments} comments already; discuss in a meeting.");
        }
        var comment = new PostmortemComment { Section = section, Text = text, Author = actor, At = now };
        Comments = [.. Comments, comment];
        Touch(actor, now);
        return comment;
    }

    public PostmortemContent Content => new(Summary, KeyMoments, Impact, DetectionReview, ResponseReview, RootCause,
        Factors.Select(f => new FactorView(f.Factor, f.Note, f.Evidence)).ToList(), PreventionPlan);

    private void Apply(PostmortemContent content)
    {
        Summary = content.Summary;
        KeyMoments = content.KeyMoments.Distinct().Order().ToList();
        Impact = content.Impact;
        DetectionReview = content.DetectionReview;
        ResponseReview = content.ResponseReview;
        RootCause = content.RootCause;
        Factors = content.Factors.Select(f => new FactorEntry { Factor = f.Factor, Note = f.Note, Evidence = f.Evidence.Distinct().Order().ToList() }).ToList();
        PreventionPlan = content.PreventionPlan;
    }

    private static bool SameFactors(IReadOnlyList<FactorView> a, IReadOnlyList<FactorView> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Factor == p.Second.Factor && p.First.Note == p.Second.Note
            && p.First.Evidence.SequenceEqual(p.Second.Evidence.Distinct().Order()));

    private void EnsureNotPublished(string what)
    {
        if (IsPublished)
        {
            throw new InvalidTransitionException($"The postmortem was published {PublishedAt:yyyy-MM-dd} by {PublishedBy}; nobody can {what} it any more.");
        }
    }

    private void Touch(string actor, DateTime now)
    {
        UpdatedAt = now;
        UpdatedBy = actor;
        Version++;
    }
}
