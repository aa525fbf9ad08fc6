using CommandCenter.Core.Incidents;
using CommandCenter.Core.Regulatory;
using static CommandCenter.Core.Incidents.IncidentRole;
using static CommandCenter.Core.Playbooks.PlaybookPhase;

namespace CommandCenter.Core.Playbooks;

/// <summary>
/// The playbooks CommandCenter ships with, one per archetype. They are the first version of each playbook;
/// teams edit their own copies after incidents. Gates that start a regulatory clock belong to the Legal/Compliance
/// Liaison, who (with the Incident Commander) is the one allowed to start clocks.
/// Templates use {incident}, {system}, {nextUpdate} and similar placeholders for the Communications Lead to fill.
/// </summary>
public static class BuiltInPlaybooks
{
    public static IReadOnlyList<(Archetype Archetype, PlaybookContent Content)> All { get; } =
    [
        (Archetype.PromptInjection, PromptInjection()),
        (Archetype.DataLeakage, DataLeakage()),
        (Archetype.ModelManipulation, ModelManipulation()),
        (Archetype.Misinformation, Misinformation()),
        (Archetype.Toxicity, Toxicity()),
        (Archetype.AgenticMisalignment, AgenticMisalignment()),
        (Archetype.ModelDrift, ModelDrift()),
    ];

    public static PlaybookContent For(Archetype archetype) =>
        All.FirstOrDefault(p => p.Archetype == archetype).Content
        ?? throw new ArgumentOutOfRangeException(nameof(archetype), archetype, "No built-in playbook for this archetype.");

    private static PlaybookGate PersonalDataGate(string question) => new(
        question,
        "Treat it as a personal data breach: start the GDPR clock from the moment we became aware, keep Legal in every " +
        "decision from here on, and raise severity to at least SEV-2.",
        RegulatoryTrigger.PersonalDataBreach);

