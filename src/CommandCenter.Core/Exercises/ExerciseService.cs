using System.Globalization;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Communications;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Events;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Learning;
using CommandCenter.Core.Persistence;
using CommandCenter.Core.Playbooks;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Core.Exercises;

/// <summary>
/// Tabletop exercises: the scenario library (versioned like playbooks), opening a scenario as an exercise incident
/// (EX-&lt;year&gt;-&lt;n&gt;), the facilitator's clock and injects, the participants' decisions, and the after-action
/// review. Every change to an exercise is written together with its timeline entry on the exercise incident
/// (through <see cref="IncidentWriter"/>), so the war room, the console and the review tell the same story.
/// </summary>
public sealed class ExerciseService(
    IDbContextFactory<CommandCenterDbContext> contextFactory,
    WriteGate writeGate,
    IncidentService incidents,
    IncidentWriter writer,
    PlaybookService playbooks,
    StatusUpdateService statusUpdates,
    ActionItemService actionItems,
    ISignalIngestor ingestor,
    IIncidentEventPublisher publisher,
    TimeProvider clock,
    AccessGuard guard)
{
    /// <summary>The ingestion source of inject signals; candidates from it are exercise traffic, never production.</summary>
    public const string SignalSource = ExerciseKeys.SignalSource;

    /// <summary>The label every inject signal carries: the exercise incident's key.</summary>
    public const string ExerciseLabel = "exercise";

    private static readonly Actor Schedule = Actor.Automation("Exercise clock");

    // ---- Scenarios -------------------------------------------------------------------------------------------------

    public async Task<IReadOnlyList<ScenarioSummary>> ListScenariosAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var current = await db.Set<ScenarioVersion>().AsNoTracking()
            .Where(v => v.Number == v.Scenario!.CurrentVersion)
            .Select(v => new { v.Scenario!.Slug, v.Number, v.Content, v.EditedBy, v.EditedAt })
            .ToListAsync(cancellationToken);
        return current
            .OrderBy(v => v.Content.Archetype).ThenBy(v => v.Content.Title, StringComparer.OrdinalIgnoreCase)
            .Select(v => new ScenarioSummary(v.Slug, v.Content.Title, v.Content.Archetype, v.Content.Severity, v.Content.System,
                v.Content.Injects.Count, v.Content.Injects.Count(i => i.Decision is not null), v.Number, v.EditedBy, v.EditedAt))
            .ToList();
    }

    public async Task<ScenarioDetail> GetScenarioAsync(string slug, int? version = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var scenario = await FindScenarioAsync(db, slug, cancellationToken);
        var number = version ?? scenario.CurrentVersion;
        var shown = await db.Set<ScenarioVersion>().AsNoTracking()
            .SingleOrDefaultAsync(v => v.ScenarioId == scenario.Id && v.Number == number, cancellationToken)
            ?? throw new NotFoundException($"Scenario '{scenario.Slug}' has no version {number} (versions 1 to {scenario.CurrentVersion}).");
        var history = await db.Set<ScenarioVersion>().AsNoTracking()
            .Where(v => v.ScenarioId == scenario.Id)
            .OrderByDescending(v => v.Number)
            .Select(v => new ScenarioVersionInfo(v.Number, v.EditedBy, v.EditedAt, v.ChangeNote))
            .ToListAsync(cancellationToken);
        return new ScenarioDetail(scenario.Slug, shown.Number, scenario.CurrentVersion, shown.Content, shown.EditedBy, shown.EditedAt,
            shown.ChangeNote, history);
    }

    /// <summary>Saves the next version of a scenario (administrators); a new slug creates the scenario.</summary>
    public Task<ScenarioDetail> SaveScenarioAsync(string slug, ScenarioContent? content, string? changeNote, Actor actor,
        CancellationToken cancellationToken = default) =>
        guard.AuditedAsync(actor, Permission.EditScenarios, slug, new { slug, content, changeNote }, async () =>
        {
            var v = new Validator();
            var cleanSlug = v.RequiredText("slug", slug, Limits.SlugLength, "Scenario id")?.ToLowerInvariant();
            if (cleanSlug is not null && !System.Text.RegularExpressions.Regex.IsMatch(cleanSlug, "^[a-z0-9]+(-[a-z0-9]+)*$"))
            {
                v.Add("slug", "The scenario id must be kebab-case: lower-case letters and digits joined by single hyphens.");
            }
            var note = v.RequiredText("changeNote", changeNote, Scenario.ChangeNoteLength, "Change note");
            ScenarioContent? valid = null;
            try
            {
                valid = ScenarioValidator.Validate(content);
            }
            catch (ValidationException e)
            {
                foreach (var (field, messages) in e.Errors)
                {
                    foreach (var message in messages)
                    {
                        v.Add(field, message);
                    }
                }
            }
            if (valid is not null && !await SystemExistsAsync(valid.System, cancellationToken))
            {
                v.Add("system", $"No AI system '{valid.System}' in the inventory.");
            }
            v.ThrowIfInvalid();
            await writeGate.RunAsync(async ct =>
            {
                await using var db = await contextFactory.CreateDbContextAsync(ct);
                var scenario = await db.Set<Scenario>().SingleOrDefaultAsync(s => s.Slug == cleanSlug, ct);
                if (scenario is null)
                {
                    scenario = new Scenario(cleanSlug!);
                    db.Add(scenario);
                }
                db.Add(scenario.AddVersion(valid!, actor.Name, Now(), note!));
                await db.SaveChangesAsync(ct);
                return true;
            }, cancellationToken);
            return await GetScenarioAsync(cleanSlug!, cancellationToken: cancellationToken);
        });

    /// <summary>Seeds version 1 of every built-in scenario when there are none (first start of an installation).</summary>
    internal static async Task<bool> SeedBuiltInsAsync(CommandCenterDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        if (await db.Set<Scenario>().AnyAsync(cancellationToken))
        {
            return false;
        }
        foreach (var (slug, content) in BuiltInScenarios.All)
        {
            var scenario = new Scenario(slug);
            db.Add(scenario);
            db.Add(scenario.AddVersion(content, "CommandCenter", now, "Built-in scenario shipped with CommandCenter."));
        }
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    // ---- Exercises -------------------------------------------------------------------------------------------------

    public async Task<IReadOnlyList<ExerciseSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var all = await LoadAllAsync(db, cancellationToken);
        return all.Select(e => Summarize(e, all)).OrderByDescending(e => e.OpenedAt).ToList();
    }

    /// <summary>Follow-up exercises scheduled in the quarter of <c>now</c>, plus every earlier one that is overdue.</summary>
    public async Task<IReadOnlyList<FollowUp>> FollowUpsAsync(CancellationToken cancellationToken = default)
    {
        var now = Now();
        var quarterStart = new DateTime(now.Year, (now.Month - 1) / 3 * 3 + 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var quarterEnd = quarterStart.AddMonths(3);
        return (await ListAsync(cancellationToken))
            .Where(e => e.FollowUpOn is { } on && (on >= quarterStart && on < quarterEnd || e.FollowUpOverdue))
            .Select(e => new FollowUp(e, e.FollowUpOn!.Value, e.FollowUpOverdue))
            .OrderBy(f => f.On)
            .ToList();
    }

    /// <summary>Exercises started (the number the exercise-frequency metric counts).</summary>

    /// <summary>
    /// Opens an exercise of the scenario's current version: a new exercise incident (EX-&lt;year&gt;-&lt;n&gt;, flagged as an
    /// exercise) on the scenario's system, ready for the facilitator to start the clock.
    /// </summary>
    public Task<ExerciseSummary> OpenAsync(string? scenario, Actor actor, CancellationToken cancellationToken = default) =>
        guard.AuditedAsync(actor, Permission.RunExercises, scenario, new { scenario }, async () =>
        {
            var v = new Validator();
            var slug = v.RequiredText("scenario", scenario, Limits.SlugLength, "Scenario");
            v.ThrowIfInvalid();
            var (exercise, incident) = await writeGate.RunAsync(async ct =>
            {
                await using var db = await contextFactory.CreateDbContextAsync(ct);
                var found = await db.Set<Scenario>().AsNoTracking().SingleOrDefaultAsync(s => s.Slug == slug!.ToLower(), ct)
                    ?? throw ValidationException.For("scenario", $"There is no scenario '{slug}'.");
                var version = await db.Set<ScenarioVersion>().SingleAsync(sv => sv.ScenarioId == found.Id && sv.Number == found.CurrentVersion, ct);
                var content = version.Content;
                var lowered = content.System.Trim().ToLowerInvariant();
                var system = await db.AiSystems.FirstOrDefaultAsync(s => s.Slug.ToLower() == lowered || s.Name.ToLower() == lowered, ct)
                    ?? throw ValidationException.For("scenario", $"The scenario's system '{content.System}' is not in the inventory any more; edit the scenario.");
                var now = Now();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var key = await NextKeyAsync(db, now.Year, ct);
                var opened = Incident.Declare(key, $"Exercise: {content.Title}", content.Briefing, content.Severity, content.Archetype, system,
                    actor.Name, now, exercise: true);
                db.Incidents.Add(opened);
                await db.SaveChangesAsync(ct);
                var created = new Exercise(opened.Id, key, version, actor.Name, now);
                db.Add(created);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return (created, opened);
            }, cancellationToken);
            // Declared like any incident: the declaration's reactions (triage pack) run for it too, and its playbook is
            // attached now, inside the command, so the war room and the review show the steps from the first second.
            writer.Publish(incident, new IncidentDeclaredNotification(incident.ToSummary()));
            publisher.Publish([new ExerciseChangedNotification(incident.Key)]);
            await playbooks.AttachAsync(incident.Key, cancellationToken);
            return Summarize(exercise, [exercise]);
        });

    /// <summary>EX-&lt;year&gt;-&lt;n&gt;: numbered apart from real incidents, so an exercise never takes an INC number.</summary>
    private static async Task<string> NextKeyAsync(CommandCenterDbContext db, int year, CancellationToken cancellationToken)
    {
        var prefix = ExerciseKeys.Prefix + year.ToString(CultureInfo.InvariantCulture) + "-";
        var keys = await db.Incidents.Where(i => i.Key.StartsWith(prefix)).Select(i => i.Key).ToListAsync(cancellationToken);
        var last = keys.Select(k => int.TryParse(k[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(0).Max();
        return $"{prefix}{last + 1:D4}";
    }

    public Task<ExerciseConsole> StartAsync(int id, Actor actor, CancellationToken cancellationToken = default) =>
        ClockAsync(id, actor, "start the exercise", (e, now) => e.Start(now), e => $"Exercise started by {actor.Name}: the clock runs.", cancellationToken);

    public Task<ExerciseConsole> PauseAsync(int id, Actor actor, CancellationToken cancellationToken = default) =>
        ClockAsync(id, actor, "pause the exercise", (e, now) => e.Pause(now), e => $"Exercise paused by {actor.Name} at {ExerciseClock.Format(e.Elapsed(Now()))}.",
            cancellationToken);

    public Task<ExerciseConsole> ResumeAsync(int id, Actor actor, CancellationToken cancellationToken = default) =>
        ClockAsync(id, actor, "resume the exercise", (e, now) => e.Resume(now), e => $"Exercise resumed by {actor.Name} at {ExerciseClock.Format(e.Elapsed(Now()))}.",
            cancellationToken);

    public Task<ExerciseConsole> ChangeSpeedAsync(int id, int speed, Actor actor, CancellationToken cancellationToken = default) =>
        ClockAsync(id, actor, "change the exercise speed", (e, now) => e.ChangeSpeed(speed, now),
            e => $"Exercise clock set to {speed}x by {actor.Name} at {ExerciseClock.Format(e.Elapsed(Now()))}.", cancellationToken);

    public Task<ExerciseConsole> FinishAsync(int id, Actor actor, CancellationToken cancellationToken = default) =>
        ClockAsync(id, actor, "finish the exercise", (e, now) => e.Finish(now),
            e => $"Exercise finished by {actor.Name} at {ExerciseClock.Format(e.Elapsed(Now()))}; the after-action review is ready.", cancellationToken);

    private Task<ExerciseConsole> ClockAsync(int id, Actor actor, string what, Action<Exercise, DateTime> change, Func<Exercise, string> text,
        CancellationToken cancellationToken, [System.Runtime.CompilerServices.CallerMemberName] string command = "") =>
        guard.AuditedAsync(actor, Permission.RunExercises, id.ToString(CultureInfo.InvariantCulture), new { id }, async () =>
        {
            var key = await KeyOfAsync(id, cancellationToken);
            await writer.ChangeWithAsync(key, actor, what, async (incident, db, now) =>
            {
                var exercise = await TrackedAsync(db, id, cancellationToken);
                EnsureFacilitator(exercise, actor, what);
                change(exercise, now);
                return incident.Record(TimelineEntryKind.Note, text(exercise), actor.Name, now);
            }, cancellationToken, k => new ExerciseChangedNotification(k));
            return await ConsoleAsync(id, cancellationToken);
        }, command);

    /// <summary>Releases an inject (the next unreleased one when <paramref name="injectId"/> is empty).</summary>
    public Task<ExerciseConsole> ReleaseAsync(int id, string? injectId, Actor actor, CancellationToken cancellationToken = default) =>
        guard.AuditedAsync(actor, Permission.RunExercises, id.ToString(CultureInfo.InvariantCulture), new { id, injectId }, async () =>
        {
            await ReleaseCoreAsync(id, string.IsNullOrWhiteSpace(injectId) ? null : injectId.Trim(), actor, facilitated: true, cancellationToken);
            return await ConsoleAsync(id, cancellationToken);
        });

    /// <summary>The hosted worker's tick: releases every timed inject whose minute has come, in every running exercise.</summary>
    public async Task<int> ReleaseDueAsync(CancellationToken cancellationToken = default)
    {
        List<(int Id, string InjectId)> due;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            var running = await db.Set<Exercise>().AsNoTracking().Include(e => e.ScenarioVersion)
                .Where(e => e.State == ExerciseState.Running).ToListAsync(cancellationToken);
            var now = Now();
            due = running.SelectMany(e => e.DueInjects(e.ScenarioVersion!.Content, now).Select(i => (e.Id, i.Id))).ToList();
        }
        var released = 0;
        foreach (var (id, injectId) in due)
        {
            try
            {
                await ReleaseCoreAsync(id, injectId, Schedule, facilitated: false, cancellationToken);
                released++;
            }
            catch (InvalidTransitionException)
            {
                // Released by the facilitator (or paused, or finished) between the read and the write: nothing to do.
            }
        }
        return released;
    }

    private async Task ReleaseCoreAsync(int id, string? injectId, Actor actor, bool facilitated, CancellationToken cancellationToken)
    {
        var key = await KeyOfAsync(id, cancellationToken);
        ScenarioInject? released = null;
        await writer.ChangeWithAsync(key, actor, "release an inject", async (incident, db, now) =>
        {
            var exercise = await TrackedAsync(db, id, cancellationToken);
            if (facilitated)
            {
                EnsureFacilitator(exercise, actor, "release injects");
            }
            var content = exercise.ScenarioVersion!.Content;
            var inject = injectId is null
                ? content.Injects.FirstOrDefault(i => !exercise.IsReleased(i.Id))
                    ?? throw new InvalidTransitionException("Every inject of this exercise has been released.")
                : content.Inject(injectId) ?? throw ValidationException.For("injectId", $"The scenario has no inject '{injectId}'.");
            var release = exercise.Release(inject, actor.Name, now);
            released = inject;
            return incident.Record(TimelineEntryKind.Note, InjectText(inject, release), actor.Name, now);
        }, cancellationToken, k => new ExerciseChangedNotification(k));
        if (released!.Signals is { Count: > 0 } signals)
        {
            await PushSignalsAsync(id, key, released, signals, cancellationToken);
        }
    }

    private static string InjectText(ScenarioInject inject, InjectRelease release)
    {
        var when = $"at {ExerciseClock.Format(TimeSpan.FromSeconds(release.AtExerciseSeconds))}";
        // A role-only inject stays private on the shared timeline: it says who got it, not what it says.
        var body = inject.Audience is { } role
            ? $"Exercise inject '{inject.Id}' released to the {role.Title()} {when}."
            : $"Exercise inject '{inject.Id}' released to everyone {when}: {inject.Text}";
        if (inject.Decision is { } decision)
        {
            body += $" Decision asked of the {decision.Role.Title()} (limit {decision.TimeLimitMinutes} min).";
        }
        return body.Length <= Limits.TimelineTextLength ? body : body[..(Limits.TimelineTextLength - 1)] + "…";
    }

    /// <summary>Through the real ingestion path, labelled with the exercise key and sent from the exercise source.</summary>
    private async Task PushSignalsAsync(int id, string key, ScenarioInject inject, IReadOnlyList<InjectSignal> signals, CancellationToken cancellationToken)
    {
        string system;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            system = await db.Incidents.Where(i => i.Key == key).Select(i => i.AiSystem!.Slug).SingleAsync(cancellationToken);
        }
        var now = Now();
        var incoming = signals.Select((s, i) => new IncomingSignal
        {
            System = system,
            Kind = s.Kind,
            Value = s.Value,
            Threshold = s.Threshold,
            Labels = new Dictionary<string, string>(s.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
            {
                [ExerciseLabel] = key,
                ["inject"] = inject.Id,
            },
            Fingerprint = $"{key}:{inject.Id}:{i}",
            Summary = $"[EXERCISE {key}] " + (s.Summary ?? inject.Id),
            OccurredAt = now,
            IdempotencyKey = $"{key}:{id}:{inject.Id}:{i}",
        }).ToList();
        await ingestor.IngestAsync(SignalSource, incoming, cancellationToken);
    }

    /// <summary>
    /// Answers an inject's decision question: the holder of the asked role (or the IC), with reasoning. Written on the
    /// exercise incident's timeline as a Decision, with the time it took since the inject's release.
    /// </summary>
    public Task<DecisionStatus> AnswerAsync(int id, string? injectId, string? answer, string? reasoning, Actor actor,
        CancellationToken cancellationToken = default) =>
        guard.AuditedAsync(actor, Permission.WriteTimeline, id.ToString(CultureInfo.InvariantCulture), new { id, injectId, answer, reasoning }, async () =>
        {
            var v = new Validator();
            var inject = v.RequiredText("injectId", injectId, Limits.SlugLength, "Inject");
            v.ThrowIfInvalid();
            var key = await KeyOfAsync(id, cancellationToken);
            await writer.ChangeWithAsync(key, actor, "answer an exercise decision", async (incident, db, now) =>
            {
                var exercise = await TrackedAsync(db, id, cancellationToken);
                var asked = exercise.ScenarioVersion!.Content.Inject(inject!)
                    ?? throw ValidationException.For("injectId", $"The scenario has no inject '{inject}'.");
                var roles = incident.RolesOf(actor.Name);
                if (asked.Decision is { } question)
                {
                    ExerciseRules.EnsureMayAnswer(question, roles, key);
                }
                var recorded = exercise.Answer(asked, actor.Name, roles, answer, reasoning, now);
                var text = $"Exercise decision ({asked.Decision!.Role.Title()}): {asked.Decision.Question} — {recorded.Answer}. " +
                    $"Reasoning: {recorded.Reasoning} (took {ExerciseRules.Minutes(recorded.TookSeconds)} of exercise time, limit {asked.Decision.TimeLimitMinutes} min)";
                return incident.Record(TimelineEntryKind.Decision,
                    text.Length <= Limits.TimelineTextLength ? text : text[..(Limits.TimelineTextLength - 1)] + "…", actor.Name, now);
            }, cancellationToken, k => new ExerciseChangedNotification(k));
            var console = await ConsoleAsync(id, cancellationToken);
            return console.Decisions.Single(d => d.InjectId == inject);
        });

    // ---- Reads for the console and the war room ----------------------------------------------------------------------

    public async Task<int?> FindByIncidentAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var normalized = IncidentKey.Normalize(key);
        return await db.Set<Exercise>().Where(e => e.IncidentKey == normalized).Select(e => (int?)e.Id).SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<ExerciseConsole> ConsoleAsync(int id, CancellationToken cancellationToken = default)
    {
        var (exercise, all) = await LoadAsync(id, cancellationToken);
        var detail = await incidents.GetAsync(exercise.IncidentKey, cancellationToken);
        var timeline = await incidents.GetTimelineAsync(exercise.IncidentKey, take: int.MaxValue, cancellationToken: cancellationToken);
        var now = Now();
        var content = exercise.ScenarioVersion!.Content;
        string? HolderOf(IncidentRole role) => detail.Roles.FirstOrDefault(r => r.Role == role)?.Person;
        var participants = IncidentRoles.All.Select(role =>
        {
            var holder = HolderOf(role);
            var acted = holder is null ? null : LastActed(holder, timeline, exercise);
            return new ParticipantView(role, holder, content.Participants.Contains(role), acted is not null, acted);
        }).ToList();
        var injects = content.Injects.Select(i => new InjectProgress(i, exercise.Log.Releases.FirstOrDefault(r => r.InjectId == i.Id))).ToList();
        return new ExerciseConsole(Summarize(exercise, all), content, Reading(exercise, now), injects, participants,
            ExerciseRules.Decisions(content, exercise, HolderOf, now));
    }

    /// <summary>When <paramref name="person"/> last did something on the exercise incident (a timeline entry other than taking a role, or an answer).</summary>
    private static DateTime? LastActed(string person, IReadOnlyList<TimelineEntryView> timeline, Exercise exercise)
    {
        var entries = timeline.Where(t => t.Kind != TimelineEntryKind.RoleChange && Same(t.Author, person)).Select(t => (DateTime?)t.RecordedAt);
        var answers = exercise.Log.Decisions.Where(d => Same(d.AnsweredBy, person)).Select(d => (DateTime?)d.AnsweredAt);
        return entries.Concat(answers).Where(t => exercise.StartedAt is null || t >= exercise.StartedAt).Max();
    }

    /// <summary>The released injects <paramref name="actor"/> may see on <paramref name="key"/>, or null when it is no exercise.</summary>
    public async Task<ExerciseInjectsView?> InjectsForAsync(string key, Actor actor, CancellationToken cancellationToken = default)
    {
        if (await FindByIncidentAsync(key, cancellationToken) is not { } id)
        {
            return null;
        }
        var (exercise, _) = await LoadAsync(id, cancellationToken);
        var detail = await incidents.GetAsync(key, cancellationToken);
        var roles = detail.Roles.Where(r => Same(r.Person, actor.Name)).Select(r => r.Role).ToList();
        var facilitator = Same(exercise.Facilitator, actor.Name);
        var now = Now();
        var content = exercise.ScenarioVersion!.Content;
        var decisions = ExerciseRules.Decisions(content, exercise, r => detail.Roles.FirstOrDefault(x => x.Role == r)?.Person, now);
        var visible = exercise.Log.Releases
            .Select(r => (Inject: content.Inject(r.InjectId), Release: r))
            .Where(x => x.Inject is not null && ExerciseRules.Sees(x.Inject, roles, facilitator))
            .Select(x =>
            {
                var decision = decisions.FirstOrDefault(d => d.InjectId == x.Release.InjectId);
                var mayAnswer = decision is { State: DecisionState.Open or DecisionState.Missed, Answer: null }
                    && exercise.State != ExerciseState.Finished && AccessPolicy.Allows(actor.Role, Permission.WriteTimeline)
                    && ExerciseRules.MayAnswer(decision.Role, roles);
                return new VisibleInject(x.Inject!, x.Release, decision, mayAnswer);
            })
            .OrderByDescending(x => x.Release.AtExerciseSeconds)
            .ToList();
        return new ExerciseInjectsView(id, exercise.IncidentKey, exercise.ScenarioTitle, exercise.State, Reading(exercise, now), visible);
    }

    // ---- After-action review ---------------------------------------------------------------------------------------------

    public async Task<ExerciseReview> ReviewAsync(int id, CancellationToken cancellationToken = default)
    {
        var (exercise, all) = await LoadAsync(id, cancellationToken);
        var key = exercise.IncidentKey;
        var detail = await incidents.GetAsync(key, cancellationToken);
        var timeline = await incidents.GetTimelineAsync(key, take: int.MaxValue, cancellationToken: cancellationToken);
        IncidentPlaybookRun? run = null;
        try
        {
            run = await playbooks.ForIncidentAsync(key, cancellationToken);
        }
        catch (NotFoundException)
        {
            // No playbook for the archetype: the review says nothing about steps.
        }
        var updates = await statusUpdates.ListAsync(key, cancellationToken);
        var items = (await actionItems.ListAsync(cancellationToken: cancellationToken))
            .Where(a => IncidentKey.Same(a.IncidentKey, key)).ToList();
        return ExerciseReviewBuilder.Build(new ReviewInputs(Summarize(exercise, all), exercise, exercise.ScenarioVersion!.Content, timeline,
            detail.Roles, run, updates, items, Now()));
    }

    public async Task<string> ExportMarkdownAsync(int id, CancellationToken cancellationToken = default) =>
        ExerciseReviewBuilder.ToMarkdown(await ReviewAsync(id, cancellationToken));

    public Task<ExerciseReview> AddLessonAsync(int id, string? text, Actor actor, CancellationToken cancellationToken = default) =>
        ReviewChangeAsync(id, actor, "add a lesson", new { id, text }, (e, now) =>
        {
            var note = e.AddLesson(text, actor.Name, now);
            return $"Exercise lesson: {note.Text}";
        }, cancellationToken);

    public Task<ExerciseReview> ProposePlaybookChangeAsync(int id, string? text, Actor actor, CancellationToken cancellationToken = default) =>
        ReviewChangeAsync(id, actor, "propose a playbook change", new { id, text }, (e, now) =>
        {
            var note = e.ProposePlaybookChange(text, actor.Name, now);
            return $"Proposed playbook change: {note.Text}";
        }, cancellationToken);

    public Task<ExerciseReview> ScheduleFollowUpAsync(int id, DateTime? date, Actor actor, CancellationToken cancellationToken = default) =>
        ReviewChangeAsync(id, actor, "schedule the follow-up exercise", new { id, date }, (e, now) =>
        {
            e.ScheduleFollowUp(date, now);
            return $"Follow-up exercise scheduled for {e.FollowUpOn:yyyy-MM-dd}.";
        }, cancellationToken);

    /// <summary>An action item from the review, linked to the exercise incident (the learning issue's action items, source "exercise").</summary>
    public Task<ActionItemView> CreateActionItemAsync(int id, ActionItemInput input, Actor actor, CancellationToken cancellationToken = default) =>
        guard.AuditedAsync(actor, Permission.RunExercises, id.ToString(CultureInfo.InvariantCulture), new { id, input }, async () =>
        {
            var key = await KeyOfAsync(id, cancellationToken);
            var fields = await actionItems.ValidateAsync(input, cancellationToken);
            ActionItem? created = null;
            await writer.ChangeWithAsync(key, actor, "add an exercise action item", async (incident, db, now) =>
            {
                var exercise = await TrackedAsync(db, id, cancellationToken);
                EnsureFacilitator(exercise, actor, "add action items");
                created = ActionItem.Create(incident.Id, null, fields, actor.Name, now, ActionItem.ExerciseSource);
                db.Add(created);
                return incident.Record(TimelineEntryKind.Note,
                    $"Action item from the exercise review: {fields.Title} (owner {fields.Owner}, due {fields.DueDate:yyyy-MM-dd}).", actor.Name, now);
            }, cancellationToken, k => new ActionItemsChangedNotification(k));
            return await actionItems.GetAsync(created!.Id, cancellationToken);
        });

    private Task<ExerciseReview> ReviewChangeAsync(int id, Actor actor, string what, object arguments, Func<Exercise, DateTime, string> change,
        CancellationToken cancellationToken, [System.Runtime.CompilerServices.CallerMemberName] string command = "") =>
        guard.AuditedAsync(actor, Permission.RunExercises, id.ToString(CultureInfo.InvariantCulture), arguments, async () =>
        {
            var key = await KeyOfAsync(id, cancellationToken);
            await writer.ChangeWithAsync(key, actor, what, async (incident, db, now) =>
            {
                var exercise = await TrackedAsync(db, id, cancellationToken);
                EnsureFacilitator(exercise, actor, what);
                var text = change(exercise, now);
                return incident.Record(TimelineEntryKind.Note,
                    text.Length <= Limits.TimelineTextLength ? text : text[..(Limits.TimelineTextLength - 1)] + "…", actor.Name, now);
            }, cancellationToken, k => new ExerciseChangedNotification(k));
            return await ReviewAsync(id, cancellationToken);
        }, command);

    // ---- Helpers -----------------------------------------------------------------------------------------------------------

    private static void EnsureFacilitator(Exercise exercise, Actor actor, string what)
    {
        if (!ReferenceEquals(actor, Schedule) && !ExerciseRules.MayFacilitate(exercise.Facilitator, actor))
        {
            throw new ForbiddenActionException($"Only the facilitator ({exercise.Facilitator}) or an administrator can {what} on {exercise.IncidentKey}.");
        }
    }

    private ExerciseSummary Summarize(Exercise e, IReadOnlyList<Exercise> all)
    {
        var slug = e.ScenarioVersion?.Scenario?.Slug ?? "";
        // Overdue: the day passed and no exercise of the same scenario was started since the review scheduled it.
        var overdue = e.FollowUpOn is { } on && Now() >= on.AddDays(1)
            && !all.Any(o => o.Id != e.Id && o.ScenarioVersion?.ScenarioId == e.ScenarioVersion?.ScenarioId && o.StartedAt >= e.FinishedAt);
        return new ExerciseSummary(e.Id, e.IncidentKey, slug, e.ScenarioTitle, e.ScenarioVersion?.Number ?? 0, e.Facilitator, e.State, e.OpenedAt,
            e.StartedAt, e.FinishedAt, e.FollowUpOn, overdue);
    }

    private static Task<List<Exercise>> LoadAllAsync(CommandCenterDbContext db, CancellationToken cancellationToken) =>
        db.Set<Exercise>().AsNoTracking().Include(e => e.ScenarioVersion).ThenInclude(v => v!.Scenario).ToListAsync(cancellationToken);

    private async Task<(Exercise Exercise, IReadOnlyList<Exercise> All)> LoadAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var all = await LoadAllAsync(db, cancellationToken);
        return (all.FirstOrDefault(e => e.Id == id) ?? throw NotFound(id), all);
    }

    private async Task<string> KeyOfAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<Exercise>().Where(e => e.Id == id).Select(e => e.IncidentKey).SingleOrDefaultAsync(cancellationToken) ?? throw NotFound(id);
    }

    private static async Task<Exercise> TrackedAsync(CommandCenterDbContext db, int id, CancellationToken cancellationToken) =>
        await db.Set<Exercise>().Include(e => e.ScenarioVersion).SingleOrDefaultAsync(e => e.Id == id, cancellationToken) ?? throw NotFound(id);

    private static async Task<Scenario> FindScenarioAsync(CommandCenterDbContext db, string slug, CancellationToken cancellationToken)
    {
        var lowered = slug.Trim().ToLowerInvariant();
        return await db.Set<Scenario>().AsNoTracking().SingleOrDefaultAsync(s => s.Slug == lowered, cancellationToken)
            ?? throw new NotFoundException($"There is no scenario '{slug}'.");
    }

    private async Task<bool> SystemExistsAsync(string reference, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var lowered = reference.Trim().ToLowerInvariant();
        return await db.AiSystems.AnyAsync(s => s.Slug.ToLower() == lowered || s.Name.ToLower() == lowered, cancellationToken);
    }

    private static ExerciseClockReading Reading(Exercise exercise, DateTime now) =>
        new(exercise.Elapsed(now), exercise.Speed, exercise.State == ExerciseState.Running, now);

    private static bool Same(string? a, string? b) => PersonId.Same(a, b);

    private static NotFoundException NotFound(int id) => new($"No exercise #{id}.");

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}

/// <summary>Something about the exercise run on this incident changed (clock, injects, decisions, review).</summary>
public sealed record ExerciseChangedNotification(string Key) : IncidentNotification(Key);
