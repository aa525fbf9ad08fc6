using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommandCenter.Core.Persistence;

/// <summary>Stores a small object graph (labels, evidence) as one JSON text column, compared by its JSON.</summary>
internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property)
        where T : class, new()
    {
        property.HasConversion(
            value => JsonSerializer.Serialize(value, Options),
            text => string.IsNullOrEmpty(text) ? new T() : JsonSerializer.Deserialize<T>(text, Options) ?? new T(),
            new ValueComparer<T>(
                (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
                value => JsonSerializer.Serialize(value, Options).GetHashCode(StringComparison.Ordinal),
                value => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, Options), Options)!));
        return property.IsRequired();
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
