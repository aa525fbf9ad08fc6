using System.Text.Json;
using System.Text.Json.Serialization;
using CommandCenter.Core.Detection;

namespace CommandCenter.Core.Integrations;

/// <summary>One signal in our own JSON. Labels may carry strings, numbers or booleans; all are kept as text.</summary>
public sealed record SignalPayload
{
    [JsonPropertyName("system")] public string? System { get; init; }
    [JsonPropertyName("kind")] public string? Kind { get; init; }
    [JsonPropertyName("value")] public double? Value { get; init; }
    [JsonPropertyName("threshold")] public double? Threshold { get; init; }
    [JsonPropertyName("labels")] public Dictionary<string, JsonElement>? Labels { get; init; }
    [JsonPropertyName("fingerprint")] public string? Fingerprint { get; init; }
    [JsonPropertyName("occurredAt")] public DateTime? OccurredAt { get; init; }
    [JsonPropertyName("summary")] public string? Summary { get; init; }
    [JsonPropertyName("action")] public SignalAction? Action { get; init; }
    [JsonPropertyName("id")] public string? Id { get; init; }

    /// <summary>As an incoming signal; false with the label's name when a label's text is not valid Unicode (a lone surrogate escape).</summary>
    public bool TryToIncoming(out IncomingSignal signal, out string? invalidLabel)
    {
        Dictionary<string, string>? labels = null;
        invalidLabel = null;
        if (Labels is not null)
        {
            labels = new Dictionary<string, string>(Labels.Count);
            foreach (var (key, value) in Labels)
            {
                if (!JsonItems.TryGetText(value, out var text))
                {
                    invalidLabel = key;
                    signal = null!;
                    return false;
                }
                labels[key] = text;
            }
        }
        signal = new IncomingSignal
        {
            System = System,
            Kind = Kind,
            Value = Value,
            Threshold = Threshold,
            Labels = labels,
            Fingerprint = Fingerprint,
            OccurredAt = OccurredAt,
            Summary = Summary,
            Action = Action ?? SignalAction.Trigger,
            IdempotencyKey = Id,
        };
        return true;
    }
}

/// <summary>
/// Reads <c>POST /api/signals</c>: one signal object, <c>{"signals": [...]}</c>, or a bare array. An item that is not a
/// signal (a value of the wrong type, say) is reported by its index instead of failing the whole batch.
/// </summary>
public static class SignalPayloads
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <returns>Per item: the signal, or the field that made it unreadable and why.</returns>
    public static IReadOnlyList<PayloadItem> Read(JsonElement root)
    {
        var items = root.ValueKind switch
        {
            JsonValueKind.Array => root.EnumerateArray().ToList(),
            JsonValueKind.Object when root.TryGetProperty("signals", out var batch) => batch.ValueKind == JsonValueKind.Array
                ? batch.EnumerateArray().ToList()
                : throw new JsonException("'signals' must be an array of signal objects."),
            JsonValueKind.Object => [root],
            _ => throw new JsonException("The body must be a signal object, an array of signals, or {\"signals\": [...]}."),
        };
        return items.Select(item =>
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                return PayloadItem.Unreadable("signal", "Each signal must be a JSON object.");
            }
            try
            {
                return item.Deserialize<SignalPayload>(Options)!.TryToIncoming(out var signal, out var invalidLabel)
                    ? new PayloadItem(signal)
                    : PayloadItem.Unreadable($"labels.{UnicodeText.Printable(invalidLabel!)}", JsonItems.NotText($"The value of label '{UnicodeText.Printable(invalidLabel!)}'"));
            }
            catch (JsonException ex)
            {
                var (field, message) = JsonItems.Describe(ex, "signal");
                // A value of the wrong type keeps the "signal" key it always had; text that is not Unicode is named by its field.
                return PayloadItem.Unreadable(JsonItems.IsInvalidText(ex) && field is not null ? field : "signal", message);
            }
        }).ToList();
    }
}
