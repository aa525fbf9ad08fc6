using System.Text.Json.Serialization;
using CommandCenter.Core.Common;

namespace CommandCenter.Core.Containment;

/// <summary>How an action is carried out: by the system's control webhook, or by a person following a checklist.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ContainmentMode>))]
public enum ContainmentMode
{
    [JsonStringEnumMemberName("webhook")] Webhook = 1,
    [JsonStringEnumMemberName("manual")] Manual = 2,
}

[JsonConverter(typeof(JsonStringEnumConverter<ContainmentState>))]
public enum ContainmentState
{
    /// <summary>Recorded and being sent to the webhook.</summary>
    [JsonStringEnumMemberName("pending")] Pending = 1,
    [JsonStringEnumMemberName("succeeded")] Succeeded = 2,
    [JsonStringEnumMemberName("failed")] Failed = 3,
    /// <summary>A manual checklist with items still to do.</summary>
    [JsonStringEnumMemberName("manual-open")] ManualOpen = 4,
    /// <summary>Every checklist item was done: counts as a success.</summary>
    [JsonStringEnumMemberName("manual-done")] ManualDone = 5,
}

/// <summary>One step of a manual action and who did it.</summary>
public sealed class ChecklistItem
{
    public string Text { get; set; } = "";
    public string? CheckedBy { get; set; }
    public DateTime? CheckedAt { get; set; }
}

/// <summary>
/// A containment action requested on an incident, and everything that happened to it: the exact request sent (so a
/// retry reuses its idempotency key), every webhook attempt, or the manual checklist and who ticked each item.
/// </summary>
public sealed class ContainmentAction
{
    private ContainmentAction()
    {
    }

    public int Id { get; private set; }
    public int IncidentId { get; private set; }
    public ContainmentActionKind Kind { get; private set; }
    public string Reason { get; private set; } = "";
    public string RequestedBy { get; private set; } = "";
    public DateTime RequestedAt { get; private set; }
    public ContainmentMode Mode { get; private set; }
    public ContainmentState State { get; private set; }

    /// <summary>The JSON body sent to the webhook (<see cref="ControlWebhookRequest.ToJsonBytes"/>); null for a manual action.</summary>
    public string? RequestJson { get; private set; }

    public List<ControlWebhookAttempt> Attempts { get; private set; } = [];
    public int? FinalStatus { get; private set; }

    /// <summary>The last outcome in one line (the webhook summary, or the checklist's progress).</summary>
    public string? Summary { get; private set; }

    public DateTime? CompletedAt { get; private set; }
    public string? CompletedBy { get; private set; }
    public List<ChecklistItem> Checklist { get; private set; } = [];

    public bool IsSuccess => State is ContainmentState.Succeeded or ContainmentState.ManualDone;

    public static ContainmentAction ForWebhook(int incidentId, ControlWebhookRequest request) => new()
    {
        IncidentId = incidentId,
        Kind = request.Action,
        Reason = request.Reason,
        RequestedBy = request.RequestedBy,
        RequestedAt = request.RequestedAt.AsUtc(),
        Mode = ContainmentMode.Webhook,
        State = ContainmentState.Pending,
        RequestJson = System.Text.Encoding.UTF8.GetString(request.ToJsonBytes()),
    };

    public static ContainmentAction ForManual(int incidentId, ContainmentActionKind kind, string? reason, string requestedBy, DateTime now) => new()
    {
        IncidentId = incidentId,
        Kind = kind,
        Reason = reason ?? "",
        RequestedBy = requestedBy,
        RequestedAt = now,
        Mode = ContainmentMode.Manual,
        State = ContainmentState.ManualOpen,
        Checklist = kind.ManualChecklist().Select(text => new ChecklistItem { Text = text }).ToList(),
        Summary = $"0 of {kind.ManualChecklist().Count} steps done",
    };

    /// <summary>The request to send again on a retry, with the same idempotency key as the first time.</summary>
    public ControlWebhookRequest Request() => (RequestJson is null ? null : ControlWebhookRequest.FromJson(RequestJson))
        ?? throw new InvalidTransitionException($"Containment action #{Id} is manual; there is nothing to send.");