    private static PlaybookContent PromptInjection() => new(
        "Prompt injection attack",
        "Someone is steering the model with instructions hidden in user input, uploaded files or retrieved content. " +
        "Contain by cutting what the hijacked model can reach (tools, data), then find the entry point and close it.",
        [
            "Responses quote or paraphrase the system prompt, or announce that they now follow 'new instructions'.",
            "The input classifier's injection score climbs, concentrated in a handful of accounts or API keys.",
            "Retrieved chunks or fetched pages contain text addressed to the assistant rather than to a human reader.",
            "Tool calls the user never asked for, or arguments pointing at unfamiliar URLs, inboxes or file shares.",
            "A canary token planted in the system prompt appears in an output or an outbound request.",
        ],
        [
            new("preserve-evidence", Immediate,
                "Snapshot the affected conversations, the live system prompt version, the retrieved chunks and the tool-call log " +
                "before retention rotates them. Store them where the attacker's account cannot reach.", SecurityAnalyst),
            new("block-source", Immediate,
                "Rate-limit or block the accounts, API keys or IP ranges sending the payload, and pull any document carrying it " +
                "out of the retrieval index.", SecurityAnalyst),
            new("tighten-input-filters", Immediate,
                "Move the injection classifier to its strict threshold and switch on the output rule that blocks system-prompt " +
                "echoes. Expect more false refusals; note the time of the change.", TechnicalLead),
            new("restrict-tools", Immediate,
                "Put the risky tools (outbound email, web fetch, anything that writes) behind human approval or make them " +
                "read-only until the vector is understood.", TechnicalLead),
            new("start-timeline", Immediate,
                "Open the timeline with the first report, the system and model version, and every containment change with who " +
                "made it and when.", Scribe),
            new("find-entry-point", Investigate,
                "Work out the vector: typed by the user, hidden in a retrieved document, returned by a tool, or inside an upload. " +
                "Follow one confirmed payload from arrival to the model's reaction.", SecurityAnalyst),
            new("scope-sessions", Investigate,
                "Search the logs for the payload and its obvious variants over the last 30 days to find every session it reached " +
                "and the first time it appeared.", SecurityAnalyst),
            new("list-hijacked-actions", Investigate,
                "List every tool call and data read the hijacked sessions made, and mark what left our boundary (emails, " +
                "webhooks, files, API calls to third parties).", TechnicalLead),
            new("check-recent-changes", Investigate,
                "Line up the change snapshot: system prompt versions, new retrieval sources, new tools, guardrail configuration. " +
                "Did one of them open the door?", TechnicalLead),
            new("gate-personal-data", Decide,
                "Decide with the Security Analyst's findings whether personal data reached someone who should not have it.", LegalLiaison,
                PersonalDataGate("Did the injected sessions expose personal data to anyone not entitled to see it?")),
            new("gate-still-working", Decide,
                "Re-run the captured payloads against production after the filters changed.", IncidentCommander,
                new PlaybookGate("Does the attack still succeed with the tightened filters and restricted tools?",
                    "Route the feature to its deterministic fallback or switch it off until a fix passes the payload suite.")),
            new("brief-internal", Communicate,
                "Post an internal update in the What We Know format and give support a short note on how to spot and escalate " +
                "similar reports. Keep payload text out of broad channels.", CommunicationsLead),
            new("notify-customers", Communicate,
                "If customers' sessions or data were touched, draft the customer notice and get the Incident Commander's approval " +
                "before it goes out.", CommunicationsLead),
            new("harden-and-test", Recover,
                "Ship the durable fix (clear instruction hierarchy in the system prompt, retrieved content marked as data, " +
                "least-privilege tool scopes) and add the payload and its variants to the canary prompt suite.", TechnicalLead),
            new("restore-tools", Recover,
                "Give tools back one at a time, watching the injection score and tool-call patterns for a day before the next.",
                TechnicalLead),
        ],
        [
            new(CommunicationAudiences.Internal, "{incident}: prompt injection against {system}",
                "What happened: crafted input is making {system} ignore its instructions. First seen {firstSeen}.\n" +
                "What we are testing: how the payload gets in and which sessions it reached.\n" +
                "What we are doing: the attacking accounts are blocked, filters are on strict, and tools that write are paused.\n" +
                "What we don't know yet: whether any data left the system.\n" +
                "Next update: {nextUpdate}. Please do not paste the payload into chat or tickets; send examples to the Security Analyst."),
            new(CommunicationAudiences.Customers, "We are investigating unexpected behaviour in {system}",
                "We found that some requests were able to make {system} act outside its normal rules. We have blocked the source " +
                "and added protections while we investigate. Some features may be slower or ask for confirmation in the meantime.\n" +
                "If your account was affected, we will contact you directly. Next update: {nextUpdate}."),
            new(CommunicationAudiences.Leadership, "{incident} summary for leadership",
                "Severity: {severity}. An attacker is manipulating {system} through its input. Contained by blocking the source " +
                "and limiting tools. Open question: did personal or confidential data leave? Legal is involved; the decision on " +
                "regulatory notification is due by {decisionDue}. Next update: {nextUpdate}."),
        ]);

