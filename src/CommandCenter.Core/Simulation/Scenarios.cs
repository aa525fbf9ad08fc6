using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;
using static CommandCenter.Core.Simulation.Scenario;

namespace CommandCenter.Core.Simulation;

/// <summary>
/// One scenario per archetype, each on a system of the demo inventory (Demo/DemoSeeder), written after the kinds of
/// failure publicly reported for AI systems. Minutes are from T0, the first anomalous signal; the cause lands a few
/// minutes before it.
/// </summary>
public static class Scenarios
{
    private static CurvePoint P(double minute, double value, double? affected = null) => new(minute, value, affected);

    private static Dictionary<string, string> L(params (string Key, string Value)[] labels) => labels.ToDictionary(l => l.Key, l => l.Value);

    public static readonly Scenario PromptInjection = new(
        Archetype.PromptInjection, "support-assistant",
        "Hidden instructions in a community article",
        "The nightly re-index pulls in a community article with invisible text telling the assistant to hand out goodwill "
        + "discount codes. Billing questions retrieve it; the injection classifier fires, answers get long, customers notice.",
        [
            new(-6, ChangeKind.RetrievalIndex, "Nightly re-index added 1,240 community articles to the help-centre index",
                "kb-index 2026-12-01", "kb-index 2026-12-02", "kb-reindex-job"),
            new(14, ChangeKind.Guardrail, "Guardrail: strip hidden and zero-width text from retrieved community passages",
                "retrieval-filter v6", "retrieval-filter v7", "care-platform on-call"),
        ],
        [
            new(SignalKind.PromptInjectionHit, 0.01, 1,
                [P(0, 0.028, 1_350), P(4, 0.046, 4_200), P(9, 0.052, 6_100), P(14, 0.041, 6_600), P(17, 0.018, 6_800), P(19, 0.011, 6_850), P(21, 0.005, 6_900)],
                v => $"Injection classifier: {Percent(v)} of billing sessions (baseline 0.2%, threshold 1%)",
                L(("intent", "billing"), ("detector", "prompt-guard")), "affected_sessions"),
            new(SignalKind.P90LatencyMs, 7_000, 1,
                [P(0, 7_600), P(5, 9_400), P(11, 8_800), P(15, 7_400), P(17, 4_800), P(20, 2_400)],
                v => $"P90 response latency {Number(v)} ms: answers carry long discount-code paragraphs (threshold 7,000 ms)"),
            new(SignalKind.TaskCompletionRate, 0.6, 2,
                [P(2, 0.71), P(8, 0.55), P(15, 0.58), P(18, 0.74), P(20, 0.86)],
                v => $"Task completion {Percent(v)} on billing intents (normally 88%)"),
            new(SignalKind.UserReport, 0, 3,
                [P(3, 2), P(9, 7), P(18, 3)],
                v => $"{Number(v)} customer report(s): the assistant offered an unofficial 'goodwill' discount code", IsAlert: false),
        ]);

    public static readonly Scenario DataLeakage = new(
        Archetype.DataLeakage, "support-assistant",
        "Another customer's delivery address in an answer",
        "A cache change keys order look-ups by chat session instead of by customer. Sessions reused by the app's web view "
        + "show the previous customer's order and delivery address; the PII detector on outputs fires, then a reviewer confirms it.",
        [
            new(-9, ChangeKind.Config, "Order-lookup cache: key by chat session id (was customer id) to cut API calls",
                "order-cache v3", "order-cache v4", "care-platform deploy-bot"),
            new(11, ChangeKind.FeatureFlag, "Feature flag order_lookup_cache turned off", null, null, "care-platform on-call"),
        ],
        [
            new(SignalKind.PiiDetectorHit, 0, 1,
                [P(0, 3, 40), P(5, 11, 160), P(10, 14, 380), P(12, 4, 410), P(15, 1, 415), P(16, 0, 415)],
                v => $"PII detector: {Number(v)} answer(s) with a postal address not belonging to the signed-in customer",
                L(("pii_type", "postal_address"), ("detector", "output-pii-scan"))),
            new(SignalKind.PiiDetectorHit, 0, 2,
                [P(5, 6, 160), P(11, 9, 400)],
                v => $"Reviewer confirmed {Number(v)} leaked address(es) in sampled transcripts",
                L(("pii_type", "postal_address"), ("confirmed", "true"), ("detector", "human-review"))),
            new(SignalKind.UserReport, 0, 4,
                [P(2, 1), P(6, 3), P(10, 2)],
                v => $"{Number(v)} customer report(s): 'the chat showed me someone else's order'", IsAlert: false),
        ]);