    /// <summary>Stores what the webhook said. Attempts of a retry are numbered after the earlier ones.</summary>
    public void RecordOutcome(ControlWebhookResult result, string by, DateTime now)
    {
        if (State != ContainmentState.Pending)
        {
            throw new InvalidTransitionException($"Containment action #{Id} is {State.Code()}, not waiting for the webhook.");
        }
        var offset = Attempts.Count;
        Attempts = [.. Attempts, .. result.Attempts.Select(a => a with { Number = offset + a.Number })];
        FinalStatus = result.FinalStatus;
        Summary = result.Summary;
        State = result.Succeeded ? ContainmentState.Succeeded : ContainmentState.Failed;
        CompletedAt = now;
        CompletedBy = by;
    }

    /// <summary>A failed webhook action goes back to pending before it is sent again.</summary>
    public void BeginRetry()
    {
        if (State != ContainmentState.Failed)
        {
            throw new InvalidTransitionException(State == ContainmentState.Pending
                ? $"Containment action #{Id} is already being sent."
                : $"Only a failed webhook action can be retried; #{Id} is {State.Code()}.");
        }
        State = ContainmentState.Pending;
        CompletedAt = null;
        CompletedBy = null;
    }

    /// <summary>Ticks checklist item <paramref name="index"/> (0-based); true when that completed the checklist.</summary>
    public bool Check(int index, string by, DateTime now)
    {
        if (Mode != ContainmentMode.Manual)
        {
            throw new InvalidTransitionException($"Containment action #{Id} runs through the webhook; it has no checklist.");
        }
        if (index < 0 || index >= Checklist.Count)
        {
            throw new NotFoundException($"Containment action #{Id} has no checklist item {index + 1}.");
        }
        var item = Checklist[index];
        if (item.CheckedBy is not null)
        {
            throw new InvalidTransitionException($"Step {index + 1} was already checked by {item.CheckedBy}.");
        }
        // A new list, so the JSON column is seen as changed.
        Checklist = Checklist.Select((c, i) => i == index ? new ChecklistItem { Text = c.Text, CheckedBy = by, CheckedAt = now } : c).ToList();
        var done = Checklist.Count(c => c.CheckedBy is not null);
        Summary = $"{done} of {Checklist.Count} steps done";
        if (done < Checklist.Count)
        {
            return false;
        }
        State = ContainmentState.ManualDone;
        CompletedAt = now;
        CompletedBy = by;
        return true;
    }
}

public static class ContainmentStates
{
    public static string Code(this ContainmentState state) => state switch
    {
        ContainmentState.Pending => "pending",
        ContainmentState.Succeeded => "succeeded",
        ContainmentState.Failed => "failed",
        ContainmentState.ManualOpen => "manual-open",
        _ => "manual-done",
    };

    public static string Label(this ContainmentState state) => state switch
    {
        ContainmentState.Pending => "Sending…",
        ContainmentState.Succeeded => "Succeeded",
        ContainmentState.Failed => "Failed",
        ContainmentState.ManualOpen => "Manual: in progress",
        _ => "Manual: done",
    };
}

/// <summary>A system's control webhook: where containment requests go and the secret they are signed with.</summary>
public sealed class SystemControl
{
    public const int UrlLength = 500;
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 200;

    private SystemControl()
    {
    }

    public SystemControl(int aiSystemId, string webhookUrl, string secret, string by, DateTime now)
    {
        AiSystemId = aiSystemId;
        Change(webhookUrl, secret, by, now);
    }

    public int Id { get; private set; }
    public int AiSystemId { get; private set; }
    public string WebhookUrl { get; private set; } = "";

    /// <summary>
    /// Kept readable because every request is signed with it (HMAC needs the secret itself, not a hash). It never
    /// leaves Core: views carry only <see cref="SecretHint"/>.
    /// </summary>
    public string Secret { get; private set; } = "";

    public string UpdatedBy { get; private set; } = "";
    public DateTime UpdatedAt { get; private set; }

    /// <summary>The last four characters, so a person can tell which secret is set without seeing it.</summary>
    public string SecretHint => Secret.Length <= 4 ? "" : Secret[^4..];

    /// <param name="secret">Null keeps the current secret.</param>
    public void Change(string webhookUrl, string? secret, string by, DateTime now)
    {
        WebhookUrl = webhookUrl;
        if (secret is not null)
        {
            Secret = secret;
        }
        UpdatedBy = by;
        UpdatedAt = now;
    }
}