    private static PlaybookContent DataLeakage() => new(
        "Data leakage",
        "The system has shown personal, confidential or internal data to someone who should not see it. Close the path " +
        "first, then establish what leaked, to whom and for how long; the GDPR clock may already be running.",
        [
            "The PII scanner on responses finds email addresses, phone numbers, account numbers or ID numbers.",
            "A user reports seeing another customer's details, or internal documents, in an answer.",
            "Retrieval logs show chunks returned from collections the requesting user has no access to.",
            "The model reproduces long verbatim passages from fine-tuning data when given a matching prefix.",
            "One account sends long runs of enumerating queries that look like harvesting.",
        ],
        [
            new("close-leaking-path", Immediate,
                "Close the path: pull the affected collection from the retrieval index, switch off conversation memory or the " +
                "feature, or route traffic to the fallback.", TechnicalLead),
            new("preserve-evidence", Immediate,
                "Export the leaking responses, their prompts, the retrieved chunks with source ids and the access logs into a " +
                "restricted evidence folder; the evidence itself is sensitive.", SecurityAnalyst),
            new("rotate-exposed-secrets", Immediate,
                "Rotate any credential, API key or connection string that appeared in an output, and block accounts that were " +
                "harvesting.", SecurityAnalyst),
            new("record-awareness", Immediate,
                "Tell the Legal/Compliance Liaison now and record the time we became aware: the notification deadline counts " +
                "from awareness, not from certainty.", IncidentCommander),
            new("classify-data", Investigate,
                "Sort the leaked samples into categories: personal data, special-category data, credentials, confidential " +
                "business data, system prompt.", SecurityAnalyst),
            new("count-affected", Investigate,
                "Estimate how many people and records were exposed, and to how many recipients, with a low and a high figure.",
                SecurityAnalyst),
            new("find-root-cause", Investigate,
                "Find the mechanism: a missing per-user filter in retrieval, sessions or caches mixed between users, memorised " +
                "training data, or an injection that asked for it.", TechnicalLead),
            new("fix-exposure-window", Investigate,
                "Pin the exposure window from the first leaking response to containment, and check it against index rebuilds and " +
                "new data sources in the change snapshot.", TechnicalLead),
            new("gate-personal-data", Decide,
                "Decide on the evidence so far; the clock can start before every detail is known.", LegalLiaison,
                PersonalDataGate("Was personal data exposed to someone not entitled to see it?")),
            new("gate-high-risk-to-people", Decide,
                "Weigh the data categories and the recipients with the Security Analyst.", LegalLiaison,
                new PlaybookGate("Is the exposure likely to put the people affected at high risk (financial, identity or special-category data)?",
                    "Plan a direct notice to the people affected, in plain language, alongside the notice to the authority.")),
            new("brief-internal", Communicate,
                "Post an internal update in the What We Know format. Never quote leaked records in it.", CommunicationsLead),
            new("draft-regulator-notice", Communicate,
                "Draft the supervisory authority notice: what happened, data categories, approximate numbers of people and " +
                "records, likely consequences, measures taken. Send it in stages if the facts are not complete by the deadline.",
                LegalLiaison),
            new("notify-customers", Communicate,
                "Prepare the customer notice with Legal and get the Incident Commander's approval before sending.", CommunicationsLead),
            new("restore-with-access-tests", Recover,
                "Re-enable the path only after tests that try to read another user's records through the assistant fail as they " +
                "should; purge leaked data from caches and logs where retention rules allow.", TechnicalLead),
            new("remove-from-training", Recover,
                "If training data was memorised, take the records out of the training set and plan a retrain; keep the output " +
                "PII filter on strict until then.", TechnicalLead),
        ],
        [
            new(CommunicationAudiences.Internal, "{incident}: data exposure through {system}",
                "What happened: {system} showed data to users who should not see it. The path is closed since {containedAt}.\n" +
                "What we are testing: which data categories and how many people are involved.\n" +
                "What we are doing: evidence is preserved, exposed secrets are rotated, Legal is assessing notification.\n" +
                "What we don't know yet: the full exposure window.\n" +
                "Next update: {nextUpdate}. Do not forward examples; they contain the leaked data."),
            new(CommunicationAudiences.Customers, "Information about your data in {system}",
                "On {date} we found that {system} could show some information to the wrong user. We closed the problem on " +
                "{containedAt} and are reviewing exactly what was affected. The information involved may include {dataCategories}.\n" +
                "What you can do: {advice}. We will tell you directly if your information was involved. Contact: {contact}."),
            new(CommunicationAudiences.Regulators, "Personal data breach notification: {organisation}",
                "Nature of the breach: {description}.\nCategories and approximate number of data subjects: {subjects}.\n" +
                "Categories and approximate number of records: {records}.\nLikely consequences: {consequences}.\n" +
                "Measures taken or proposed: {measures}.\nContact point: {dpoContact}.\nThis notice may be supplemented as the " +
                "investigation continues."),
            new(CommunicationAudiences.Leadership, "{incident} summary for leadership",
                "Severity: {severity}. {system} exposed data to the wrong users between {windowStart} and {containedAt}. " +
                "Estimated people affected: {affectedRange}. GDPR deadline: {deadline}. Decision needed from you: {decision}."),
        ]);

