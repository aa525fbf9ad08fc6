namespace CommandCenter.Core.Systems;

/// <summary>A system or service next to an AI system in the dependency graph; Slug, Kind and RiskTier are set for inventory systems.</summary>
public sealed record DependencyNode(string Name, string? Slug, AiSystemKind? Kind, RiskTier? RiskTier);

/// <summary>What an AI system depends on (upstream) and what depends on it (downstream).</summary>
public sealed record DependencyGraph(AiSystemView Center, IReadOnlyList<DependencyNode> Upstream, IReadOnlyList<DependencyNode> Downstream);
