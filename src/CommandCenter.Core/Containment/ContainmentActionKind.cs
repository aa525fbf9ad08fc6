using System.Text.Json.Serialization;
using CommandCenter.Core.Systems;

namespace CommandCenter.Core.Containment;

/// <summary>Something the command center can do to stop an AI system from causing more harm.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ContainmentActionKind>))]
public enum ContainmentActionKind
{
    [JsonStringEnumMemberName("route-to-fallback")] RouteToFallback = 1,
    [JsonStringEnumMemberName("disable-feature")] DisableFeature = 2,
    [JsonStringEnumMemberName("rollback-model")] RollbackModel = 3,
    [JsonStringEnumMemberName("revoke-agent-permissions")] RevokeAgentPermissions = 4,
    [JsonStringEnumMemberName("tighten-filters")] TightenFilters = 5,
    [JsonStringEnumMemberName("rate-limit")] RateLimit = 6,
    [JsonStringEnumMemberName("pause-automated-decisions")] PauseAutomatedDecisions = 7,
}

/// <summary>The catalogue of containment actions: what each does, how drastic it is, and where it applies.</summary>
public static class ContainmentActions
{
    public static readonly IReadOnlyList<ContainmentActionKind> All = Enum.GetValues<ContainmentActionKind>();

    // Gentlest first, so the list a responder sees reads as an escalation ladder.
    private static readonly ContainmentActionKind[] Ladder =
    [
        ContainmentActionKind.TightenFilters,
        ContainmentActionKind.RateLimit,
        ContainmentActionKind.RouteToFallback,
        ContainmentActionKind.RollbackModel,
        ContainmentActionKind.RevokeAgentPermissions,
        ContainmentActionKind.PauseAutomatedDecisions,
        ContainmentActionKind.DisableFeature,
    ];

    public static string Allowed { get; } = string.Join(", ", All.Select(a => a.Code()));

    public static string Code(this ContainmentActionKind action) => action switch
    {
        ContainmentActionKind.RouteToFallback => "route-to-fallback",
        ContainmentActionKind.DisableFeature => "disable-feature",
        ContainmentActionKind.RollbackModel => "rollback-model",
        ContainmentActionKind.RevokeAgentPermissions => "revoke-agent-permissions",
        ContainmentActionKind.TightenFilters => "tighten-filters",
        ContainmentActionKind.RateLimit => "rate-limit",
        _ => "pause-automated-decisions",
    };

    public static string Title(this ContainmentActionKind action) => action switch
    {
        ContainmentActionKind.RouteToFallback => "Route to fallback",
        ContainmentActionKind.DisableFeature => "Disable feature",
        ContainmentActionKind.RollbackModel => "Roll back model",
        ContainmentActionKind.RevokeAgentPermissions => "Revoke agent permissions",
        ContainmentActionKind.TightenFilters => "Tighten filters",
        ContainmentActionKind.RateLimit => "Rate-limit",
        _ => "Pause automated decisions",
    };

    /// <summary>One line on what changes for users and the system once the action is applied.</summary>
    public static string Effect(this ContainmentActionKind action) => action switch
    {
        ContainmentActionKind.RouteToFallback => "Requests are served by the fallback path (previous model, rules or a human queue) instead of the failing model.",
        ContainmentActionKind.DisableFeature => "The feature is switched off for everyone; users lose it until it is turned back on.",
        ContainmentActionKind.RollbackModel => "Serving goes back to the previous stable model version; changes since then are lost until redeployed.",
        ContainmentActionKind.RevokeAgentPermissions => "The agent's credentials for its tools are revoked; it can no longer act on anything outside itself.",
        ContainmentActionKind.TightenFilters => "Input and output safety filters switch to a stricter policy; more borderline requests are refused.",
        ContainmentActionKind.RateLimit => "Request limits are lowered so a fault or an abuser reaches fewer people per minute.",
        _ => "The model's decisions are queued for human review instead of being applied automatically.",
    };

    /// <summary>Destructive actions take something away from users or operators; the UI asks for confirmation and a reason.</summary>
    public static bool IsDestructive(this ContainmentActionKind action) => action is ContainmentActionKind.DisableFeature
        or ContainmentActionKind.RollbackModel
        or ContainmentActionKind.RevokeAgentPermissions
        or ContainmentActionKind.PauseAutomatedDecisions;