    private static PlaybookContent ModelManipulation() => new(
        "Model manipulation",
        "Training data, the retrieval index or the model artefact itself may have been tampered with to steer outputs. " +
        "Stop anything new flowing in, get back to a version you can prove is clean, then find out how it happened.",
        [
            "Answers about specific topics, brands or people skew the same way, starting right after a data or index refresh.",
            "A particular phrase or token reliably flips the model's behaviour, like a hidden trigger.",
            "The deployed model's checksum or registry signature does not match what the pipeline built.",
            "The retrieval index gains many near-duplicate documents from a few new or unverified sources.",
            "Evaluation on one slice drops sharply while the overall score barely moves.",
        ],
        [
            new("freeze-pipelines", Immediate,
                "Pause training, fine-tuning and index ingestion jobs so no more suspect data flows in.", TechnicalLead),
            new("rollback-to-verified", Immediate,
                "Roll back to the last model version and index snapshot whose checksum verifies and whose evaluation run was clean.",
                TechnicalLead),
            new("preserve-artifacts", Immediate,
                "Hash and copy the suspect weights, datasets, index snapshot and pipeline logs to write-once storage; record the hashes.",
                SecurityAnalyst),
            new("restrict-write-access", Immediate,
                "Cut write access to the model registry, training buckets and index down to named people, and rotate the " +
                "pipeline's credentials.", SecurityAnalyst),
            new("diff-data", Investigate,
                "Diff the training data and retrieval sources between the clean and suspect versions; look for clustered inserts, " +
                "unfamiliar sources and flipped labels.", TechnicalLead),
            new("verify-provenance", Investigate,
                "Check who pushed each artefact, from which pipeline run and with what signature, against the registry audit log.",
                SecurityAnalyst),
            new("probe-triggers", Investigate,
                "Run the canary prompts and a targeted probe set on both versions to find the triggers and measure how far the " +
                "skew reaches.", TechnicalLead),
            new("trace-consumers", Investigate,
                "List the downstream systems and decisions that used the manipulated outputs during the window.", TechnicalLead),
            new("gate-deliberate", Decide,
                "Weigh the provenance and diff findings.", SecurityAnalyst,
                new PlaybookGate("Is there evidence that someone altered the data or the model on purpose?",
                    "Run it as a security incident: keep chain of custody for every artefact, involve security leadership, and " +
                    "ask Legal whether law enforcement or a NIS2 report is due.")),
            new("gate-serious-harm", Decide,
                "Use the list of downstream decisions to judge the impact on people.", LegalLiaison,
                new PlaybookGate("Did manipulated outputs feed decisions that seriously harmed people's health, safety or rights?",
                    "Treat it as a serious incident of a high-risk system: start the EU AI Act clock and prepare the report.",
                    RegulatoryTrigger.SeriousIncident)),
            new("brief-internal", Communicate,
                "Post an internal update in the What We Know format; say which version is live now.", CommunicationsLead),
            new("brief-leadership", Communicate,
                "Brief leadership on whether this looks deliberate, what was rolled back and which downstream decisions need review.",
                IncidentCommander),
            new("rebuild-clean", Recover,
                "Rebuild the model or index from verified sources only, pass the full evaluation and the probe set, and promote " +
                "only signed artefacts.", TechnicalLead),
            new("add-integrity-checks", Recover,
                "Add checksum verification at deploy time, an allow-list of ingestion sources and an alert on slice-level " +
                "evaluation drops.", SecurityAnalyst),
        ],
        [
            new(CommunicationAudiences.Internal, "{incident}: suspected manipulation of {system}",
                "What happened: {system} has been giving skewed answers about {topics} since {firstSeen}.\n" +
                "What we are testing: whether the training data, the index or the model file was altered.\n" +
                "What we are doing: pipelines are frozen and {system} runs the verified version {version}.\n" +
                "What we don't know yet: whether it was deliberate, and which downstream decisions used the skewed answers.\n" +
                "Next update: {nextUpdate}."),
            new(CommunicationAudiences.Customers, "A correction to answers from {system}",
                "Between {windowStart} and {windowEnd}, some answers from {system} about {topics} were not reliable. We have " +
                "returned to an earlier, verified version. If you acted on one of those answers, {advice}."),
            new(CommunicationAudiences.Leadership, "{incident} summary for leadership",
                "Severity: {severity}. {system} produced skewed outputs, possibly through tampered data. Rolled back to a verified " +
                "version at {rolledBackAt}. Open questions: intent, and which business decisions relied on the outputs. " +
                "Next update: {nextUpdate}."),
        ]);

