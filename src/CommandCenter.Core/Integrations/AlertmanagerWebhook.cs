using System.Globalization;
using System.Text.Json.Serialization;
using CommandCenter.Core.Detection;

namespace CommandCenter.Core.Integrations;

/// <summary>The body Prometheus Alertmanager POSTs to a webhook receiver (payload version 4).</summary>
public sealed record AlertmanagerWebhook
{
    [JsonPropertyName("version")] public string? Version { get; init; }
    [JsonPropertyName("groupKey")] public string? GroupKey { get; init; }
    [JsonPropertyName("truncatedAlerts")] public int TruncatedAlerts { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("receiver")] public string? Receiver { get; init; }
    [JsonPropertyName("groupLabels")] public Dictionary<string, string>? GroupLabels { get; init; }
    [JsonPropertyName("commonLabels")] public Dictionary<string, string>? CommonLabels { get; init; }
    [JsonPropertyName("commonAnnotations")] public Dictionary<string, string>? CommonAnnotations { get; init; }
    [JsonPropertyName("externalURL")] public string? ExternalUrl { get; init; }
    [JsonPropertyName("alerts")] public List<AlertmanagerAlert>? Alerts { get; init; }
}

public sealed record AlertmanagerAlert
{
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("labels")] public Dictionary<string, string>? Labels { get; init; }
    [JsonPropertyName("annotations")] public Dictionary<string, string>? Annotations { get; init; }
    [JsonPropertyName("startsAt")] public DateTime? StartsAt { get; init; }
    [JsonPropertyName("endsAt")] public DateTime? EndsAt { get; init; }
    [JsonPropertyName("generatorURL")] public string? GeneratorUrl { get; init; }
    [JsonPropertyName("fingerprint")] public string? Fingerprint { get; init; }
}

/// <summary>
/// Alertmanager alerts as signals. The system comes from the labels <c>ai_system</c>, <c>system</c> or <c>service</c>;
/// the kind from <c>signal_kind</c>, <c>kind</c> or the alert name; value and threshold from annotations of those names.
/// A firing alert is a trigger observed at startsAt, a resolved one a resolve at endsAt. Alertmanager repeats firing
/// alerts every repeat interval: fingerprint + status + time make the idempotency key, so repeats count once.
/// </summary>
public static class AlertmanagerMapping
{
    public const string SupportedVersion = "4";

    /// <summary>Alertmanager writes this as endsAt while an alert is still firing.</summary>
    private static readonly DateTime ZeroTime = new(1, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static IReadOnlyList<IncomingSignal> ToSignals(AlertmanagerWebhook webhook)
    {
        var common = webhook.CommonLabels ?? [];
        return (webhook.Alerts ?? []).Select(alert =>
        {
            var labels = new Dictionary<string, string>(common);
            foreach (var (key, value) in alert.Labels ?? [])
            {
                labels[key] = value;
            }
            var annotations = alert.Annotations ?? webhook.CommonAnnotations ?? [];
            var resolved = string.Equals(alert.Status, "resolved", StringComparison.OrdinalIgnoreCase);
            var occurredAt = resolved && alert.EndsAt is { } ended && ended > ZeroTime ? ended : alert.StartsAt;
            return new IncomingSignal
            {
                System = First(labels, "ai_system", "system", "service"),
                Kind = First(labels, "signal_kind", "kind", "alertname"),
                Value = Number(annotations, "value") ?? Number(labels, "value"),
                Threshold = Number(annotations, "threshold") ?? Number(labels, "threshold"),
                Labels = labels,
                Fingerprint = alert.Fingerprint,
                OccurredAt = occurredAt,
                Summary = First(annotations, "summary", "description", "message"),
                Action = resolved ? SignalAction.Resolve : SignalAction.Trigger,
                IdempotencyKey = alert.Fingerprint is { Length: > 0 } fingerprint
                    ? $"am:{fingerprint}:{(resolved ? "resolved" : "firing")}:{occurredAt?.ToUniversalTime():O}"
                    : null,
            };
        }).ToList();
    }

    private static string? First(IReadOnlyDictionary<string, string> values, params string[] names) =>
        names.Select(values.GetValueOrDefault).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private static double? Number(IReadOnlyDictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number)
            ? number
            : null;
}
