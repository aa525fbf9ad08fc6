using System.Text.Json;
using System.Text.Json.Serialization;
using CommandCenter.Core.Common;

namespace CommandCenter.Core.Containment;

/// <summary>
/// The body POSTed to a system's control webhook. The idempotency key is chosen once per requested action and sent
/// unchanged on every retry, so a receiver that saw the first attempt can ignore the rest.
/// </summary>
public sealed record ControlWebhookRequest(
    [property: JsonPropertyName("incidentKey")] string IncidentKey,
    [property: JsonPropertyName("action")] ContainmentActionKind Action,
    [property: JsonPropertyName("system")] string System,
    [property: JsonPropertyName("requestedBy")] string RequestedBy,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("requestedAt")] DateTime RequestedAt,
    [property: JsonPropertyName("idempotencyKey")] string IdempotencyKey)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>A request with a fresh idempotency key; the reason is required for destructive actions.</summary>
    public static ControlWebhookRequest Create(string incidentKey, ContainmentActionKind action, string systemSlug,
        string requestedBy, string? reason, DateTime requestedAt)
    {
        var validator = new Validator();
        var key = validator.RequiredText("incidentKey", incidentKey, Limits.SlugLength, "Incident key");
        var slug = validator.RequiredText("system", systemSlug, Limits.SlugLength, "System");
        var by = validator.RequiredText("requestedBy", requestedBy, Limits.PersonNameLength, "Requested by");
        var why = action.IsDestructive()
            ? validator.RequiredText("reason", reason, Limits.TimelineTextLength, $"A reason to {action.Title().ToLowerInvariant()}")
            : validator.OptionalText("reason", reason, Limits.TimelineTextLength, "Reason");
        validator.ThrowIfInvalid();
        return new ControlWebhookRequest(key!, action, slug!, by!, why ?? "", requestedAt.AsUtc(), Guid.NewGuid().ToString("D"));
    }

    /// <summary>The exact bytes that are sent and signed.</summary>
    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this with { RequestedAt = RequestedAt.AsUtc() }, Options);

    /// <summary>For receivers: reads a body produced by <see cref="ToJsonBytes"/>; null when it is not one.</summary>
    public static ControlWebhookRequest? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ControlWebhookRequest>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