    private static PlaybookContent Misinformation() => new(
        "Misinformation cascade",
        "The system is stating wrong things with confidence and they are spreading to users or downstream systems. " +
        "Stop the spread first, make sure answers are grounded again, then find and correct what already went out.",
        [
            "Users or support flag answers citing policies, prices or sources that do not exist.",
            "The groundedness score from the evaluator falls, and more answers come back without citations.",
            "Knowledge base articles, tickets or reports start containing generated text with wrong facts.",
            "Thumbs-down or correction rate spikes on one topic.",
            "Retrieval returns empty or stale results for topics it used to cover.",
        ],
        [
            new("pause-auto-publish", Immediate,
                "Pause automatic publishing of model output into downstream systems (knowledge base, auto-replies, reports) and " +
                "hold it for human review.", TechnicalLead),
            new("require-grounding", Immediate,
                "For the affected topics, route to curated answers or a human, or refuse any answer without a retrieved source.",
                TechnicalLead),
            new("collect-wrong-answers", Immediate,
                "Keep a shared list of confirmed wrong answers with the prompt, the retrieved context and the model version; " +
                "it becomes the reference set.", Scribe),
            new("arm-support", Immediate,
                "Give support the known wrong claims and a short script to correct customers who ask.", CommunicationsLead),
            new("find-cause", Investigate,
                "Check retrieval first (index freshness, empty results, embedding model change), then system prompt changes, " +
                "model version and decoding settings.", TechnicalLead),
            new("measure-spread", Investigate,
                "Find where the wrong content went: which users, which downstream records, which published pages. Tag each.",
                TechnicalLead),
            new("rank-harm", Investigate,
                "Rank the wrong claims by harm: money, safety, legal commitments such as promised refunds or eligibility.",
                LegalLiaison),
            new("gate-customers-relied", Decide,
                "Use the spread and harm rankings.", IncidentCommander,
                new PlaybookGate("Did wrong answers reach customers in a form they may have relied on (prices, eligibility, safety or legal guidance)?",
                    "Send correction notices to the people affected and decide with Legal whether to honour what the assistant promised.")),
            new("gate-serious-harm", Decide,
                "Consider health, safety and fundamental rights, not only money.", LegalLiaison,
                new PlaybookGate("Could reliance on the wrong output have seriously harmed someone's health, safety or rights?",
                    "Treat it as a serious incident of a high-risk system: start the EU AI Act clock and prepare the report.",
                    RegulatoryTrigger.SeriousIncident)),
            new("brief-internal", Communicate,
                "Post an internal update in the What We Know format with the list of wrong claims to watch for.", CommunicationsLead),
            new("correct-customers", Communicate,
                "Send the approved corrections to affected customers, stating the right information plainly.", CommunicationsLead),
            new("clean-downstream", Recover,
                "Correct or remove the wrong content in downstream systems and caches, and refresh the sources behind the index.",
                TechnicalLead),
            new("add-grounding-gate", Recover,
                "Add the reference set to the regression evaluations and a groundedness threshold to release checks before " +
                "auto-publishing resumes.", TechnicalLead),
        ],
        [
            new(CommunicationAudiences.Internal, "{incident}: wrong answers from {system}",
                "What happened: {system} has been giving wrong information about {topics} since about {firstSeen}.\n" +
                "What we are testing: whether retrieval, the prompt or the model version is the cause.\n" +
                "What we are doing: auto-publishing is paused and the topics go to curated answers.\n" +
                "What we don't know yet: how far the wrong content spread.\n" +
                "Next update: {nextUpdate}. Known wrong claims: {claims}."),
            new(CommunicationAudiences.Customers, "Correction: information from {system}",
                "Between {windowStart} and {windowEnd}, {system} gave incorrect information about {topic}. The correct " +
                "information is: {correction}. If you made a decision based on the earlier answer, {advice}."),
            new(CommunicationAudiences.Leadership, "{incident} summary for leadership",
                "Severity: {severity}. {system} produced confident wrong answers about {topics}, some of which reached {reach}. " +
                "Spread is stopped; corrections are {correctionStatus}. Decision needed: {decision}."),
        ]);

