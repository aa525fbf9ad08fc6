using System.Text.Json.Serialization;

namespace CommandCenter.Core.Learning;

/// <summary>The fixed list of AI-specific contributing factors a root cause is broken down into.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ContributingFactor>))]
public enum ContributingFactor
{
    [JsonStringEnumMemberName("model-version")] ModelVersion = 1,
    [JsonStringEnumMemberName("system-prompt")] SystemPrompt,
    [JsonStringEnumMemberName("retrieval-data")] RetrievalData,
    [JsonStringEnumMemberName("guardrail-gap")] GuardrailGap,
    [JsonStringEnumMemberName("tool-scope")] ToolScope,
    [JsonStringEnumMemberName("training-data")] TrainingData,
    [JsonStringEnumMemberName("evaluation-gap")] EvaluationGap,
    [JsonStringEnumMemberName("monitoring-gap")] MonitoringGap,
    [JsonStringEnumMemberName("human-process")] HumanProcess,
    [JsonStringEnumMemberName("upstream-dependency")] UpstreamDependency,
}

public static class ContributingFactors
{
    public static readonly IReadOnlyList<ContributingFactor> All = Enum.GetValues<ContributingFactor>();

    public static string Allowed { get; } = string.Join(", ", All.Select(f => f.Code()));

    public static string Code(this ContributingFactor factor) => factor switch
    {
        ContributingFactor.ModelVersion => "model-version",
        ContributingFactor.SystemPrompt => "system-prompt",
        ContributingFactor.RetrievalData => "retrieval-data",
        ContributingFactor.GuardrailGap => "guardrail-gap",
        ContributingFactor.ToolScope => "tool-scope",
        ContributingFactor.TrainingData => "training-data",
        ContributingFactor.EvaluationGap => "evaluation-gap",
        ContributingFactor.MonitoringGap => "monitoring-gap",
        ContributingFactor.HumanProcess => "human-process",
        _ => "upstream-dependency",
    };

    public static string Label(this ContributingFactor factor) => factor switch
    {
        ContributingFactor.ModelVersion => "Model version or weights",
        ContributingFactor.SystemPrompt => "System prompt",
        ContributingFactor.RetrievalData => "Retrieval data or index",
        ContributingFactor.GuardrailGap => "Guardrail or filter gap",
        ContributingFactor.ToolScope => "Tool or permission scope",
        ContributingFactor.TrainingData => "Training or fine-tuning data",
        ContributingFactor.EvaluationGap => "Evaluation gap",
        ContributingFactor.MonitoringGap => "Monitoring gap",
        ContributingFactor.HumanProcess => "Human process",
        _ => "Upstream dependency",
    };

    public static ContributingFactor? Parse(string? text)
    {
        var t = text?.Trim();
        return All.Cast<ContributingFactor?>().FirstOrDefault(f =>
            string.Equals(f!.Value.Code(), t, StringComparison.OrdinalIgnoreCase) || string.Equals(f.Value.ToString(), t, StringComparison.OrdinalIgnoreCase));
    }
}