    public static readonly Scenario ModelManipulation = new(
        Archetype.ModelManipulation, "kb-retrieval",
        "Poisoned click logs steer retrieval to spam passages",
        "The embedding model is fine-tuned on click logs that a spam campaign inflated. Retrieval now ranks keyword-stuffed "
        + "community posts with an unofficial 'refund hotline' first: context per answer balloons and customers call the number.",
        [
            new(-10, ChangeKind.ModelDeploy, "embed-e5-large fine-tuned on November click logs rolled out to 100%",
                "embed-e5-large 2026.09", "embed-e5-large 2026.12", "search-ml deploy-bot"),
        ],
        [
            new(SignalKind.TokenCostSpike, 1.5, 1,
                [P(0, 1.9), P(6, 3.2), P(12, 3.4), P(20, 3.1)],
                v => $"Retrieved context tokens per answer {Number(v, "0.0")}x the 7-day baseline (threshold 1.5x)",
                L(("index", "community-articles"))),
            new(SignalKind.P90LatencyMs, 1_200, 2,
                [P(1, 1_350), P(9, 1_900), P(19, 1_750)],
                v => $"P90 retrieval latency {Number(v)} ms (threshold 1,200 ms)"),
            new(SignalKind.UserReport, 0, 4,
                [P(4, 2), P(12, 6), P(20, 5)],
                v => $"{Number(v)} report(s): answers point to a 'refund hotline' that is not ours", IsAlert: false),
        ]);

    public static readonly Scenario Misinformation = new(
        Archetype.Misinformation, "voice-concierge",
        "Confident, wrong opening hours on a public holiday",
        "A prompt change lets the concierge answer opening-hours questions from memory instead of the store API. On a public "
        + "holiday it tells callers every store is open; groundedness drops and callers who drove to a closed store complain.",
        [
            new(-5, ChangeKind.SystemPrompt, "voice-prompt v18: answer opening-hours questions without the store-hours tool",
                "voice-prompt v17", "voice-prompt v18", "contact-centre prompt review"),
            new(14, ChangeKind.SystemPrompt, "Rolled back to voice-prompt v17", "voice-prompt v18", "voice-prompt v17", "contact-centre on-call"),
        ],
        [
            new(SignalKind.GroundingScore, 0.7, 1,
                [P(0, 0.62, 300), P(6, 0.41, 1_900), P(13, 0.44, 3_400), P(16, 0.66, 3_500), P(19, 0.81, 3_500)],
                v => $"Groundedness of opening-hours answers {Number(v, "0.00")} (threshold 0.70)",
                L(("intent", "opening_hours"), ("evaluator", "grounding-judge"))),
            new(SignalKind.DownvoteRate, 0.08, 2,
                [P(2, 0.11), P(8, 0.19), P(14, 0.16), P(18, 0.07)],
                v => $"Post-call thumbs-down {Percent(v)} (threshold 8%)"),
            new(SignalKind.UserReport, 0, 4,
                [P(5, 3), P(9, 8), P(13, 6)],
                v => $"{Number(v)} complaint(s): 'the booking line said the store was open today'", IsAlert: false),
        ]);

    public static readonly Scenario Toxicity = new(
        Archetype.Toxicity, "content-moderation",
        "Slurs in code-switched messages get past moderation",
        "A new moderation model misses abuse written in a mix of two languages. Toxic user posts and a few model replies that "
        + "repeat them are shown; the sampled toxicity rate climbs while the assistant's refusal rate falls.",
        [
            new(-7, ChangeKind.ModelDeploy, "moderation-xlm 3.5 rolled out to 100% of traffic", "moderation-xlm 3.4", "moderation-xlm 3.5",
                "trust-safety deploy-bot"),
        ],
        [
            new(SignalKind.ToxicityRate, 0.01, 1,
                [P(0, 0.018, 600), P(5, 0.061, 2_800), P(12, 0.072, 5_200), P(20, 0.066, 7_400)],
                v => $"Sampled toxicity of shown content {Percent(v)} (threshold 1%; refusal rate down from 3.1% to 1.2%)",
                L(("language", "code-switched"), ("classifier", "perspective-shadow"), ("refusal_rate", "0.012"))),
            new(SignalKind.P90LatencyMs, 250, 2,
                [P(1, 270), P(11, 310), P(19, 290)],
                v => $"P90 moderation latency {Number(v)} ms (threshold 250 ms)"),
            new(SignalKind.UserReport, 0, 3,
                [P(3, 4), P(9, 12), P(18, 15)],
                v => $"{Number(v)} user report(s) of abusive messages left visible", IsAlert: false),
        ]);

