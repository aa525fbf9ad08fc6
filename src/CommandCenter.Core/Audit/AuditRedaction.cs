using System.Text.Json;
using System.Text.Json.Nodes;

namespace CommandCenter.Core.Audit;

/// <summary>Turns a command's arguments into the JSON the audit trail keeps, with passwords, secrets and keys replaced.</summary>
public static class AuditRedaction
{
    public const string Redacted = "[redacted]";
    public const int MaxLength = 8_000;

    private static readonly string[] SecretNames = ["password", "secret", "apikey", "token", "privatekey", "credential"];

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>Whether a property of this name holds a secret (case, '_' and '-' ignored: Password, api_key, webhookSecret).</summary>
    public static bool IsSecretName(string name)
    {
        var plain = name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return SecretNames.Any(s => plain.Contains(s, StringComparison.OrdinalIgnoreCase));
    }

    public static string ToJson(object? arguments)
    {
        if (arguments is null)
        {
            return "{}";
        }
        JsonNode? node;
        try
        {
            node = JsonSerializer.SerializeToNode(arguments, arguments.GetType(), Options);
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
        {
            return JsonSerializer.Serialize(new { unserializable = arguments.GetType().Name });
        }
        var json = Redact(node)?.ToJsonString(Options) ?? "{}";
        return json.Length <= MaxLength ? json : json[..MaxLength] + "…";
    }

    private static JsonNode? Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, _) in obj.ToList())
                {
                    obj[name] = IsSecretName(name) && obj[name] is not null ? Redacted : Redact(obj[name]?.DeepClone());
                }
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = Redact(array[i]?.DeepClone());
                }
                return array;
            default:
                return node;
        }
    }
}
