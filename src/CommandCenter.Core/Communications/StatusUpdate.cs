using System.Globalization;
using System.Text.Json.Serialization;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Core.Communications;

[JsonConverter(typeof(JsonStringEnumConverter<StatusUpdateState>))]
public enum StatusUpdateState
{
    [JsonStringEnumMemberName("draft")] Draft = 1,
    [JsonStringEnumMemberName("awaiting-approval")] AwaitingApproval = 2,
    [JsonStringEnumMemberName("approved")] Approved = 3,
    [JsonStringEnumMemberName("sent")] Sent = 4,
}

/// <summary>
/// One status update for one audience of an incident. Internal and leadership updates go from draft straight to sent;
/// text for customers and regulators is approved by the Legal/Compliance Liaison first, and any change after approval
/// needs approval again. Sent text never changes: a correction is a new update.
/// </summary>
public sealed class StatusUpdate
{
    public const int ReasonLength = 1000;

    private StatusUpdate()
    {
    }

    public int Id { get; private set; }
    public int IncidentId { get; private set; }
    public UpdateAudience Audience { get; private set; }
    public StatusUpdateState State { get; private set; }

    public string WhatHappened { get; private set; } = "";
    public string WhatWeAreTesting { get; private set; } = "";
    public string WhatWeAreDoing { get; private set; } = "";
    public string WhatWeDontKnowYet { get; private set; } = "";

    /// <summary>When the audience was told to expect the next update (UTC).</summary>
    public DateTime NextUpdateAt { get; private set; }

    public string DraftedBy { get; private set; } = "";
    public DateTime DraftedAt { get; private set; }
    public string? RevisedBy { get; private set; }
    public DateTime? RevisedAt { get; private set; }
    public string? SubmittedBy { get; private set; }
    public DateTime? SubmittedAt { get; private set; }
    public string? ApprovedBy { get; private set; }
    public DateTime? ApprovedAt { get; private set; }

    /// <summary>The approver also wrote or last revised the text. Allowed (a small team may have one person in both seats) but kept on record.</summary>
    public bool ApprovedByAuthor { get; private set; }

    /// <summary>The last rejection, kept after the update returns to draft so the author can see what to change.</summary>
    public string? RejectionReason { get; private set; }
    public string? RejectedBy { get; private set; }
    public DateTime? RejectedAt { get; private set; }

    public string? SentBy { get; private set; }
    public DateTime? SentAt { get; private set; }

    public StatusUpdateContent Content => new(WhatHappened, WhatWeAreTesting, WhatWeAreDoing, WhatWeDontKnowYet, NextUpdateAt);

    public bool NeedsApproval => Audience.IsExternal();

    public static StatusUpdate Draft(int incidentId, UpdateAudience audience, StatusUpdateContent content, string by, DateTime now)
    {
        var update = new StatusUpdate
        {
            IncidentId = incidentId,
            Audience = audience,
            State = StatusUpdateState.Draft,
            DraftedBy = Person(by, "draftedBy"),
            DraftedAt = now,
        };
        update.SetContent(content.Checked(now));
        return update;
    }

    /// <summary>Changes the text before it is sent. An approved external update goes back to Legal for approval.</summary>
    public void Revise(StatusUpdateContent content, string by, DateTime now)
    {
        EnsureNotSent("revise");
        var checkedContent = content.Checked(now);
        var person = Person(by, "revisedBy");
        SetContent(checkedContent);
        RevisedBy = person;
        RevisedAt = now;
        if (State == StatusUpdateState.Approved)
        {
            State = StatusUpdateState.AwaitingApproval;
            ApprovedBy = null;
            ApprovedAt = null;
            ApprovedByAuthor = false;
        }
    }

    public void SubmitForApproval(string by, DateTime now)
    {
        if (!NeedsApproval)
        {
            throw new InvalidTransitionException(
                $"{Describe()} goes out without approval; mark it sent when it has been shared.");
        }
        switch (State)
        {
            case StatusUpdateState.AwaitingApproval:
                throw new InvalidTransitionException(
                    $"{Describe()} is already waiting for the Legal/Compliance Liaison (submitted by {SubmittedBy} at {Utc(SubmittedAt)}).");
            case StatusUpdateState.Approved:
                throw new InvalidTransitionException($"{Describe()} is already approved by {ApprovedBy}; mark it sent once it is out.");
            case StatusUpdateState.Sent:
                throw SentAlready("submit");
        }
        SubmittedBy = Person(by, "submittedBy");
        SubmittedAt = now;
        State = StatusUpdateState.AwaitingApproval;
    }