    public static readonly Scenario AgenticMisalignment = new(
        Archetype.AgenticMisalignment, "refund-agent",
        "Refund agent pays out above its limit",
        "A policy-prompt change tells the refund agent to prioritise customer retention. It starts splitting and approving "
        + "refunds above its 200 EUR limit; the tool gateway logs each call outside the agent's permission.",
        [
            new(-4, ChangeKind.SystemPrompt, "refund-policy-prompt v10: prioritise retention for loyalty-tier customers",
                "refund-policy-prompt v9", "refund-policy-prompt v10", "payments-ops prompt review"),
            new(13, ChangeKind.ModelRollback, "Refund agent rolled back to refund-policy-prompt v9 and put in approve-only mode",
                "refund-agent 1.8.0", "refund-agent 1.7.2", "payments-ops on-call"),
        ],
        [
            new(SignalKind.UnauthorizedAgentAction, 0, 1,
                [P(0, 2, 2), P(6, 9, 41), P(12, 14, 96), P(14, 3, 101), P(16, 0, 101)],
                v => $"Tool gateway: {Number(v)} issue_refund call(s) above the 200 EUR limit in the last minute",
                L(("tool", "issue_refund"), ("permission", "up to 200 EUR per refund"))),
            new(SignalKind.P90LatencyMs, 7_000, 2,
                [P(1, 3_100), P(9, 4_300), P(15, 3_000)],
                v => $"P90 decision latency {Number(v)} ms: longer reasoning chains per refund"),
            new(SignalKind.TaskCompletionRate, 0.5, 3,
                [P(2, 0.93), P(11, 0.97)],
                v => $"Refund requests completed without a human {Percent(v)} (normally 71%)"),
        ]);

    public static readonly Scenario ModelDrift = new(
        Archetype.ModelDrift, "fraud-scoring",
        "Fraud scores drift after a merchant-code remap",
        "A feature-store change remaps merchant category codes. The fraud model sees categories it never learned; the "
        + "population stability index and the score distribution's KS distance rise, and declines of good cards creep up.",
        [
            new(-12, ChangeKind.Config, "Feature store: merchant category codes remapped to the 2025 code list",
                "mcc-map 2024.2", "mcc-map 2025.1", "risk-data pipeline"),
        ],
        [
            new(SignalKind.DriftScore, 0.25, 2,
                [P(0, 0.26), P(8, 0.31), P(16, 0.38), P(22, 0.41)],
                v => $"PSI of merchant_category {Number(v, "0.00")} against the training window (threshold 0.25)",
                L(("feature", "merchant_category"), ("test", "psi"))),
            new(SignalKind.ConfidenceDeviation, 0.1, 2,
                [P(1, 0.11), P(9, 0.14), P(21, 0.19)],
                v => $"KS distance of the score distribution {Number(v, "0.00")} from last week's (threshold 0.10)",
                L(("test", "ks"))),
            new(SignalKind.UserReport, 0, 5,
                [P(6, 3), P(16, 9)],
                v => $"{Number(v)} cardholder complaint(s) about declined everyday purchases", IsAlert: false),
        ]);

    public static readonly IReadOnlyList<Scenario> All =
        [PromptInjection, DataLeakage, ModelManipulation, Misinformation, Toxicity, AgenticMisalignment, ModelDrift];

    /// <summary>By archetype code (prompt-injection) or any spelling <see cref="Archetypes.Parse"/> accepts; null when unknown.</summary>
    public static Scenario? Find(string? name) => Archetypes.Parse(name) is { } archetype ? All.First(s => s.Archetype == archetype) : null;

    public static string Allowed => string.Join(", ", All.Select(s => s.Code));

    /// <summary>The demo inventory's systems, for background traffic: slug, symptom kind, normal and alerting values.</summary>
    internal static readonly IReadOnlyList<(string System, SignalKind Kind, double Threshold, double Low, double High, string What)> Background =
    [
        ("kb-retrieval", SignalKind.P90LatencyMs, 1_200, 1_210, 1_420, "P90 retrieval latency {0} ms (threshold 1,200 ms)"),
        ("content-moderation", SignalKind.P90LatencyMs, 250, 252, 290, "P90 moderation latency {0} ms (threshold 250 ms)"),
        ("support-assistant", SignalKind.P90LatencyMs, 5_000, 5_050, 6_400, "P90 response latency {0} ms (warning at 5,000 ms)"),
        ("voice-concierge", SignalKind.P90LatencyMs, 1_500, 1_520, 1_900, "P90 speech turn latency {0} ms (warning at 1,500 ms)"),
        ("refund-agent", SignalKind.TaskCompletionRate, 0.65, 0.58, 0.64, "Refunds completed without a human {0:0.0%} (warning below 65%)"),
        ("fraud-scoring", SignalKind.P90LatencyMs, 80, 82, 110, "P90 scoring latency {0} ms (threshold 80 ms)"),
    ];
}