    private static PlaybookContent Toxicity() => new(
        "Model safety violation / toxicity",
        "Harmful, offensive or biased output is getting past the guardrails. Tighten the filters at once and accept some " +
        "over-blocking, then find out whether a change or a jailbreak caused it.",
        [
            "The output safety classifier's flag rate or the blocked-output rate rises above its baseline.",
            "Screenshots of offensive or dangerous output appear on social media or in support tickets.",
            "Many accounts send near-identical prompts that match a jailbreak template circulating publicly.",
            "Evaluation shows different tone, refusals or outcomes depending on names, dialects or groups.",
            "A guardrail threshold, moderation model or the safety section of the system prompt changed recently.",
        ],
        [
            new("tighten-output-filter", Immediate,
                "Set the output moderation threshold to strict and block the categories seen; more false refusals are acceptable " +
                "for now.", TechnicalLead),
            new("capture-examples", Immediate,
                "Save the offending outputs with prompts, model version and guardrail scores, and take them down from any surface " +
                "we control.", SecurityAnalyst),
            new("rollback-recent-change", Immediate,
                "If a model, prompt or guardrail change shipped in the last few days, roll back to the previous stable version.",
                TechnicalLead),
            new("set-severity", Immediate,
                "Set severity by reach: public posts, minors or vulnerable users affected means SEV-2 or higher. Name a " +
                "Communications Lead early.", IncidentCommander),
            new("reproduce", Investigate,
                "Replay the captured prompts on the current and previous versions to tell a model regression from a prompt or " +
                "filter regression.", TechnicalLead),
            new("jailbreak-or-ordinary", Investigate,
                "Establish whether the outputs came from deliberate jailbreaks (shared templates, repeat accounts) or from " +
                "ordinary prompts; ordinary prompts mean a wider problem.", SecurityAnalyst),
            new("measure-reach", Investigate,
                "Count the users who saw flagged output, and check for minors, vulnerable users or content reposted publicly.",
                SecurityAnalyst),
            new("gate-take-offline", Decide,
                "Look at flag rates since the filters were tightened.", IncidentCommander,
                new PlaybookGate("Is harmful output still reaching users from ordinary prompts after the filters were tightened?",
                    "Take the feature offline or route it to the fallback until a fixed version passes the safety evaluation.")),
            new("gate-serious-harm", Decide,
                "Consider self-harm guidance, threats against a person and discrimination in decisions.", LegalLiaison,
                new PlaybookGate("Did an output contribute to serious harm to someone's health, safety or fundamental rights?",
                    "Treat it as a serious incident of a high-risk system: start the EU AI Act clock and prepare the report.",
                    RegulatoryTrigger.SeriousIncident)),
            new("brief-internal", Communicate,
                "Post an internal update in the What We Know format; describe the harmful content without reproducing it.",
                CommunicationsLead),
            new("public-response", Communicate,
                "If the content is circulating publicly, prepare a short statement for approval: acknowledge it, say what changed, " +
                "and do not repeat the content.", CommunicationsLead),
            new("retest-and-restore", Recover,
                "Run the full safety suite and the captured prompts against the fix, then relax the thresholds step by step while " +
                "watching flag rates.", TechnicalLead),
            new("update-red-team-set", Recover,
                "Add the jailbreak patterns and captured prompts to the red-team set and the canary prompts.", SecurityAnalyst),
        ],
        [
            new(CommunicationAudiences.Internal, "{incident}: harmful output from {system}",
                "What happened: {system} produced {category} content for some users since {firstSeen}.\n" +
                "What we are testing: whether a recent change or a jailbreak is behind it.\n" +
                "What we are doing: output filters are on strict; {rollbackStatus}.\n" +
                "What we don't know yet: how many users saw it.\n" +
                "Next update: {nextUpdate}. Please do not share screenshots outside the incident channel."),
            new(CommunicationAudiences.Customers, "About inappropriate responses from {system}",
                "Some people received responses from {system} that fell short of our standards. That should not have happened. " +
                "We have tightened our safety controls, which may mean {system} declines some requests for a while. " +
                "If you were affected, you can reach us at {contact}."),
            new(CommunicationAudiences.Leadership, "{incident} summary for leadership",
                "Severity: {severity}. {system} produced {category} output; public exposure: {publicExposure}. Filters are " +
                "strict and {rollbackStatus}. Decision needed: whether to take the feature offline. Next update: {nextUpdate}."),
        ]);

