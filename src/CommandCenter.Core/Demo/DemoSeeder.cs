using CommandCenter.Core.Accounts;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Persistence;
using CommandCenter.Core.Systems;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Core.Demo;

/// <summary>
/// A realistic first screen: a small AI inventory and incidents of different archetypes in different phases,
/// written through the domain (so their timelines, hashes and phase clocks are what real use would produce).
/// </summary>
public sealed class DemoSeeder(IDbContextFactory<CommandCenterDbContext> contextFactory, TimeProvider clock, Accounts.AccountService accounts)
{
    /// <summary>The shared password of the demo accounts (README lists them). Demo data only: never seeded otherwise.</summary>
    public const string DemoPassword = "war-room-demo";

    /// <summary>One account per role, named like the people in the demo incidents.</summary>
    public static readonly IReadOnlyList<(string UserName, string DisplayName, Accounts.OrgRole Role, string Plays)> DemoAccounts =
    [
        ("maya", "Maya Chen", Accounts.OrgRole.Responder, "Incident Commander"),
        ("tom", "Tom Okafor", Accounts.OrgRole.Responder, "Scribe"),
        ("priya", "Priya Raman", Accounts.OrgRole.Responder, "Technical Lead"),
        ("lars", "Lars Jensen", Accounts.OrgRole.Responder, "Security Analyst"),
        ("dana", "Dana Ortiz", Accounts.OrgRole.Responder, "Communications Lead"),
        ("noor", "Noor Haddad", Accounts.OrgRole.Responder, "Legal/Compliance Liaison"),
        ("sam", "Sam Rivera", Accounts.OrgRole.Responder, "Incident Commander"),
        ("alex", "Alex Morgan", Accounts.OrgRole.Leadership, "Leadership (read-only)"),
        ("admin", "Ada Admin", Accounts.OrgRole.Administrator, "Administrator"),
    ];

    /// <summary>Creates the demo accounts that do not exist yet.</summary>
    public async Task SeedAccountsAsync(CancellationToken cancellationToken = default)
    {
        var existing = (await accounts.ListAsync(cancellationToken)).Select(u => u.UserName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (userName, displayName, role, _) in DemoAccounts.Where(a => !existing.Contains(a.UserName)))
        {
            await accounts.CreateUncheckedAsync(new Accounts.CreateUser(userName, displayName, role.Code(), DemoPassword), cancellationToken);
        }
    }

    /// <summary>True once <see cref="SeedAsync"/> ran in this process: the demo's first run (the live demo feed plays then).</summary>
    public bool SeededThisRun { get; private set; }

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var seededAt = clock.GetUtcNow().UtcDateTime;
        AiSystem Register(string slug, AiSystemFields fields) => AiSystem.Register(slug, fields, "Demo data", seededAt);
        static SystemDependency On(string slug, string name) => new(DependencyDirection.Upstream, name, slug);
        static SystemDependency Uses(string name) => new(DependencyDirection.Upstream, name, null);
        static SystemDependency Feeds(string name) => new(DependencyDirection.Downstream, name, null);

