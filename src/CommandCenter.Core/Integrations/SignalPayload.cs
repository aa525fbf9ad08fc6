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

    public IncomingSignal ToIncoming() => new()
    {
        System = System,
        Kind = Kind,
        Value = Value,
        Threshold = Threshold,
        Labels = Labels?.ToDictionary(l => l.Key, l => l.Value.ValueKind == JsonValueKind.String ? l.Value.GetString() ?? "" : l.Value.GetRawText()),
        Fingerprint = Fingerprint,
        OccurredAt = OccurredAt,
        Summary = Summary,
        Action = Action ?? SignalAction.Trigger,
        IdempotencyKey = Id,
    };
}

/// <summary>
/// Reads <c>POST /api/signals</c>: one signal object, <c>{"signals": [...]}</c>, or a bare array. An item that is not a
/// signal (a value of the wrong type, say) is reported by its index instead of failing the whole batch.
/// </summary>
public static class SignalPayloads
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <returns>Per item: the signal, or the error that made it unreadable.</returns>
    public static IReadOnlyList<(IncomingSignal? Signal, string? Error)> Read(JsonElement root)
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
                return ((IncomingSignal?)null, (string?)"Each signal must be a JSON object.");
            }
            try
            {
                return (item.Deserialize<SignalPayload>(Options)!.ToIncoming(), null);
            }
            catch (JsonException ex)
            {
                var field = ex.Path is ['$', '.', .. var rest] ? rest : null;
                return (null, field is null ? $"Not a signal: {ex.Message}" : $"'{field}' has the wrong type.");
            }
        }).ToList();
    }
}