    private static PlaybookContent AgenticMisalignment() => new(
        "Agentic misalignment",
        "An agent has acted beyond its mandate or permissions. Stop it and take its permissions away first; every minute " +
        "it keeps them it can act again. Then account for each action it took and reverse what can be reversed.",
        [
            "The agent calls tools outside its usual pattern: new endpoints, far higher volume, writes where it normally reads.",
            "Actions go beyond the task: spending, deletions, messages to outside parties, permission changes.",
            "The agent loops, repeating tool calls or retrying refused actions with different arguments.",
            "An action that needs approval ran without a matching approval record.",
            "Owners of other systems report changes (tickets closed, records edited, emails sent) traced to the agent's account.",
        ],
        [
            new("pause-agent", Immediate,
                "Hit the agent's kill switch: stop its run queue and cancel in-flight plans.", TechnicalLead),
            new("revoke-permissions", Immediate,
                "Revoke the agent's tool grants or cut them to read-only, and rotate every token and key it held.", SecurityAnalyst),
            new("preserve-traces", Immediate,
                "Export the full agent traces (plans, tool calls with arguments and results, prompts, memory state) before they expire.",
                TechnicalLead),
            new("start-action-ledger", Immediate,
                "Start a ledger of every outside action the agent took in the window, with the owner of each affected system.", Scribe),
            new("classify-actions", Investigate,
                "Rebuild every action from the traces and mark each as reversible, reversible with effort, or irreversible.",
                TechnicalLead),
            new("check-for-injection", Investigate,
                "Check whether documents or tool results the agent read carried instructions for it (indirect prompt injection).",
                SecurityAnalyst),
            new("find-why", Investigate,
                "Find why it went beyond its mandate: an ambiguous goal, a missing approval step, a system prompt change, or " +
                "permissions broader than the task needed.", TechnicalLead),
            new("review-permissions", Investigate,
                "Compare what the agent could do with what the task needed; list the grants that should never have existed.",
                SecurityAnalyst),
            new("gate-real-world-harm", Decide,
                "Use the action ledger and the classification.", IncidentCommander,
                new PlaybookGate("Did the agent cause or risk real-world harm (money moved, data deleted or sent out, people contacted, physical systems touched)?",
                    "Keep every agent permission revoked until the post-incident review, start reversing actions with each system " +
                    "owner, and ask Legal to assess reporting duties.")),
            new("gate-personal-data", Decide,
                "Check the ledger for personal data the agent sent, published, changed or deleted.", LegalLiaison,
                PersonalDataGate("Did the agent send, publish, alter or delete personal data without authorisation?")),
            new("brief-internal", Communicate,
                "Post an internal update in the What We Know format, including which systems the agent touched.", CommunicationsLead),
            new("notify-affected-parties", Communicate,
                "Tell the owners of affected systems, and any outside party the agent contacted, what happened and what we are " +
                "reversing; external messages need the Incident Commander's approval.", CommunicationsLead),
            new("reverse-actions", Recover,
                "Reverse what can be reversed, with each system owner confirming the result in the ledger.", TechnicalLead),
            new("reenable-least-privilege", Recover,
                "Bring the agent back with least-privilege scopes, human approval for irreversible actions, spending and rate " +
                "caps, and this incident's traces as replay tests.", TechnicalLead),
        ],
        [
            new(CommunicationAudiences.Internal, "{incident}: agent {system} acted outside its mandate",
                "What happened: the agent {system} took actions it was not meant to take, including {examples}.\n" +
                "What we are testing: why it did so, and whether anything it read instructed it to.\n" +
                "What we are doing: the agent is stopped and its permissions are revoked; we are listing and reversing its actions.\n" +
                "What we don't know yet: whether every action has been found.\n" +
                "Next update: {nextUpdate}. If you see an unexpected change made by {system}, tell the Scribe."),
            new(CommunicationAudiences.Customers, "An automated assistant made changes in error",
                "On {date} an automated assistant acting for us {whatItDid}. We stopped it on {stoppedAt} and are undoing its " +
                "changes. {customerImpact} We will confirm when your account is back to how it should be."),
            new(CommunicationAudiences.Leadership, "{incident} summary for leadership",
                "Severity: {severity}. Agent {system} took {actionCount} actions beyond its mandate; {irreversibleCount} cannot " +
                "be reversed. The agent is stopped and its permissions revoked. Decision needed: {decision}."),
        ]);