    /// <param name="isLegal">Whether <paramref name="by"/> holds the Legal/Compliance Liaison role on the incident.</param>
    public void Approve(string by, DateTime now, bool isLegal)
    {
        if (!isLegal)
        {
            throw new ForbiddenActionException(
                $"Only the Legal/Compliance Liaison can approve {Describe().ToLowerInvariant()}; ask them to review it.");
        }
        switch (State)
        {
            case StatusUpdateState.Draft when !NeedsApproval:
                throw new InvalidTransitionException($"{Describe()} needs no approval; mark it sent when it has been shared.");
            case StatusUpdateState.Draft:
                throw new InvalidTransitionException($"{Describe()} is still a draft; the author submits it for approval first.");
            case StatusUpdateState.Approved:
                throw new InvalidTransitionException($"{Describe()} was already approved by {ApprovedBy} at {Utc(ApprovedAt)}.");
            case StatusUpdateState.Sent:
                throw SentAlready("approve");
        }
        var person = Person(by, "approvedBy");
        ApprovedBy = person;
        ApprovedAt = now;
        ApprovedByAuthor = SamePerson(person, DraftedBy) || (RevisedBy is not null && SamePerson(person, RevisedBy));
        State = StatusUpdateState.Approved;
    }

    /// <summary>Sends the text back to draft with the reason, from waiting or approved (Legal may withdraw an approval before it goes out).</summary>
    public void Reject(string by, string reason, DateTime now, bool isLegal)
    {
        if (!isLegal)
        {
            throw new ForbiddenActionException(
                $"Only the Legal/Compliance Liaison can reject {Describe().ToLowerInvariant()}; revise it instead.");
        }
        switch (State)
        {
            case StatusUpdateState.Draft:
                throw new InvalidTransitionException($"{Describe()} is a draft and not waiting for approval; there is nothing to reject.");
            case StatusUpdateState.Sent:
                throw SentAlready("reject");
        }
        var validator = new Validator();
        var why = validator.RequiredText("reason", reason, ReasonLength, "The reason");
        validator.ThrowIfInvalid();
        RejectedBy = Person(by, "rejectedBy");
        RejectedAt = now;
        RejectionReason = why;
        ApprovedBy = null;
        ApprovedAt = null;
        ApprovedByAuthor = false;
        State = StatusUpdateState.Draft;
    }

    /// <summary>Records that the update went out. External text must be approved; a promise of a next update already past must be revised first.</summary>
    public void MarkSent(string by, DateTime now)
    {
        switch (State)
        {
            case StatusUpdateState.Sent:
                throw SentAlready("send");
            case StatusUpdateState.Draft when NeedsApproval:
                throw new InvalidTransitionException(
                    $"{Describe()} needs approval by the Legal/Compliance Liaison before it goes out; submit it for approval first.");
            case StatusUpdateState.AwaitingApproval:
                throw new InvalidTransitionException(
                    $"{Describe()} is waiting for the Legal/Compliance Liaison; send it once they have approved it.");
        }
        if (NextUpdateAt <= now)
        {
            throw new InvalidTransitionException(
                $"{Describe()} promises the next update at {Utc(NextUpdateAt)}, which has passed; revise the next update time before sending.");
        }
        SentBy = Person(by, "sentBy");
        SentAt = now;
        State = StatusUpdateState.Sent;
    }

    private void SetContent(StatusUpdateContent content)
    {
        WhatHappened = content.WhatHappened;
        WhatWeAreTesting = content.WhatWeAreTesting;
        WhatWeAreDoing = content.WhatWeAreDoing;
        WhatWeDontKnowYet = content.WhatWeDontKnowYet;
        NextUpdateAt = content.NextUpdateAt;
    }

    private void EnsureNotSent(string what)
    {
        if (State == StatusUpdateState.Sent)
        {
            throw SentAlready(what);
        }
    }

    private InvalidTransitionException SentAlready(string what) => new(
        $"{Describe()} was sent at {Utc(SentAt)} by {SentBy}; nobody can {what} it any more. Draft a new update to correct or follow up.");

    private string Describe() => Audience switch
    {
        UpdateAudience.Customers => "This customer update",
        UpdateAudience.Regulators => "This update for regulators",
        UpdateAudience.Leadership => "This leadership update",
        _ => "This internal update",
    };

    private static string Person(string? name, string field)
    {
        var validator = new Validator();
        var person = validator.RequiredText(field, name, Limits.PersonNameLength, "The person");
        validator.ThrowIfInvalid();
        return person!;
    }

    private static bool SamePerson(string a, string b) => IncidentRules.SamePerson(a, b);

    private static string Utc(DateTime? time) =>
        time is null ? "an unknown time" : time.Value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
