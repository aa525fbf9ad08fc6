using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CommandCenter.Core.Common;
using CommandCenter.Core.Detection;

namespace CommandCenter.Core.Integrations;

/// <summary>A PagerDuty Events API v2 shaped event.</summary>
public sealed record PagerDutyEvent
{
    [JsonPropertyName("routing_key")] public string? RoutingKey { get; init; }
    [JsonPropertyName("event_action")] public string? EventAction { get; init; }
    [JsonPropertyName("dedup_key")] public string? DedupKey { get; init; }
    [JsonPropertyName("payload")] public PagerDutyPayload? Payload { get; init; }
    [JsonPropertyName("client")] public string? Client { get; init; }
    [JsonPropertyName("client_url")] public string? ClientUrl { get; init; }
}

public sealed record PagerDutyPayload
{
    [JsonPropertyName("summary")] public string? Summary { get; init; }
    [JsonPropertyName("source")] public string? Source { get; init; }
    [JsonPropertyName("severity")] public string? Severity { get; init; }
    [JsonPropertyName("timestamp")] public DateTime? Timestamp { get; init; }
    [JsonPropertyName("component")] public string? Component { get; init; }
    [JsonPropertyName("group")] public string? Group { get; init; }
    [JsonPropertyName("class")] public string? Class { get; init; }
    [JsonPropertyName("custom_details")] public Dictionary<string, JsonElement>? CustomDetails { get; init; }
}

/// <summary>
/// PagerDuty-style events as signals, with PagerDuty's dedup_key meaning: a trigger with a known dedup_key is the same
/// alert again, acknowledge and resolve name the alert by it, and a trigger without one gets a key in the answer.
/// The system comes from custom_details.system, component or source; the kind from custom_details.kind or class.
/// </summary>
public static class PagerDutyMapping
{
    public static readonly string[] Severities = ["critical", "error", "warning", "info"];

    public static (IncomingSignal Signal, string DedupKey) ToSignal(PagerDutyEvent body)
    {
        var v = new Validator();
        var action = body.EventAction?.Trim().ToLowerInvariant() switch
        {
            "trigger" => SignalAction.Trigger,
            "acknowledge" => SignalAction.Acknowledge,
            "resolve" => SignalAction.Resolve,
            null or "" => (SignalAction?)null,
            _ => null,
        };
        if (action is null)
        {
            v.Add("event_action", "event_action must be trigger, acknowledge or resolve.");
        }
        var dedupKey = body.DedupKey?.Trim();
        if (action is SignalAction.Acknowledge or SignalAction.Resolve && string.IsNullOrEmpty(dedupKey))
        {
            v.Add("dedup_key", $"dedup_key is required to {body.EventAction} an alert.");
        }
        var payload = body.Payload;
        if (action == SignalAction.Trigger)
        {
            if (payload is null)
            {
                v.Add("payload", "payload is required for a trigger.");
            }
            else
            {
                v.RequiredText("payload.summary", payload.Summary, DetectionLimits.SummaryLength, "payload.summary");
                v.RequiredText("payload.source", payload.Source, 255, "payload.source");
                if (string.IsNullOrWhiteSpace(payload.Severity) || !Severities.Contains(payload.Severity.Trim().ToLowerInvariant()))
                {
                    v.Add("payload.severity", $"payload.severity must be one of {string.Join(", ", Severities)}.");
                }
            }
        }
        var details = new Dictionary<string, string>();
        foreach (var (key, value) in payload?.CustomDetails ?? [])
        {
            if (JsonItems.TryGetText(value, out var text))
            {
                details[key] = text;
            }
            else
            {
                v.Add($"payload.custom_details.{UnicodeText.Printable(key)}", UnicodeText.Refusal($"custom_details.{UnicodeText.Printable(key)}"));
            }
        }
        v.ThrowIfInvalid();

        // Without a dedup_key the event's own content names the alert, so a replayed trigger is the same alert again.
        dedupKey = string.IsNullOrEmpty(dedupKey)
            ? "cc-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
                string.Join("\n", payload?.Summary, payload?.Source, payload?.Severity, payload?.Component, payload?.Class,
                    payload?.Timestamp?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)))))[..32]
            : dedupKey;
        var labels = new Dictionary<string, string>(details.Where(d => d.Value.Length <= DetectionLimits.LabelValueLength)
            .Take(DetectionLimits.LabelCount - 4));
        if (payload?.Severity is { } severity)
        {
            labels["pd_severity"] = severity.ToLowerInvariant();
        }
        if (payload?.Group is { } group)
        {
            labels["group"] = group;
        }
        var signal = new IncomingSignal
        {
            System = action == SignalAction.Trigger ? First(details.GetValueOrDefault("system"), payload?.Component, payload?.Source) : null,
            Kind = action == SignalAction.Trigger ? First(details.GetValueOrDefault("kind"), payload?.Class) ?? "generic" : null,
            Value = Number(details.GetValueOrDefault("value")),
            Threshold = Number(details.GetValueOrDefault("threshold")),
            Labels = labels,
            Fingerprint = dedupKey,
            OccurredAt = payload?.Timestamp,
            Summary = payload?.Summary,
            Action = action!.Value,
        };
        return (signal, dedupKey);
    }

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : null;
}
