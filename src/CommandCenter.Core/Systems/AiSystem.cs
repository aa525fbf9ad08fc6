using CommandCenter.Core.Common;

namespace CommandCenter.Core.Systems;

public enum AiSystemKind
{
    /// <summary>Chatbots, content generators, RAG assistants.</summary>
    Generative = 1,
    /// <summary>Autonomous agents that call tools and take actions.</summary>
    Agent = 2,
    /// <summary>Scoring and classification models (fraud, risk, ranking).</summary>
    Predictive = 3,
}

public enum RiskTier
{
    Minimal = 1,
    Limited = 2,
    High = 3,
    Critical = 4,
}

/// <summary>An AI system in production that incidents point at. The full inventory grows around this entity later.</summary>
public sealed class AiSystem
{
    private AiSystem()
    {
    }

    public AiSystem(string slug, string name, AiSystemKind kind, string ownerTeam, RiskTier riskTier,
        string currentModelVersion, string? previousStableModelVersion, bool hasFallback)
    {
        Slug = slug;
        Name = name;
        Kind = kind;
        OwnerTeam = ownerTeam;
        RiskTier = riskTier;
        CurrentModelVersion = currentModelVersion;
        PreviousStableModelVersion = previousStableModelVersion;
        HasFallback = hasFallback;
    }

    public int Id { get; private set; }

    /// <summary>Stable short name used by the API and monitoring labels, e.g. <c>support-chat</c>.</summary>
    public string Slug { get; private set; } = "";

    public string Name { get; private set; } = "";
    public AiSystemKind Kind { get; private set; }
    public string OwnerTeam { get; private set; } = "";
    public RiskTier RiskTier { get; private set; }
    public string CurrentModelVersion { get; private set; } = "";
    public string? PreviousStableModelVersion { get; private set; }
    public bool HasFallback { get; private set; }
}

public sealed record AiSystemView(int Id, string Slug, string Name, AiSystemKind Kind, string OwnerTeam, RiskTier RiskTier,
    string CurrentModelVersion, string? PreviousStableModelVersion, bool HasFallback);