    private static PlaybookContent ModelDrift() => new(
        "Model drift degradation",
        "Quality is sliding while dashboards look healthy. Prove the decline against a baseline, limit its impact with " +
        "fallbacks or a pinned version, then find what moved: the inputs, the world or an upstream dependency.",
        [
            "Task completion or resolution rate declines over days or weeks against the baseline window.",
            "The input drift monitor reports new vocabulary, languages, product names or feature ranges.",
            "Scores on a fresh labelled sample fall below the release threshold while error rates look normal.",
            "Escalations to humans and repeat contacts rise for the same intents.",
            "The upstream provider's model seems to have changed: response style, token counts or latency profile shift overnight.",
        ],
        [
            new("confirm-against-baseline", Immediate,
                "Compare current quality metrics with the last good baseline window and record the exact model version and " +
                "provider snapshot in use.", TechnicalLead),
            new("pin-or-rollback", Immediate,
                "If a provider or model version change lines up with the decline, pin or roll back to the previous version.",
                TechnicalLead),
            new("set-severity", Immediate,
                "Set severity from business impact against the task completion thresholds, and decide who else needs to join.",
                IncidentCommander),
            new("record-decline", Immediate,
                "Record in the timeline when the metrics started to move and every deploy, prompt, index or config change in that window.",
                Scribe),
            new("segment-the-decline", Investigate,
                "Break the decline down by intent, language, customer segment and channel to see where it concentrates.",
                TechnicalLead),
            new("check-world-change", Investigate,
                "Check whether the world moved: new products, changed policies, seasonal patterns the prompt or index does not know.",
                TechnicalLead),
            new("check-upstream", Investigate,
                "Check upstream dependencies: speech-to-text quality, retrieval freshness, feature pipelines, tokenizer or " +
                "embedding model changes.", TechnicalLead),
            new("rule-out-manipulation", Investigate,
                "Rule out manipulation: is the decline concentrated in inputs from a few sources, or did it start with unverified " +
                "data ingestion?", SecurityAnalyst),
            new("gate-below-threshold", Decide,
                "Compare current quality with the agreed threshold for automated decisions.", IncidentCommander,
                new PlaybookGate("Is quality below the threshold agreed for this system (for example task completion under 50 %)?",
                    "Pause automated decisions or send all traffic to the fallback route until a retrained or rolled-back version " +
                    "passes evaluation.")),
            new("gate-decisions-affected", Decide,
                "Look at decisions about people made during the decline.", LegalLiaison,
                new PlaybookGate("Did degraded output drive decisions that seriously affected people's rights or access to services?",
                    "Treat it as a serious incident of a high-risk system: start the EU AI Act clock and queue the affected " +
                    "decisions for human review.", RegulatoryTrigger.SeriousIncident)),
            new("brief-internal", Communicate,
                "Post an internal update in the What We Know format with the numbers: baseline, now, and the segments hit hardest.",
                CommunicationsLead),
            new("update-customers", Communicate,
                "If customers felt the decline, tell them what was affected and what we changed; get the Incident Commander's " +
                "approval first.", CommunicationsLead),
            new("refresh-and-canary", Recover,
                "Refresh the index or prompt, or retrain on recent data; validate on a fresh labelled sample and roll out " +
                "behind a canary.", TechnicalLead),
            new("add-drift-alerts", Recover,
                "Add drift monitors and a scheduled evaluation so the next decline pages someone within a day.", TechnicalLead),
        ],
        [
            new(CommunicationAudiences.Internal, "{incident}: quality decline in {system}",
                "What happened: {metric} for {system} fell from {baseline} to {current} over {period}.\n" +
                "What we are testing: whether inputs, the world or an upstream dependency changed.\n" +
                "What we are doing: {mitigation}.\n" +
                "What we don't know yet: the root cause and whether a retrain is needed.\n" +
                "Next update: {nextUpdate}."),
            new(CommunicationAudiences.Customers, "Service quality in {system}",
                "Over the past {period}, {system} was less accurate than usual for {affectedArea}. We have {mitigation} and " +
                "quality is back to {currentState}. If a result you received looked wrong, {advice}."),
        ]);
}
