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

/// <summary>Our role for the system under the EU AI Act: we built it (provider) or we use someone else's (deployer).</summary>
public enum EuAiActRole
{
    Deployer = 1,
    Provider = 2,
}

/// <summary>What the system handles, for the regulatory clocks: personal data (GDPR) and special categories (Art. 9).</summary>
[Flags]
public enum DataCategories
{
    None = 0,
    PersonalData = 1,
    SpecialCategories = 2,
}

public enum DependencyDirection
{
    /// <summary>This system depends on it.</summary>
    Upstream = 1,

    /// <summary>It depends on this system.</summary>
    Downstream = 2,
}

/// <summary>A tool an agent may call, and what it is allowed to do with it.</summary>
public sealed record AgentTool(string Name, string Permission);

/// <summary>An edge of the dependency graph: another inventory system (Slug set) or an outside service (name only).</summary>
public sealed record SystemDependency(DependencyDirection Direction, string Name, string? Slug);

/// <summary>An AI system in production: the inventory and risk register entry that incidents, detection and triage point at.</summary>
public sealed class AiSystem
{
    public AiSystemView ToView() => new(Id, Slug, Name, Kind, OwnerTeam, RiskTier, CurrentModelVersion, PreviousStableModelVersion,
        HasFallback);

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
    public string Purpose { get; private set; } = "";
    public string OnCallContact { get; private set; } = "";
    public EuAiActRole EuAiActRole { get; private set; } = EuAiActRole.Deployer;
    public DataCategories DataCategories { get; private set; }
    public string? CurrentSystemPromptVersion { get; private set; }
    public string? PreviousSystemPromptVersion { get; private set; }
    public List<string> RetrievalIndexes { get; private set; } = [];
    public List<AgentTool> AgentTools { get; private set; } = [];
    public List<SystemDependency> Dependencies { get; private set; } = [];
    public DateTime? UpdatedAt { get; private set; }
    public string? UpdatedBy { get; private set; }

    /// <summary>
    /// A deploy pipeline reported a new model version live: it becomes current and the version it replaced becomes the
    /// previous stable one (what a rollback goes back to). Returns whether anything changed.
    /// </summary>
    public bool ModelDeployed(string version, string by, DateTime now)
    {
        if (!FitsVersion(version) || version == CurrentModelVersion)
        {
            return false;
        }
        PreviousStableModelVersion = CurrentModelVersion;
        CurrentModelVersion = version;
        Touch(by, now);
        return true;
    }

    /// <summary>A rollback put <paramref name="version"/> back live; the previous stable version stays what it was.</summary>
    public bool ModelRolledBack(string version, string by, DateTime now)
    {
        if (!FitsVersion(version) || version == CurrentModelVersion)
        {
            return false;
        }
        CurrentModelVersion = version;
        Touch(by, now);
        return true;
    }

    /// <summary>A new system-prompt version went live; the one it replaced becomes the previous one.</summary>
    public bool SystemPromptChanged(string version, string by, DateTime now)
    {
        if (!FitsVersion(version) || version == CurrentSystemPromptVersion)
        {
            return false;
        }
        PreviousSystemPromptVersion = CurrentSystemPromptVersion;
        CurrentSystemPromptVersion = version;
        Touch(by, now);
        return true;
    }

    private static bool FitsVersion(string version) => !string.IsNullOrWhiteSpace(version) && version.Length <= AiSystemService.VersionLength;

    private void Touch(string by, DateTime now)
    {
        UpdatedAt = now;
        UpdatedBy = by;
    }

    /// <summary>Replaces every editable field (the slug never changes: monitoring labels and incidents refer to it).</summary>
    public void Update(AiSystemFields fields, string by, DateTime now)
    {
        Name = fields.Name;
        Kind = fields.Kind;
        Purpose = fields.Purpose;
        OwnerTeam = fields.OwnerTeam;
        OnCallContact = fields.OnCallContact;
        RiskTier = fields.RiskTier;
        EuAiActRole = fields.EuAiActRole;
        DataCategories = fields.DataCategories;
        CurrentModelVersion = fields.CurrentModelVersion;
        PreviousStableModelVersion = fields.PreviousStableModelVersion;
        CurrentSystemPromptVersion = fields.CurrentSystemPromptVersion;
        PreviousSystemPromptVersion = fields.PreviousSystemPromptVersion;
        RetrievalIndexes = [.. fields.RetrievalIndexes];
        AgentTools = [.. fields.AgentTools];
        HasFallback = fields.HasFallback;
        Dependencies = [.. fields.Dependencies];
        UpdatedAt = now;
        UpdatedBy = by;
    }

    public static AiSystem Register(string slug, AiSystemFields fields, string by, DateTime now)
    {
        var system = new AiSystem(slug, fields.Name, fields.Kind, fields.OwnerTeam, fields.RiskTier, fields.CurrentModelVersion,
            fields.PreviousStableModelVersion, fields.HasFallback);
        system.Update(fields, by, now);
        return system;
    }
}

/// <summary>Every editable field of an inventory entry, validated (see <see cref="AiSystemService"/>).</summary>
public sealed record AiSystemFields(
    string Name,
    AiSystemKind Kind,
    string Purpose,
    string OwnerTeam,
    string OnCallContact,
    RiskTier RiskTier,
    EuAiActRole EuAiActRole,
    DataCategories DataCategories,
    string CurrentModelVersion,
    string? PreviousStableModelVersion,
    string? CurrentSystemPromptVersion,
    string? PreviousSystemPromptVersion,
    IReadOnlyList<string> RetrievalIndexes,
    IReadOnlyList<AgentTool> AgentTools,
    bool HasFallback,
    IReadOnlyList<SystemDependency> Dependencies);

/// <summary>An inventory entry with everything the register shows.</summary>
public sealed record AiSystemDetail(
    AiSystemView System,
    string Purpose,
    string OnCallContact,
    EuAiActRole EuAiActRole,
    DataCategories DataCategories,
    string? CurrentSystemPromptVersion,
    string? PreviousSystemPromptVersion,
    IReadOnlyList<string> RetrievalIndexes,
    IReadOnlyList<AgentTool> AgentTools,
    IReadOnlyList<SystemDependency> Dependencies,
    DateTime? UpdatedAt,
    string? UpdatedBy);

public sealed record AiSystemView(int Id, string Slug, string Name, AiSystemKind Kind, string OwnerTeam, RiskTier RiskTier,
    string CurrentModelVersion, string? PreviousStableModelVersion, bool HasFallback);