        var retrieval = Register("kb-retrieval", new AiSystemFields("Knowledge-base retrieval", AiSystemKind.Predictive,
            "Embeds help-centre and community articles and ranks passages for the assistants.", "Search & Knowledge",
            "#kb-oncall · kb-oncall@example.com", RiskTier.Limited, EuAiActRole.Provider, DataCategories.None,
            "embed-e5-large 2026.09", "embed-e5-large 2026.06", null, null, ["help-centre-articles", "community-articles"], [],
            HasFallback: true, [Uses("Help-centre CMS"), Uses("Community forum export")]));
        var moderation = Register("content-moderation", new AiSystemFields("Content moderation classifier", AiSystemKind.Predictive,
            "Scores user input and model output for abuse, self-harm and injection patterns before they are shown.", "Trust & Safety Engineering",
            "PagerDuty: trust-safety-primary", RiskTier.High, EuAiActRole.Provider, DataCategories.PersonalData,
            "moderation-xlm 3.4", "moderation-xlm 3.3", null, null, [], [], HasFallback: false, []));
        var assistant = Register("support-assistant", new AiSystemFields("Support assistant (RAG chatbot)", AiSystemKind.Generative,
            "Answers customer questions about orders, billing and returns in the web and app chat, grounded in the knowledge base.",
            "Customer Care Platform", "PagerDuty: care-platform-primary · #care-incidents", RiskTier.Limited, EuAiActRole.Deployer,
            DataCategories.PersonalData, "care-llm 2026.11.1", "care-llm 2026.10.3", "care-prompt v42", "care-prompt v41",
            ["help-centre-articles", "community-articles"],
            [new("lookup_order", "read: the signed-in customer's orders"), new("handoff_refund", "write: hand a refund request to the refund agent")],
            HasFallback: true,
            [On("kb-retrieval", "Knowledge-base retrieval"), On("content-moderation", "Content moderation classifier"), Uses("Order history API"),
                new(DependencyDirection.Downstream, "Autonomous refund agent", "refund-agent")]));
        var voice = Register("voice-concierge", new AiSystemFields("Voice booking concierge", AiSystemKind.Agent,
            "Takes phone bookings and changes for stores and service appointments, speaking with callers in real time.",
            "Contact Centre Engineering", "PagerDuty: contact-centre-primary", RiskTier.Limited, EuAiActRole.Deployer,
            DataCategories.PersonalData, "voice-agent 4.2.0", "voice-agent 4.1.3", "voice-prompt v17", "voice-prompt v16", [],
            [new("create_booking", "write: bookings up to 8 people"), new("send_sms_confirmation", "write: one SMS per call")],
            HasFallback: true, [Uses("Speech-to-text vendor"), Uses("Booking API"), On("content-moderation", "Content moderation classifier")]));
        var refunds = Register("refund-agent", new AiSystemFields("Autonomous refund agent", AiSystemKind.Agent,
            "Decides and issues refunds for damaged or missing items without a human, within a per-refund limit.",
            "Payments Operations", "PagerDuty: payments-ops-primary · +44 20 7946 0000", RiskTier.High, EuAiActRole.Provider,
            DataCategories.PersonalData, "refund-agent 1.8.0", "refund-agent 1.7.2", "refund-policy-prompt v9", "refund-policy-prompt v8", [],
            [new("issue_refund", "write: up to 200 EUR per refund"), new("read_order", "read: order and delivery events")],
            HasFallback: true, [Uses("Payments API"), Feeds("Finance ledger")]));
        var fraud = Register("fraud-scoring", new AiSystemFields("Card fraud scoring model", AiSystemKind.Predictive,
            "Scores card-present and online transactions for fraud; scores above 0.7 are declined automatically.", "Risk Analytics",
            "PagerDuty: risk-models-primary", RiskTier.High, EuAiActRole.Provider, DataCategories.PersonalData,
            "fraud-gbm 2026-10-28", "fraud-gbm 2026-09-30", null, null, [], [], HasFallback: true,
            [Uses("Transaction feature store"), Feeds("Card authorisation service")]));
        db.AiSystems.AddRange(retrieval, moderation, assistant, voice, refunds, fraud);
        await db.SaveChangesAsync(cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        DateTime Ago(double minutes) => now.AddMinutes(-minutes);

        // 1. Prompt injection through a poisoned help-centre article: contained, full roster, a corrected note.
        var injection = Incident.Declare(await KeyAsync(db, now, cancellationToken),
            "Support assistant follows hidden instructions in a community article",
            "A community help article contains invisible text telling the assistant to hand out goodwill discount codes. "
            + "Retrieval pulls it into answers for billing questions.",
            Severity.Sev2, Archetype.PromptInjection, assistant, "Maya Chen", Ago(115), impactStartedAt: Ago(140));
        injection.AssignRole(IncidentRole.IncidentCommander, "Maya Chen", "Maya Chen", Ago(114));
        injection.AssignRole(IncidentRole.Scribe, "Tom Okafor", "Maya Chen", Ago(113));
        injection.AssignRole(IncidentRole.TechnicalLead, "Priya Raman", "Maya Chen", Ago(112));
        injection.AssignRole(IncidentRole.SecurityAnalyst, "Lars Jensen", "Maya Chen", Ago(111));
        injection.AssignRole(IncidentRole.CommunicationsLead, "Dana Ortiz", "Maya Chen", Ago(110));
        injection.Record(TimelineEntryKind.Signal, "Injection classifier hit rate 4.1% of sessions (baseline 0.2%), all on billing intents.",
            "Tom Okafor", Ago(109), occurredAt: Ago(118));
        injection.Record(TimelineEntryKind.Note, "Roughly 1,900 conversations since 09:40 UTC received a discount code.",
            "Tom Okafor", Ago(100));
        injection.ChangeStatus(IncidentStatus.Triaged, "Maya Chen", Ago(96), "source is retrieved content, not user input");
        injection.Record(TimelineEntryKind.Decision, "Take community articles out of the retrieval index until they are scanned for hidden text.",
            "Maya Chen", Ago(92));
        injection.Record(TimelineEntryKind.Action, "Retrieval filter deployed: community collection excluded from the index.",
            "Priya Raman", Ago(84));
        var wrongCount = injection.Record(TimelineEntryKind.Note, "Codes were redeemed 48 times.", "Tom Okafor", Ago(80));
        db.Incidents.Add(injection);
        await db.SaveChangesAsync(cancellationToken);
        injection.Correct(wrongCount, "Codes were redeemed 84 times (digits swapped in the earlier note).", "Tom Okafor", Ago(78));
        injection.ChangeStatus(IncidentStatus.Contained, "Maya Chen", Ago(75), "no new injected answers for 10 minutes");
        injection.Record(TimelineEntryKind.Communication, "Internal update posted to #support-leads: codes being voided, assistant answers normally.",
            "Dana Ortiz", Ago(70));

        // 2. A refund agent acting beyond its mandate: SEV-1, triaged, commander and tech lead only.
        var refund = Incident.Declare(await KeyAsync(db, now, cancellationToken),
            "Refund agent approving refunds above its 200 EUR limit",
            "After the 1.8.0 tool-schema change the agent reads the limit in cents and approves refunds up to 20,000 EUR without review.",
            Severity.Sev1, Archetype.AgenticMisalignment, refunds, "Sam Rivera", Ago(34), impactStartedAt: Ago(52));
        refund.AssignRole(IncidentRole.IncidentCommander, "Sam Rivera", "Sam Rivera", Ago(33));
        refund.AssignRole(IncidentRole.TechnicalLead, "Priya Raman", "Sam Rivera", Ago(31));
        refund.Record(TimelineEntryKind.Signal, "Unauthorized agent action: 37 refunds over limit in 15 minutes, largest 4,980 EUR.",
            "Sam Rivera", Ago(30), occurredAt: Ago(36));
        refund.ChangeStatus(IncidentStatus.Triaged, "Sam Rivera", Ago(22), "limit check bypassed since 1.8.0 deploy");
        refund.Record(TimelineEntryKind.Decision, "Revoke the agent's refund-approve permission; route refunds to the manual queue.",
            "Sam Rivera", Ago(18));

        // 3. Gradual drift on a predictive model: SEV-3, just detected, nobody assigned yet.
        var drift = Incident.Declare(await KeyAsync(db, now, cancellationToken),
            "Fraud scores drifting low for new card-present merchants",
            "Population stability index on merchant category features crossed 0.25; approval rate for new merchants up 9 points.",
            Severity.Sev3, Archetype.ModelDrift, fraud, "Risk monitoring", Ago(12));
        drift.Record(TimelineEntryKind.Signal, "Drift score (PSI) 0.27 on merchant_category, threshold 0.25.", "Risk monitoring", Ago(12));

        // 4. Last week's data leak on the voice agent, resolved: history for the board and, later, similar incidents.
        var leak = Incident.Declare(await KeyAsync(db, now, cancellationToken),
            "Voice concierge read out another caller's booking details",
            "Session memory was keyed by phone-number prefix; two callers sharing a prefix heard each other's appointment details.",
            Severity.Sev2, Archetype.DataLeakage, voice, "Lars Jensen", Ago(60 * 24 * 6), impactStartedAt: Ago(60 * 24 * 6 + 90));
        leak.AssignRole(IncidentRole.IncidentCommander, "Lars Jensen", "Lars Jensen", Ago(60 * 24 * 6 - 1));
        leak.AssignRole(IncidentRole.LegalLiaison, "Noor Haddad", "Lars Jensen", Ago(60 * 24 * 6 - 5));
        leak.ChangeStatus(IncidentStatus.Contained, "Lars Jensen", Ago(60 * 24 * 6 - 25), "memory disabled, calls routed to humans");
        leak.ChangeStatus(IncidentStatus.Recovered, "Lars Jensen", Ago(60 * 24 * 5), "fixed session keys deployed");
        leak.ChangeStatus(IncidentStatus.Resolved, "Lars Jensen", Ago(60 * 24 * 4), "12 affected callers notified");

        db.Incidents.AddRange(refund, drift, leak);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        SeededThisRun = true;
        foreach (var incident in new[] { injection, refund, drift, leak })
        {
            incident.ClearDomainEvents();
        }
    }

    private static Task<string> KeyAsync(CommandCenterDbContext db, DateTime now, CancellationToken cancellationToken) =>
        IncidentKeyAllocator.AllocateAsync(db, now.Year, cancellationToken);
}
