namespace CommandCenter.Core.Common;

/// <summary>Collects field errors so a caller learns everything wrong at once, not one field per try.</summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.OrdinalIgnoreCase);

    public bool IsValid => _errors.Count == 0;

    public Validator Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
        return this;
    }

    public string? RequiredText(string field, string? value, int maxLength, string label)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            Add(field, $"{label} is required.");
            return null;
        }
        if (trimmed.Length > maxLength)
        {
            Add(field, $"{label} must be at most {maxLength} characters (it has {trimmed.Length}).");
            return null;
        }
        return trimmed;
    }

    /// <summary>The name of whoever runs a command, as every command requires it.</summary>
    public string? ActorName(string? name, string field = "actor") => RequiredText(field, name, Limits.PersonNameLength, "Your name");

    public string? OptionalText(string field, string? value, int maxLength, string label)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }
        if (trimmed.Length > maxLength)
        {
            Add(field, $"{label} must be at most {maxLength} characters (it has {trimmed.Length}).");
            return null;
        }
        return trimmed;
    }

    public T? Parsed<T>(string field, string? value, Func<string?, T?> parse, string label, string allowed)
        where T : struct
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{label} is required.");
            return null;
        }
        var parsed = parse(value);
        if (parsed is null)
        {
            Add(field, $"'{value}' is not a known {label.ToLowerInvariant()}; use one of {allowed}.");
        }
        return parsed;
    }

    public IReadOnlyDictionary<string, string[]> Errors =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.OrdinalIgnoreCase);

    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new ValidationException(Errors);
        }
    }
}
