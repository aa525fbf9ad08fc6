namespace CommandCenter.Core.Evidence;

/// <summary>What an artefact is: what investigators ask for after an AI incident.</summary>
public enum EvidenceKind
{
    Prompt = 1,
    SystemPrompt,
    RetrievalContext,
    ModelVersion,
    ToolCalls,
    Output,
    Screenshot,
    LogExtract,
    Other,
}

public static class EvidenceKinds
{
    private static readonly Dictionary<string, EvidenceKind> ByCode = new(StringComparer.OrdinalIgnoreCase)
    {
        ["prompt"] = EvidenceKind.Prompt,
        ["system-prompt"] = EvidenceKind.SystemPrompt,
        ["retrieval-context"] = EvidenceKind.RetrievalContext,
        ["model-version"] = EvidenceKind.ModelVersion,
        ["tool-calls"] = EvidenceKind.ToolCalls,
        ["output"] = EvidenceKind.Output,
        ["screenshot"] = EvidenceKind.Screenshot,
        ["log-extract"] = EvidenceKind.LogExtract,
        ["other"] = EvidenceKind.Other,
    };

    public static IReadOnlyList<EvidenceKind> All { get; } = Enum.GetValues<EvidenceKind>();

    public static string Allowed { get; } = string.Join(", ", ByCode.Keys);

    public static EvidenceKind? Parse(string? code) => code is not null && ByCode.TryGetValue(code.Trim(), out var kind) ? kind : null;

    public static string Code(this EvidenceKind kind) => ByCode.First(p => p.Value == kind).Key;

    public static string Label(this EvidenceKind kind) => kind switch
    {
        EvidenceKind.Prompt => "Prompt / conversation",
        EvidenceKind.SystemPrompt => "System-prompt version",
        EvidenceKind.RetrievalContext => "Retrieval context / documents",
        EvidenceKind.ModelVersion => "Model version + weights hash",
        EvidenceKind.ToolCalls => "Tool calls + results",
        EvidenceKind.Output => "Output",
        EvidenceKind.Screenshot => "Screenshot",
        EvidenceKind.LogExtract => "Log extract",
        _ => "Other",
    };
}
