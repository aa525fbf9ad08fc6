using System.Text.Json.Serialization;

namespace CommandCenter.Core.Incidents;

/// <summary>How an AI system fails. Serialized kebab-case, e.g. <c>prompt-injection</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Archetype>))]
public enum Archetype
{
    [JsonStringEnumMemberName("prompt-injection")] PromptInjection = 1,
    [JsonStringEnumMemberName("data-leakage")] DataLeakage = 2,
    [JsonStringEnumMemberName("model-manipulation")] ModelManipulation = 3,
    [JsonStringEnumMemberName("misinformation")] Misinformation = 4,
    [JsonStringEnumMemberName("toxicity")] Toxicity = 5,
    [JsonStringEnumMemberName("agentic-misalignment")] AgenticMisalignment = 6,
    [JsonStringEnumMemberName("model-drift")] ModelDrift = 7,
}

/// <summary>What responders need to know about an archetype, with the public taxonomies it maps to.</summary>
public sealed record ArchetypeInfo(Archetype Archetype, string Code, string Name, string Description, string Owasp, string Atlas);

public static class Archetypes
{
    public static readonly IReadOnlyList<ArchetypeInfo> All =
    [
        new(Archetype.PromptInjection, "prompt-injection", "Prompt injection",
            "Crafted input, direct or hidden in retrieved content, makes the system ignore its instructions.",
            "LLM01: Prompt Injection", "AML.T0051 LLM Prompt Injection"),
        new(Archetype.DataLeakage, "data-leakage", "Data leakage",
            "The system reveals personal, confidential or system-prompt data to someone who should not see it.",
            "LLM02: Sensitive Information Disclosure", "AML.T0057 LLM Data Leakage"),
        new(Archetype.ModelManipulation, "model-manipulation", "Model manipulation",
            "Poisoned training or retrieval data, or a tampered model, steers outputs on purpose.",
            "LLM04: Data and Model Poisoning", "AML.T0020 Poison Training Data"),
        new(Archetype.Misinformation, "misinformation", "Misinformation cascade",
            "Confident, wrong answers (hallucinations) spread to users or downstream systems.",
            "LLM09: Misinformation", "AML.T0048 External Harms"),
        new(Archetype.Toxicity, "toxicity", "Toxicity and abuse",
            "Harmful, offensive or unsafe content gets past the guardrails.",
            "LLM05: Improper Output Handling", "AML.T0054 LLM Jailbreak"),
        new(Archetype.AgenticMisalignment, "agentic-misalignment", "Agentic misalignment",
            "An agent takes actions beyond its mandate or permissions.",
            "LLM06: Excessive Agency", "AML.T0053 LLM Plugin Compromise"),
        new(Archetype.ModelDrift, "model-drift", "Model drift",
            "Quality degrades gradually as inputs or the world move away from what the model learned.",
            "LLM09: Misinformation (degraded accuracy)", "AML.T0031 Erode ML Model Integrity"),
    ];

    public static string Allowed { get; } = string.Join(", ", All.Select(a => a.Code));

    public static ArchetypeInfo Info(this Archetype archetype) => All.First(a => a.Archetype == archetype);

    public static string Name(this Archetype archetype) => archetype.Info().Name;

    public static string Code(this Archetype archetype) => archetype.Info().Code;

    /// <summary>Accepts the kebab code, the enum name or a spaced name, in any case.</summary>
    public static Archetype? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var normalized = Normalize(value);
        return All.FirstOrDefault(a => Normalize(a.Code) == normalized || Normalize(a.Archetype.ToString()) == normalized
            || Normalize(a.Name) == normalized)?.Archetype;
    }

    private static string Normalize(string value) =>
        new(value.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
