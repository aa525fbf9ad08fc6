using CommandCenter.Core.Incidents;
using CommandCenter.Core.Systems;

namespace CommandCenter.Core.Detection;

/// <summary>A first step worth trying, and why it fits.</summary>
public sealed record Mitigation(string Step, string Why);

/// <summary>
/// The remediation table: what to try first for each archetype, with steps that only make sense for some kinds of
/// system (an agent's permissions, a predictive model's decision threshold). Playbooks (a later issue) replace it.
/// </summary>
public static class KnownMitigations
{
    private static readonly IReadOnlyDictionary<Archetype, Mitigation[]> ByArchetype = new Dictionary<Archetype, Mitigation[]>
    {
        [Archetype.PromptInjection] =
        [
            new("Tighten the input and retrieval filters for the pattern that got through", "stops new injected instructions reaching the model"),
            new("Pull suspect documents out of the retrieval index until they are scanned", "injections often hide in retrieved content, not in the chat"),
            new("Rate-limit the sessions or clients sending the payloads", "slows an attacker who is iterating on the prompt"),
            new("Add an output guardrail that blocks what the injection tries to make the model do", "limits harm while the input side is fixed"),
        ],
        [Archetype.DataLeakage] =
        [
            new("Block the leaking response path: disable the feature or route to a fallback", "every further answer may expose more records"),
            new("Scope the exposure: which records, which users, since when", "decides whether the GDPR 72-hour clock starts"),
            new("Remove the sensitive documents from the retrieval index and caches", "leaks usually come from what the model can read"),
            new("Tell Legal now if personal data is confirmed", "notification deadlines run from awareness, not from the fix"),
        ],
        [Archetype.ModelManipulation] =
        [
            new("Roll back to the previous stable model version", "a poisoned or tampered model cannot be patched in place"),
            new("Verify model weights and training data against their recorded checksums", "tells tampering apart from an honest regression"),
            new("Freeze retraining and index updates until the source is found", "keeps poisoned data from spreading further"),
        ],
        [Archetype.Misinformation] =
        [
            new("Add output validation or grounding checks for the affected topics", "catches confident answers without support"),
            new("Put a person in the loop for high-stakes answers", "stops wrong answers reaching users while the cause is found"),
            new("Check the retrieval index for stale or wrong source documents", "bad sources are the usual cause of confident errors"),
            new("Roll back the last model or system-prompt change if it preceded the errors", "recent changes are the most likely cause"),
        ],
        [Archetype.Toxicity] =
        [
            new("Tighten the output safety filters and moderation thresholds", "blocks harmful output immediately"),
            new("Lower sampling temperature or revert the system-prompt change", "reduces the model's drift into unsafe content"),
            new("Route flagged conversations to human moderation", "protects users while filters are tuned"),
        ],
        [Archetype.AgenticMisalignment] =
        [
            new("Revoke the agent's write permissions (keep read-only)", "stops actions beyond its mandate at once"),
            new("Add an approval gate for the actions it took wrongly", "lets the business continue with a person deciding"),
            new("Review and reverse the actions already taken", "the damage is in what was done, not only in what comes next"),
            new("Roll back the agent or tool-schema version that preceded it", "tool and schema changes are a common cause"),
        ],
        [Archetype.ModelDrift] =
        [
            new("Compare live input distributions with the training baseline per feature", "finds which population moved"),
            new("Fall back to rules or the previous model for the drifted segment", "limits wrong decisions while retraining"),
            new("Schedule retraining on recent labelled data", "drift is fixed by learning the new world, not by a rollback alone"),
        ],
    };

    public static IReadOnlyList<Mitigation> For(Archetype archetype, AiSystemKind systemKind, bool hasFallback)
    {
        var steps = new List<Mitigation>();
        if (hasFallback && archetype != Archetype.ModelDrift)
        {
            steps.Add(new("Route traffic to the system's fallback while investigating", "the inventory says a fallback exists for this system"));
        }
        steps.AddRange(ByArchetype[archetype]);
        switch (systemKind)
        {
            case AiSystemKind.Agent when archetype != Archetype.AgenticMisalignment:
                steps.Add(new("Revoke the agent's write permissions until the cause is known", "an agent turns a model fault into actions"));
                break;
            case AiSystemKind.Predictive:
                steps.Add(new("Pause automated decisions or raise the review threshold", "a scoring model's errors become decisions about people"));
                break;
        }
        return steps;
    }
}