    public static bool AppliesTo(this ContainmentActionKind action, AiSystemKind system) => system switch
    {
        AiSystemKind.Generative => action is ContainmentActionKind.RouteToFallback or ContainmentActionKind.DisableFeature
            or ContainmentActionKind.RollbackModel or ContainmentActionKind.TightenFilters or ContainmentActionKind.RateLimit,
        AiSystemKind.Agent => All.Contains(action),
        // A scoring model has no content filters to tighten and no tools to take away.
        AiSystemKind.Predictive => action is ContainmentActionKind.RouteToFallback or ContainmentActionKind.DisableFeature
            or ContainmentActionKind.RollbackModel or ContainmentActionKind.RateLimit or ContainmentActionKind.PauseAutomatedDecisions,
        _ => false,
    };

    /// <summary>The actions that make sense for this kind of system, gentlest first.</summary>
    public static IReadOnlyList<ContainmentActionKind> For(AiSystemKind system) => Ladder.Where(a => a.AppliesTo(system)).ToArray();

    /// <summary>Accepts the kebab code (<c>rollback-model</c>), the enum name (<c>RollbackModel</c>) or the title.</summary>
    public static ContainmentActionKind? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var normalized = Normalize(value);
        return All.Cast<ContainmentActionKind?>().FirstOrDefault(a =>
            Normalize(a!.Value.ToString()) == normalized || Normalize(a.Value.Code()) == normalized || Normalize(a.Value.Title()) == normalized);
    }

    /// <summary>What a person does by hand when the system has no control webhook, in the order to do it.</summary>
    public static IReadOnlyList<string> ManualChecklist(this ContainmentActionKind action) => action switch
    {
        ContainmentActionKind.RouteToFallback =>
        [
            "Flip the router or feature flag so requests go to the fallback path (previous model, rules engine or human queue).",
            "Send a test request and confirm from the response or the logs that the fallback answered it, not the failing model.",
            "Watch the fallback's error rate and latency for ten minutes: it now carries the full load.",
            "Tell support what users will see differently while the fallback serves.",
        ],
        ContainmentActionKind.DisableFeature =>
        [
            "Turn the feature flag off for every user and tenant, including internal and beta cohorts.",
            "Hide or disable the feature's entry points so users are not left with a broken button.",
            "Confirm in the production logs that no new requests reach the model through this feature.",
            "Publish the user-facing notice (status page or in-app banner) agreed with the Communications Lead.",
        ],
        ContainmentActionKind.RollbackModel =>
        [
            "Pin the serving config to the previous stable model version (and the previous system prompt, if that changed too).",
            "Redeploy and check that every replica reports the pinned version.",
            "Run the canary prompts or golden set and confirm they answer as the previous version did.",
            "Block automatic promotion in the pipeline so the faulty version is not redeployed.",
        ],
        ContainmentActionKind.RevokeAgentPermissions =>
        [
            "Revoke or rotate the agent's API keys, OAuth tokens and service-account credentials for every tool it can call.",
            "Remove write, send and payment permissions from the agent's role; leave read-only access only if the investigation needs it.",
            "Cancel the agent's queued and in-flight tasks and any scheduled runs.",
            "Attempt one tool call as the agent and confirm it is refused.",
            "Export the list of actions the agent took since the incident began and hand it to the Security Analyst.",
        ],
        ContainmentActionKind.TightenFilters =>
        [
            "Switch the input and output safety filters to the strict policy profile, or lower their thresholds.",
            "Add block rules for the prompts, patterns or topics seen in this incident.",
            "Replay the incident's example prompts and confirm they are now refused or answered safely.",
            "Watch the refusal rate on normal traffic so the stricter filter does not block legitimate use.",
        ],
        ContainmentActionKind.RateLimit =>
        [
            "Lower the per-user and global request limits for this system at the API gateway.",
            "If the incident has a source, apply the tightest limit to those keys, tenants or IP ranges first.",
            "Send a burst of test requests and confirm the excess is answered 429.",
            "Check queue depth and latency afterwards so callers are not timing out instead.",
        ],
        _ =>
        [
            "Switch the system to human review so decisions are queued for a person instead of applied.",
            "Stop the batch or scheduled jobs that apply the model's decisions.",
            "Confirm queued cases appear in the reviewers' tool and that someone is staffed to work them.",
            "List the decisions made automatically since the incident began so they can be reviewed or reversed.",
        ],
    };

    private static string Normalize(string value) =>
        new(value.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
