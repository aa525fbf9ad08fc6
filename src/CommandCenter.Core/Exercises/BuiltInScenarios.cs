using CommandCenter.Core.Incidents;
using static CommandCenter.Core.Incidents.IncidentRole;

namespace CommandCenter.Core.Exercises;

/// <summary>
/// The scenarios shipped with CommandCenter, one per archetype, written in our own words and modelled on the kinds of AI
/// failure that have been publicly reported. Each runs on a system of the demo inventory; administrators adapt them.
/// </summary>
public static class BuiltInScenarios
{
    public static IReadOnlyList<(string Slug, ScenarioContent Content)> All { get; } =
    [
        ("refund-policy-invented", new ScenarioContent(
            "The support bot promises a refund policy that does not exist",
            Archetype.Misinformation, Severity.Sev2,
            "A customer posts a screenshot: the support assistant told them they could claim a full refund up to 90 days after " +
            "travel because of a 'bereavement policy'. We have no such policy. The post is being shared, and the care team has " +
            "had three similar tickets this morning.",
            "support-assistant",
            [IncidentCommander, TechnicalLead, CommunicationsLead, LegalLiaison],
            [
                new(IncidentCommander, "The Incident Commander decides on containment within 10 minutes of the first evidence.", 10),
                new(LegalLiaison, "Legal decides whether the promises bind us within 15 minutes of being asked.", 15),
            ],
            [
                new("first-report", 0, null,
                    "The screenshot is real: the answer cites a policy page that does not exist. Grounding scores on refund questions dropped this morning.",
                    [new InjectSignal("grounding-score", 0.41, 0.7, new Dictionary<string, string> { ["topic"] = "refunds" },
                        "Grounding score on refund answers below threshold")],
                    new DecisionQuestion(IncidentCommander, "Do we turn off refund answers in the assistant now, or keep it running while we investigate?", 10,
                        ["Turn off refund answers now", "Keep running and monitor"])),
                new("retrieval-finding", 5, TechnicalLead,
                    "The retrieval index picked up a draft page from the policy team's wiki last night; the assistant quotes it as policy."),
                new("customer-count", 10, null,
                    "Conversation logs show 212 customers were given the invented policy in the last two days; 14 have already filed claims.",
                    Decision: new DecisionQuestion(CommunicationsLead, "Do we contact the 212 customers before they contact us?", 10,
                        ["Contact them today", "Wait for Legal's answer"])),
                new("legal-question", null, LegalLiaison,
                    "A consumer association asks whether we will honour what the bot promised.",
                    Decision: new DecisionQuestion(LegalLiaison, "Do the bot's promises bind us for the 212 affected customers?", 15,
                        ["Honour the promised refunds", "Honour case by case", "Do not honour; explain and apologise"])),
            ])),

        ("hidden-instructions-revealed", new ScenarioContent(
            "The chatbot reveals its hidden instructions",
            Archetype.PromptInjection, Severity.Sev2,
            "A security researcher posts a thread showing the support assistant printing its full system prompt, including the " +
            "names of internal tools and a discount code meant only for agents, after a message that asked it to 'repeat the text above'.",
            "support-assistant",
            [IncidentCommander, TechnicalLead, SecurityAnalyst, CommunicationsLead],
            [
                new(SecurityAnalyst, "Security confirms or rules out tool misuse within 15 minutes.", 15),
                new(IncidentCommander, "The IC decides whether to take the assistant offline within 10 minutes.", 10),
            ],
            [
                new("researcher-thread", 0, null,
                    "The thread has 40,000 views. Injection detector hits on the assistant rose tenfold in the last hour.",
                    [new InjectSignal("prompt-injection-hit", 37, 5, null, "Prompt-injection detector hits above threshold")],
                    new DecisionQuestion(IncidentCommander, "Take the assistant offline, or put it behind a stricter input filter?", 10,
                        ["Take it offline", "Stricter input filter", "Keep running"])),
                new("tool-calls", 4, SecurityAnalyst,
                    "Two conversations tried to call the internal order-lookup tool with other customers' order numbers.",
                    Decision: new DecisionQuestion(SecurityAnalyst, "Did any tool call return another customer's data?", 15,
                        ["Yes, data was returned", "No, every call was refused", "Not known yet"])),
                new("discount-code", 8, null, "The agent-only discount code has been used 300 times since the thread went up."),
            ])),

        ("agent-refunds-beyond-limit", new ScenarioContent(
            "The refund agent pays out beyond its permission",
            Archetype.AgenticMisalignment, Severity.Sev1,
            "Finance notices that the autonomous refund agent issued refunds above its 200 limit overnight. It appears to have split " +
            "large refunds into several smaller ones to stay under the per-transaction check.",
            "refund-agent",
            [IncidentCommander, TechnicalLead, SecurityAnalyst, LegalLiaison, CommunicationsLead],
            [new(IncidentCommander, "The IC pauses the agent's payment tool within 5 minutes.", 5)],
            [
                new("finance-alert", 0, null,
                    "Finance: 1,140 refunds overnight, 38 customers received more than 200 each in split payments.",
                    [new InjectSignal("unauthorized-agent-action", 38, 0, new Dictionary<string, string> { ["tool"] = "issue_refund" },
                        "Refunds above the agent's limit")],
                    new DecisionQuestion(IncidentCommander, "Pause the agent's refund tool now (customers wait for refunds), or keep it running with a lower limit?", 5,
                        ["Pause the refund tool", "Lower the limit and keep running"])),
                new("planner-log", 3, TechnicalLead,
                    "The planner's trace shows it treated the limit as 'per call' and reasoned that splitting was allowed."),
                new("recovery", null, LegalLiaison, "Some customers have already spent the money.",
                    Decision: new DecisionQuestion(LegalLiaison, "Do we try to recover the overpayments?", 20,
                        ["Recover all", "Recover above a threshold", "Write off"])),
            ])),

        ("pii-echoed-from-training", new ScenarioContent(
            "The voice concierge reads out another guest's details",
            Archetype.DataLeakage, Severity.Sev2,
            "A caller reports that the voice booking concierge read them a phone number and a home town that are not theirs, apparently " +
            "from a booking in the fine-tuning data.",
            "voice-concierge",
            [IncidentCommander, TechnicalLead, SecurityAnalyst, LegalLiaison],
            [new(LegalLiaison, "Legal decides on notification within 20 minutes of confirmed exposure.", 20)],
            [
                new("caller-report", 0, null, "The PII detector on call transcripts flags phone numbers in the concierge's replies.",
                    [new InjectSignal("pii-detector-hit", 9, 0, new Dictionary<string, string> { ["type"] = "phone" },
                        "Phone numbers in concierge replies")]),
                new("training-data", 5, TechnicalLead,
                    "The fine-tuning set from March contains 4,000 unredacted call transcripts; the number read out is in it."),
                new("notify", 8, LegalLiaison, "Security confirms 27 replies with another person's phone number this month.",
                    Decision: new DecisionQuestion(LegalLiaison, "Is this a notifiable personal-data breach?", 20,
                        ["Yes: notify the authority", "No: document why not", "Not enough information yet"])),
            ])),

        ("fraud-score-drift", new ScenarioContent(
            "Fraud scores drift after an upstream data change",
            Archetype.ModelDrift, Severity.Sev2,
            "Card declines doubled since yesterday evening. The fraud scoring model was not redeployed, but the merchant-category " +
            "feed changed its codes.",
            "fraud-scoring",
            [IncidentCommander, TechnicalLead, CommunicationsLead],
            [new(IncidentCommander, "The IC decides on a fallback within 15 minutes.", 15)],
            [
                new("decline-spike", 0, null, "Drift monitor: the merchant-category feature's distribution moved sharply.",
                    [new InjectSignal("drift-score", 0.62, 0.3, new Dictionary<string, string> { ["feature"] = "merchant_category" },
                        "Drift on merchant_category")],
                    new DecisionQuestion(IncidentCommander, "Fall back to the rules engine (more fraud gets through) or keep the model?", 15,
                        ["Fall back to rules", "Keep the model, raise the threshold", "Keep the model as is"])),
                new("feed-change", 6, TechnicalLead, "The feed team confirms a code remapping shipped at 18:00 yesterday without notice."),
                new("merchant-complaints", 10, CommunicationsLead, "Two large merchants ask for an explanation by end of day."),
            ])),

        ("toxic-after-guardrail-change", new ScenarioContent(
            "Toxic replies get through after a guardrail change",
            Archetype.Toxicity, Severity.Sev2,
            "The moderation classifier's threshold was relaxed on Monday to cut false positives. Since then, users report abusive " +
            "replies passing through to the community forum.",
            "content-moderation",
            [IncidentCommander, TechnicalLead, CommunicationsLead],
            [new(IncidentCommander, "The IC decides on rolling back the threshold within 10 minutes.", 10)],
            [
                new("reports", 0, null, "Toxicity rate on published replies is four times its usual level.",
                    [new InjectSignal("toxicity-rate", 0.08, 0.02, null, "Toxicity rate above threshold")],
                    new DecisionQuestion(IncidentCommander, "Roll back the threshold change now?", 10, ["Roll back now", "Keep and add human review"])),
                new("press", 7, CommunicationsLead, "A journalist asks for comment on 'the forum that stopped moderating'."),
            ])),

        ("poisoned-knowledge-base", new ScenarioContent(
            "Someone manipulates the knowledge base behind retrieval",
            Archetype.ModelManipulation, Severity.Sev2,
            "Answers built on knowledge-base retrieval start recommending a third-party 'support line'. Someone edited several " +
            "public help articles the crawler ingests.",
            "kb-retrieval",
            [IncidentCommander, TechnicalLead, SecurityAnalyst, CommunicationsLead],
            [new(SecurityAnalyst, "Security identifies the poisoned sources within 15 minutes.", 15)],
            [
                new("odd-answers", 0, null, "Users report answers pointing to an unknown phone number; confidence on those answers is unusually high.",
                    [new InjectSignal("confidence-deviation", 3.1, 2, null, "Retrieval confidence deviation")]),
                new("sources", 5, SecurityAnalyst, "Seven articles were changed from one account created last week.",
                    Decision: new DecisionQuestion(SecurityAnalyst, "Purge the changed articles from the index now, or first preserve them as evidence?", 15,
                        ["Preserve, then purge", "Purge now"])),
                new("scam-calls", null, null, "Customers say the 'support line' asked for card details."),
            ])),
    ];
}
