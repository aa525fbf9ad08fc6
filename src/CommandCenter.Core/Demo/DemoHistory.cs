using CommandCenter.Core.Incidents;
using CommandCenter.Core.Learning;
using CommandCenter.Core.Persistence;
using CommandCenter.Core.Playbooks;
using CommandCenter.Core.Systems;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Core.Demo;

/// <summary>
/// A year of past incidents for the metrics, search and the system pages: generated from rules with a fixed seed (the same
/// history on every first run), written through the aggregates so timelines, phase clocks and postmortems are what real use
/// would leave. Everything ends at least five weeks ago, so today's board and status page are unchanged.
/// </summary>
public sealed class DemoHistory(IDbContextFactory<CommandCenterDbContext> contextFactory, TimeProvider clock)
{
    public const int Seed = 2026;
    public const int IncidentCount = 48;

    private static readonly (string Slug, Archetype Archetype, string Title, string Summary, string Cause)[] Scenarios =
    [
        ("support-assistant", Archetype.PromptInjection, "Assistant obeys instructions hidden in a pasted email",
            "Customers pasted emails with hidden instructions; the assistant followed them and revealed internal macros.",
            "Untrusted pasted content reached the system prompt context without an injection scan."),
        ("support-assistant", Archetype.Misinformation, "Assistant quotes a withdrawn returns policy",
            "Answers about returns cited the 60-day window withdrawn in spring.", "The retrieval index still held the withdrawn policy page."),
        ("support-assistant", Archetype.Toxicity, "Assistant mirrors abusive language back to customers",
            "A prompt change made the assistant echo the customer's tone, including slurs.", "System prompt edit removed the tone guardrail."),
        ("kb-retrieval", Archetype.ModelDrift, "Retrieval relevance drops after the embedding refresh",
            "Click-through on retrieved passages fell by a third after the quarterly embedding refresh.", "New embedding model shipped without the relevance evaluation."),
        ("kb-retrieval", Archetype.ModelManipulation, "Spam articles ranked first for billing questions",
            "A burst of community posts stuffed with billing keywords dominated retrieval.", "Community content was indexed without rate or quality limits."),
        ("content-moderation", Archetype.ModelDrift, "Moderation misses a new slang for self-harm",
            "Recall on self-harm content fell after a new slang term spread.", "The evaluation set had no examples of the new term."),
        ("content-moderation", Archetype.Toxicity, "Moderation blocks harmless medical questions",
            "False positives on medical vocabulary rose after the threshold change.", "Threshold lowered without a precision check on medical traffic."),
        ("voice-concierge", Archetype.DataLeakage, "Voice agent reads out another caller's booking",
            "Session memory keyed by phone prefix mixed two callers' bookings.", "Session keys were not unique per caller."),
        ("voice-concierge", Archetype.AgenticMisalignment, "Voice agent books tables for twenty",
            "The agent accepted group bookings above the 8-person limit.", "The booking tool accepted any party size."),
        ("refund-agent", Archetype.AgenticMisalignment, "Refund agent refunds the same order twice",
            "Retries after a payments timeout issued duplicate refunds.", "The refund tool was not idempotent."),
        ("refund-agent", Archetype.PromptInjection, "Refund agent approves refunds requested in the delivery note",
            "Delivery notes with instructions to refund were obeyed.", "Delivery notes were passed to the agent as instructions."),
        ("fraud-scoring", Archetype.ModelDrift, "Fraud scores drift on holiday traffic",
            "Approval rates for new merchants rose during the holiday peak.", "Training data had no holiday-season transactions."),
        ("fraud-scoring", Archetype.DataLeakage, "Fraud model features logged with full card numbers",
            "Debug logging wrote raw card numbers into the feature log.", "An upstream feature-store change disabled masking."),
    ];

    private static readonly (string Name, string UserName)[] People =
    [
        ("Maya Chen", "maya"), ("Tom Okafor", "tom"), ("Priya Raman", "priya"), ("Lars Jensen", "lars"), ("Dana Ortiz", "dana"),
        ("Noor Haddad", "noor"), ("Sam Rivera", "sam"),
    ];

