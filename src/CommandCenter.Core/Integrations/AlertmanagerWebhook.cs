using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CommandCenter.Core.Common;
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

    public static IReadOnlyList<IncomingSignal> ToSignals(AlertmanagerWebhook webhook) =>
        (webhook.Alerts ?? []).Select(alert => ToSignal(alert, webhook.CommonLabels, webhook.CommonAnnotations)).ToList();

    /// <summary>One alert as a signal; the webhook's common labels are under the alert's own, its common annotations used when it has none.</summary>
    public static IncomingSignal ToSignal(AlertmanagerAlert alert, IReadOnlyDictionary<string, string>? commonLabels,
        IReadOnlyDictionary<string, string>? commonAnnotations)
    {
        var labels = new Dictionary<string, string>(commonLabels ?? new Dictionary<string, string>());
        foreach (var (key, value) in alert.Labels ?? [])
        {
            labels[key] = value;
        }
        IReadOnlyDictionary<string, string> annotations = alert.Annotations ?? commonAnnotations ?? new Dictionary<string, string>();
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
    }

    private static string? First(IReadOnlyDictionary<string, string> values, params string[] names) =>
        names.Select(values.GetValueOrDefault).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private static double? Number(IReadOnlyDictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number)
            ? number
            : null;
}

/// <summary>
/// Reads an Alertmanager webhook body: the envelope as a whole (version, common labels and annotations; a problem there
/// is a 400), then each alert by itself, so an alert that is null or unreadable is reported by its index
/// (<c>alerts[3]</c>, <c>alerts[3].labels.region</c>) and the others are kept.
/// </summary>
public static class AlertmanagerPayloads
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <returns>Per alert: its signal, or the field (relative to the alert; "alert" for the alert itself) and why it is unreadable.</returns>
    /// <exception cref="ValidationException">The envelope is wrong: not an object, another version, no alerts, unreadable common labels.</exception>
    public static IReadOnlyList<PayloadItem> Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw ValidationException.For("alerts", "The body must be an Alertmanager webhook object ({\"version\":\"4\",\"alerts\":[...]}).");
        }
        var v = new Validator();
        var version = Property(root, "version") is { ValueKind: JsonValueKind.String } text && JsonItems.TryGetText(text, out var written) ? written : null;
        if (version != AlertmanagerMapping.SupportedVersion)
        {
            v.Add("version", $"Alertmanager webhook payload version '{UnicodeText.Shorten(version)}' is not supported; send version {AlertmanagerMapping.SupportedVersion}.");
        }
        var commonLabels = Texts(v, root, "commonLabels");
        var commonAnnotations = Texts(v, root, "commonAnnotations");
        var alerts = Property(root, "alerts");
        if (alerts is not { ValueKind: JsonValueKind.Array } || alerts.Value.GetArrayLength() == 0)
        {
            v.Add("alerts", "The webhook carries no alerts.");
        }
        v.ThrowIfInvalid();

        return alerts!.Value.EnumerateArray().Select(alert =>
        {
            if (alert.ValueKind != JsonValueKind.Object)
            {
                return PayloadItem.Unreadable("alert", $"Each alert must be an alert object (this one is {alert.ValueKind.ToString().ToLowerInvariant()}).");
            }
            try
            {
                return new PayloadItem(AlertmanagerMapping.ToSignal(alert.Deserialize<AlertmanagerAlert>(Options)!, commonLabels, commonAnnotations));
            }
            catch (JsonException ex)
            {
                var (field, message) = JsonItems.Describe(ex, "alert");
                return PayloadItem.Unreadable(field ?? "alert", message);
            }
        }).ToList();
    }

    private static Dictionary<string, string>? Texts(Validator v, JsonElement root, string name)
    {
        if (Property(root, name) is not { ValueKind: not JsonValueKind.Null } element)
        {
            return null;
        }
        try
        {
            return element.Deserialize<Dictionary<string, string>>(Options);
        }
        catch (JsonException ex)
        {
            var (field, message) = JsonItems.Describe(ex, name);
            v.Add(field is null ? name : $"{name}.{field}", message);
            return null;
        }
    }

    /// <summary>A property by name in any case, as the serializer's web defaults match them.</summary>
    private static JsonElement? Property(JsonElement root, string name)
    {
        foreach (var property in root.EnumerateObject())
        {
            // Not NameEquals: it throws on a name holding a lone surrogate escape ("\ud800"); TryGetName refuses those.
            if (JsonItems.TryGetName(property, out var other) && string.Equals(other, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }
        return null;
    }
}
