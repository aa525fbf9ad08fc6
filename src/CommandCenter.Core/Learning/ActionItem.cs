using System.Text.Json.Serialization;
using CommandCenter.Core.Common;

namespace CommandCenter.Core.Learning;

[JsonConverter(typeof(JsonStringEnumConverter<ActionItemKind>))]
public enum ActionItemKind
{
    [JsonStringEnumMemberName("guardrail")] Guardrail = 1,
    [JsonStringEnumMemberName("evaluation")] Evaluation,
    [JsonStringEnumMemberName("monitoring")] Monitoring,
    [JsonStringEnumMemberName("data")] Data,
    [JsonStringEnumMemberName("playbook")] Playbook,
    [JsonStringEnumMemberName("access")] Access,
    [JsonStringEnumMemberName("process")] Process,
}

[JsonConverter(typeof(JsonStringEnumConverter<ActionItemStatus>))]
public enum ActionItemStatus
{
    [JsonStringEnumMemberName("open")] Open = 1,
    [JsonStringEnumMemberName("in-progress")] InProgress,
    [JsonStringEnumMemberName("done")] Done,
    [JsonStringEnumMemberName("wont-do")] WontDo,
}

[JsonConverter(typeof(JsonStringEnumConverter<ActionItemPriority>))]
public enum ActionItemPriority
{
    [JsonStringEnumMemberName("high")] High = 1,
    [JsonStringEnumMemberName("medium")] Medium,
    [JsonStringEnumMemberName("low")] Low,
}

public static class ActionItemTerms
{
    public static readonly IReadOnlyList<ActionItemKind> Kinds = Enum.GetValues<ActionItemKind>();
    public static readonly IReadOnlyList<ActionItemStatus> Statuses = Enum.GetValues<ActionItemStatus>();
    public static readonly IReadOnlyList<ActionItemPriority> Priorities = Enum.GetValues<ActionItemPriority>();

    public static string AllowedKinds { get; } = string.Join(", ", Kinds.Select(k => k.Code()));
    public static string AllowedStatuses { get; } = string.Join(", ", Statuses.Select(k => k.Code()));
    public static string AllowedPriorities { get; } = string.Join(", ", Priorities.Select(k => k.Code()));

    public static string Code(this ActionItemKind kind) => kind.ToString().ToLowerInvariant();

    public static string Code(this ActionItemPriority priority) => priority.ToString().ToLowerInvariant();

    public static string Code(this ActionItemStatus status) => status switch
    {
        ActionItemStatus.InProgress => "in-progress",
        ActionItemStatus.WontDo => "wont-do",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static string Label(this ActionItemStatus status) => status switch
    {
        ActionItemStatus.InProgress => "In progress",
        ActionItemStatus.WontDo => "Won't do",
        _ => status.ToString(),
    };

    public static bool IsFinished(this ActionItemStatus status) => status is ActionItemStatus.Done or ActionItemStatus.WontDo;

    public static ActionItemKind? ParseKind(string? text) => ParseBy(Kinds, text, Code);

    public static ActionItemPriority? ParsePriority(string? text) => ParseBy(Priorities, text, Code);

    public static ActionItemStatus? ParseStatus(string? text) => ParseBy(Statuses, text, Code);

    private static T? ParseBy<T>(IReadOnlyList<T> all, string? text, Func<T, string> code)
        where T : struct, Enum
    {
        var t = text?.Trim();
        return all.Cast<T?>().FirstOrDefault(v => string.Equals(code(v!.Value), t, StringComparison.OrdinalIgnoreCase)
            || string.Equals(v.Value.ToString(), t, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>The validated fields of an action item (what create and edit carry).</summary>
public sealed record ActionItemFields(string Title, ActionItemKind Kind, string Owner, DateTime DueDate, ActionItemPriority Priority, string? TrackerUrl);

/// <summary>
/// A corrective action from a postmortem (later also from exercises): one owner account, a due date, and a status that
/// ends in done (stamped, for completion on time) or won't do (with the reason).
/// </summary>
public sealed class ActionItem
{
    public const int TitleLength = 200;
    public const int UrlLength = 500;
    public const int ReasonLength = 1000;

    private ActionItem()
    {
    }

    public int Id { get; private set; }
    public int IncidentId { get; private set; }
    public int? PostmortemId { get; private set; }

    public const string ExerciseSource = "exercise";

    /// <summary>"postmortem", or "exercise" for an item from an exercise's after-action review.</summary>
    public string Source { get; private set; } = "postmortem";

    public string Title { get; private set; } = "";
    public ActionItemKind Kind { get; private set; }
    public string Owner { get; private set; } = "";
    public DateTime DueDate { get; private set; }
    public ActionItemPriority Priority { get; private set; }
    public string? TrackerUrl { get; private set; }
    public ActionItemStatus Status { get; private set; }
    public string? WontDoReason { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTime? CompletedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public bool IsOverdue(DateTime now) => !Status.IsFinished() && now >= EndOfDueDay;

    /// <summary>The due date is a day: the item is on time until that day ends (UTC).</summary>
    public DateTime EndOfDueDay => DueDate.Date.AddDays(1);

    /// <summary>Done by the end of its due day.</summary>
    public bool DoneOnTime => Status == ActionItemStatus.Done && CompletedAt < EndOfDueDay;

    public static ActionItem Create(int incidentId, int? postmortemId, ActionItemFields fields, string actor, DateTime now,
        string source = "postmortem")
    {
        var item = new ActionItem
        {
            IncidentId = incidentId,
            Source = source,
            PostmortemId = postmortemId,
            Status = ActionItemStatus.Open,
            CreatedAt = now,
            CreatedBy = actor,
        };
        item.Apply(fields, now);
        return item;
    }

    public void Edit(ActionItemFields fields, DateTime now)
    {
        if (Status.IsFinished())
        {
            throw new InvalidTransitionException($"Action item #{Id} is {Status.Label().ToLowerInvariant()}; reopen it before editing.");
        }
        Apply(fields, now);
    }

    public void ChangeStatus(ActionItemStatus target, string? reason, DateTime now)
    {
        if (target == Status)
        {
            throw new InvalidTransitionException($"Action item #{Id} is already {Status.Label().ToLowerInvariant()}.");
        }
        if (target == ActionItemStatus.WontDo && string.IsNullOrWhiteSpace(reason))
        {
            throw ValidationException.For("reason", "Say why this will not be done.");
        }
        Status = target;
        WontDoReason = target == ActionItemStatus.WontDo ? reason!.Trim() : null;
        CompletedAt = target == ActionItemStatus.Done ? now : null;
        UpdatedAt = now;
    }

    /// <summary>Demo history only: an item finished at a chosen past time.</summary>
    internal void Backdate(ActionItemStatus status, string? reason, DateTime createdAt, DateTime? completedAt)
    {
        Status = status;
        WontDoReason = reason;
        CreatedAt = createdAt;
        CompletedAt = completedAt;
        UpdatedAt = completedAt ?? createdAt;
    }

    private void Apply(ActionItemFields fields, DateTime now)
    {
        Title = fields.Title;
        Kind = fields.Kind;
        Owner = fields.Owner;
        DueDate = fields.DueDate;
        Priority = fields.Priority;
        TrackerUrl = fields.TrackerUrl;
        UpdatedAt = now;
    }
}