    private static readonly ContributingFactor[] FactorsByScenario =
    [
        ContributingFactor.GuardrailGap, ContributingFactor.RetrievalData, ContributingFactor.SystemPrompt, ContributingFactor.EvaluationGap,
        ContributingFactor.RetrievalData, ContributingFactor.EvaluationGap, ContributingFactor.HumanProcess, ContributingFactor.ToolScope,
        ContributingFactor.ToolScope, ContributingFactor.UpstreamDependency, ContributingFactor.GuardrailGap, ContributingFactor.TrainingData,
        ContributingFactor.UpstreamDependency,
    ];

    private static readonly (string Title, ActionItemKind Kind)[] Actions =
    [
        ("Add a regression evaluation for this failure", ActionItemKind.Evaluation),
        ("Alert on the signal that showed it first", ActionItemKind.Monitoring),
        ("Add an output filter for this pattern", ActionItemKind.Guardrail),
        ("Update the playbook with what we learned", ActionItemKind.Playbook),
        ("Narrow the tool's permission scope", ActionItemKind.Access),
        ("Clean the affected data and re-index", ActionItemKind.Data),
        ("Add a review step to the release checklist", ActionItemKind.Process),
    ];

    /// <summary>Adds the history unless there is some already (any postmortem). Returns how many incidents it added.</summary>
    public async Task<int> SeedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Set<Postmortem>().AnyAsync(cancellationToken))
        {
            return 0;
        }
        var systems = await db.AiSystems.ToDictionaryAsync(s => s.Slug, cancellationToken);
        var scenarios = Scenarios.Select((s, index) => (Scenario: s, Index: index)).Where(s => systems.ContainsKey(s.Scenario.Slug)).ToList();
        if (scenarios.Count == 0)
        {
            return 0;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var random = new Random(Seed);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var plans = new List<(Incident Incident, int Scenario, bool Close, int Age)>();
        var ages = Enumerable.Range(0, IncidentCount).Select(_ => random.Next(35, 365)).OrderDescending().ToList();
        foreach (var age in ages)
        {
            var (scenario, index) = scenarios[random.Next(scenarios.Count)];
            var severity = (Severity)PickSeverity(random);
            var commander = People[random.Next(People.Length)].Name;
            var detected = now.Date.AddDays(-age).AddHours(random.Next(6, 20)).AddMinutes(random.Next(60));
            var impact = detected.AddMinutes(-random.Next(5, 150));
            var key = await IncidentKeyAllocator.AllocateAsync(db, detected.Year, cancellationToken);
            var incident = Incident.Declare(key, scenario.Title, scenario.Summary, severity, scenario.Archetype, systems[scenario.Slug], commander,
                detected, impact);
            incident.AssignRole(IncidentRole.IncidentCommander, commander, commander, detected.AddMinutes(1));
            if (random.NextDouble() < 0.7)
            {
                incident.LinkSignals(impact.AddMinutes(random.Next(1, 20)));
            }
            var t = detected;
            incident.RecordContextAssembled(t = t.AddMinutes(random.Next(3, 30)));
            incident.Record(TimelineEntryKind.Signal, $"Monitoring: {scenario.Summary}", "Monitoring", t, occurredAt: detected.AddMinutes(-1));
            incident.ChangeStatus(IncidentStatus.Triaged, commander, t = t.AddMinutes(random.Next(5, 45)), "cause narrowed down");
            incident.Record(TimelineEntryKind.Decision, $"Contain first: {Contain(scenario.Archetype)}.", commander, t = t.AddMinutes(random.Next(2, 20)));
            incident.ChangeStatus(IncidentStatus.Contained, commander, t = t.AddMinutes(random.Next(10, 150)), "no new occurrences for 15 minutes");
            incident.Record(TimelineEntryKind.Communication, "Internal update sent: contained, fix in progress.", commander, t = t.AddMinutes(random.Next(5, 30)));
            incident.ChangeStatus(IncidentStatus.Recovered, commander, t = t.AddHours(random.Next(1, 20)), "fix deployed");
            incident.ChangeStatus(IncidentStatus.Resolved, commander, t.AddHours(random.Next(2, 48)), "monitoring clean for a day");
            incident.ClearDomainEvents();
            db.Incidents.Add(incident);
            plans.Add((incident, index, Close: age > 60, age));
        }
        await db.SaveChangesAsync(cancellationToken);

        var options = new LearningOptions();
        var postmortems = new List<(Postmortem Postmortem, (Incident Incident, int Scenario, bool Close, int Age) Plan)>();
        foreach (var plan in plans)
        {
            var (incident, index, close, _) = plan;
            var resolved = incident.ResolvedAt!.Value;
            var facts = new PostmortemFacts(incident, incident.Timeline, [], [], null, null);
            var postmortem = Postmortem.Open(incident.Id, PostmortemPrefill.From(facts), resolved, options.DueAfter(incident.Severity), "CommandCenter",
                resolved);
            var writer = People[random.Next(People.Length)];
            var reviewer = People.First(p => p.Name != writer.Name && p.Name != incident.IncidentCommander);
            var factor = FactorsByScenario[index];
            var second = factor == ContributingFactor.MonitoringGap ? ContributingFactor.HumanProcess : ContributingFactor.MonitoringGap;
            var written = resolved.AddDays(random.Next(1, 4));
            postmortem.Edit(postmortem.Content with
            {
                RootCause = Scenarios[index].Cause,
                Factors = [new FactorView(factor, Scenarios[index].Cause, [3]), new FactorView(second, "Noticed by people before the alert fired.", [])],
                PreventionPlan = "Fix the cause, add an evaluation that would have caught it, and alert on the first signal.",
            }, writer.Name, written);
            var published = close || random.NextDouble() < 0.6;
            if (published || random.NextDouble() < 0.5)
            {
                postmortem.SubmitForReview([reviewer.UserName], writer.Name, written.AddHours(2));
                postmortem.Comment(PostmortemSection.RootCause, "Do we know why the evaluation did not catch this?", reviewer.Name, written.AddHours(5));
            }
            if (published)
            {
                postmortem.Publish(reviewer.UserName, reviewer.Name, written.AddDays(random.Next(1, 6)));
            }
            db.Set<Postmortem>().Add(postmortem);
            postmortems.Add((postmortem, plan));
        }
        await db.SaveChangesAsync(cancellationToken);

        foreach (var (postmortem, (incident, _, close, _)) in postmortems)
        {
            var count = random.Next(1, 4);
            for (var n = 0; n < count; n++)
            {
                var (title, kind) = Actions[random.Next(Actions.Length)];
                var created = postmortem.UpdatedAt;
                var due = created.Date.AddDays(random.Next(7, 45));
                var owner = People[random.Next(People.Length)].UserName;
                var item = ActionItem.Create(incident.Id, postmortem.Id,
                    new ActionItemFields(title, kind, owner, due, (ActionItemPriority)random.Next(1, 4), null), postmortem.UpdatedBy, created);
                var roll = random.NextDouble();
                if (due < now && roll < 0.55)
                {
                    var done = due.AddDays(random.Next(-6, 5)).AddHours(12);
                    item.Backdate(ActionItemStatus.Done, null, created, done < created ? created.AddDays(1) : done);
                }
                else if (roll < 0.65)
                {
                    item.Backdate(ActionItemStatus.WontDo, "Superseded by a later fix.", created, null);
                }
                else if (roll < 0.8)
                {
                    item.Backdate(ActionItemStatus.InProgress, null, created, null);
                }
                db.Set<ActionItem>().Add(item);
            }
            if (close && postmortem.IsPublished)
            {
                incident.ChangeStatus(IncidentStatus.Closed, incident.IncidentCommander!, postmortem.PublishedAt!.Value.AddHours(1), "postmortem published",
                    new PostmortemGate(Required: true, Published: true));
            }
            var steps = BuiltInPlaybooks.All.FirstOrDefault(p => p.Archetype == incident.Archetype).Content?.Steps ?? [];
            foreach (var step in steps.Take(random.Next(0, 4)))
            {
                db.PlaybookStepRecords.Add(new PlaybookStepRecord(incident.Id,
                    new StepRecord(step.Id, StepOutcome.Done, incident.IncidentCommander!, incident.DetectedAt.AddMinutes(5), null, null)));
            }
            incident.ClearDomainEvents();
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return plans.Count;
    }

    /// <summary>SEV1 rare, SEV3 common: 1 in 10, 3 in 10, 4 in 10, 2 in 10.</summary>
    private static int PickSeverity(Random random) => random.Next(10) switch
    {
        0 => 1,
        < 4 => 2,
        < 8 => 3,
        _ => 4,
    };

    private static string Contain(Archetype archetype) => archetype switch
    {
        Archetype.PromptInjection => "block the source and tighten input filters",
        Archetype.DataLeakage => "switch off memory and route to humans",
        Archetype.AgenticMisalignment => "revoke the tool permission",
        Archetype.ModelDrift => "roll back to the previous model",
        _ => "switch to the fallback",
    };
}
