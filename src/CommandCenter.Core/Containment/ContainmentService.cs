using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommandCenter.Core.Containment;

/// <summary>
/// One-click containment: records the action on the incident, calls the system's control webhook (outside the write
/// gate: a slow receiver must not stall the war room) and records the outcome; without a webhook the action becomes
/// a manual checklist. The first success stamps Contained (<see cref="Incident.RecordContainment"/>).
/// </summary>
public sealed class ContainmentService(
    IDbContextFactory<CommandCenterDbContext> contextFactory,
    IncidentWriter incidents,
    IHttpClientFactory httpClients,
    IOptions<ControlWebhookOptions> webhookOptions,
    TimeProvider clock,
    AccessGuard guard,
    WebhookTargetPolicy targets)
{
    /// <summary>The named HttpClient the control webhook is called with.</summary>
    public const string HttpClientName = "ControlWebhook";

    public async Task<ContainmentAvailability> AvailableAsync(string key, CancellationToken cancellationToken = default)
    {
        var incident = await incidents.LoadIncidentAsync(key, cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var hasWebhook = await db.SystemControls.AnyAsync(c => c.AiSystemId == incident.AiSystemId, cancellationToken);
        var system = incident.AiSystem!;
        return new ContainmentAvailability(incident.Key, system.Slug, system.Kind, hasWebhook, incident.IncidentCommander,
            incident.HolderOf(IncidentRole.TechnicalLead),
            ContainmentRules.Ordered(system.Kind).Select(a => new ContainmentOption(a, a.Title(), a.Effect(), a.IsDestructive())).ToList());
    }

    /// <summary>Every action requested on the incident, newest first.</summary>
    public async Task<IReadOnlyList<ContainmentActionView>> ListAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var normalized = IncidentKey.Normalize(key);
        var incidentId = await db.Incidents.Where(i => i.Key == normalized).Select(i => (int?)i.Id).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"No incident {key}.");
        var actions = await db.ContainmentActions.AsNoTracking().Where(a => a.IncidentId == incidentId)
            .OrderByDescending(a => a.Id).ToListAsync(cancellationToken);
        return actions.Select(a => a.ToView(normalized)).ToList();
    }

    public async Task<ContainmentOverview> GetOverviewAsync(string key, CancellationToken cancellationToken = default) =>
        new(await AvailableAsync(key, cancellationToken), await ListAsync(key, cancellationToken));

    /// <summary>Runs an action given by its code (<c>rollback-model</c>), enum name or title; see <see cref="RunAsync(string, ContainmentActionKind, string?, Actor, CancellationToken)"/>.</summary>
    public Task<ContainmentActionView> RunAsync(string key, string? action, string? reason, Actor actor, CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.Contain, key, new { key, action, reason }, () =>
    {
        var v = new Validator();
        var kind = v.Parsed("action", action, ContainmentActions.Parse, "Action", ContainmentActions.Allowed);
        v.ThrowIfInvalid();
        return RunAsync(key, kind!.Value, reason, actor, cancellationToken);
    });

    /// <summary>
    /// Only the Incident Commander or the Technical Lead may contain (anyone before there is an IC); destructive actions
    /// need a reason. With a control webhook the answer is waited for, so the returned action is succeeded or failed;
    /// without one it is a manual checklist (manual-open).
    /// </summary>
    public Task<ContainmentActionView> RunAsync(string key, ContainmentActionKind kind, string? reason, Actor actor,
        CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.Contain, key, new { key, kind, reason }, async () =>
    {
        ContainmentAction? recorded = null;
        SystemControl? control = null;
        var exercise = false;
        var entry = await incidents.ChangeWithAsync(key, actor, "run a containment action", async (incident, db, now) =>
        {
            exercise = incident.IsExercise;
            EnsureMayContain(incident, actor.Name, "run containment actions");
            EnsureOpen(incident);
            var system = incident.AiSystem!;
            if (!kind.AppliesTo(system.Kind))
            {
                throw ValidationException.For("action",
                    $"“{kind.Title()}” does not apply to {system.Name} (a {system.Kind.ToString().ToLowerInvariant()} system).");
            }
            control = await db.SystemControls.AsNoTracking().SingleOrDefaultAsync(c => c.AiSystemId == system.Id, cancellationToken);
            var because = string.IsNullOrWhiteSpace(reason) ? "" : $": {reason.Trim()}";
            TimelineEntry written;
            if (control is not null)
            {
                var request = ControlWebhookRequest.Create(incident.Key, kind, system.Slug, actor.Name, reason, now);
                recorded = ContainmentAction.ForWebhook(incident.Id, request);
                written = incident.Record(TimelineEntryKind.Action,
                    $"{kind.Title()} requested by {actor.Name} through the control webhook{because}", actor.Name, now);
            }
            else
            {
                ValidateReason(kind, reason);
                recorded = ContainmentAction.ForManual(incident.Id, kind, reason?.Trim(), actor.Name, now);
                written = incident.Record(TimelineEntryKind.Action,
                    $"{kind.Title()} started by {actor.Name} as a manual checklist (no control webhook){because}", actor.Name, now);
            }
            db.ContainmentActions.Add(recorded);
            return written;
        }, cancellationToken, k => new ContainmentChangedNotification(k));

        if (control is null)
        {
            return recorded!.ToView(entry.IncidentKey);
        }
        return await SendAndRecordAsync(entry.IncidentKey, exercise, recorded!.Id, recorded.Request(), control, actor);
    });

    /// <summary>Sends a failed webhook action again, with the same idempotency key, to the system's current webhook.</summary>
    public Task<ContainmentActionView> RetryAsync(string key, int actionId, Actor actor, CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.Contain, key, new { key, actionId }, async () =>
    {
        ControlWebhookRequest? request = null;
        SystemControl? control = null;
        var exercise = false;
        var entry = await incidents.ChangeWithAsync(key, actor, "retry a containment action", async (incident, db, now) =>
        {
            exercise = incident.IsExercise;
            EnsureMayContain(incident, actor.Name, "retry containment actions");
            EnsureOpen(incident);
            var action = await FindAsync(db, incident, actionId, cancellationToken);
            control = await db.SystemControls.AsNoTracking().SingleOrDefaultAsync(c => c.AiSystemId == incident.AiSystemId, cancellationToken)
                ?? throw new InvalidTransitionException($"{incident.AiSystem!.Name} has no control webhook any more; contain by hand instead.");
            action.BeginRetry();
            request = action.Request();
            return incident.Record(TimelineEntryKind.Action, $"{action.Kind.Title()} retried by {actor.Name} through the control webhook.", actor.Name, now);
        }, cancellationToken, k => new ContainmentChangedNotification(k));
        return await SendAndRecordAsync(entry.IncidentKey, exercise, actionId, request!, control!, actor);
    });

    /// <summary>Ticks a step of a manual action; ticking the last one counts as a successful containment.</summary>
    public Task<ContainmentActionView> CheckItemAsync(string key, int actionId, int index, Actor actor, CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.Contain, key, new { key, actionId, index }, async () =>
    {
        ContainmentAction? checkedAction = null;
        var entry = await incidents.ChangeWithAsync(key, actor, "check a containment step", async (incident, db, now) =>
        {
            EnsureMayContain(incident, actor.Name, "check containment steps");
            var action = await FindAsync(db, incident, actionId, cancellationToken);
            var completed = action.Check(index, actor.Name, now);
            checkedAction = action;
            return completed
                ? incident.RecordContainment($"{action.Kind.Title()} done by hand: all {action.Checklist.Count} checklist steps checked.", actor.Name, now)
                : incident.Record(TimelineEntryKind.Action,
                    $"{action.Kind.Title()} step {index + 1} of {action.Checklist.Count} done: {action.Checklist[index].Text}", actor.Name, now);
        }, cancellationToken, k => new ContainmentChangedNotification(k));
        return checkedAction!.ToView(entry.IncidentKey);
    });

    public async Task<SystemControlView> GetControlAsync(string systemSlug, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var system = await FindSystemAsync(db, systemSlug, cancellationToken);
        var control = await db.SystemControls.AsNoTracking().SingleOrDefaultAsync(c => c.AiSystemId == system.Id, cancellationToken);
        return ToView(system.Slug, control);
    }

    /// <summary>
    /// Sets where a system's containment requests go (administrators only: the server will POST there). The target must
    /// pass <see cref="WebhookTargetPolicy"/>; a blank secret keeps the current one, but only while the URL stays the same.
    /// </summary>
    public Task<SystemControlView> SetControlAsync(string systemSlug, string? url, string? secret, Actor actor,
        CancellationToken cancellationToken = default) => guard.AuditedAsync(actor, Permission.ConfigureControlWebhooks, systemSlug, new { systemSlug, url, secret }, async () =>
    {
        var v = new Validator();
        var webhook = v.RequiredText("url", url, SystemControl.UrlLength, "Webhook URL");
        Uri? parsed = null;
        if (webhook is not null && (!Uri.TryCreate(webhook, UriKind.Absolute, out parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)))
        {
            v.Add("url", "Webhook URL must be an absolute http:// or https:// address.");
        }
        else if (parsed is not null && await targets.CheckAsync(parsed, cancellationToken) is { } refusal)
        {
            v.Add("url", refusal);
        }
        var newSecret = string.IsNullOrEmpty(secret) ? null : secret;
        if (newSecret is not null && (newSecret.Length < SystemControl.MinSecretLength || newSecret.Length > SystemControl.MaxSecretLength))
        {
            v.Add("secret", $"The secret must be {SystemControl.MinSecretLength} to {SystemControl.MaxSecretLength} characters (it has {newSecret.Length}).");
        }
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var system = await FindSystemAsync(db, systemSlug, cancellationToken);
        var control = await db.SystemControls.SingleOrDefaultAsync(c => c.AiSystemId == system.Id, cancellationToken);
        if (control is null && newSecret is null && v.IsValid)
        {
            v.Add("secret", "A secret is required: every request is signed with it.");
        }
        else if (control is not null && newSecret is null && v.IsValid && !string.Equals(control.WebhookUrl, webhook, StringComparison.Ordinal))
        {
            // Otherwise whoever changes the URL gets requests signed with a secret agreed with the old receiver, which
            // they could replay to it.
            v.Add("secret", "Enter the secret again to change the URL: requests signed with the current secret never go to a new address.");
        }
        v.ThrowIfInvalid();

        var now = clock.GetUtcNow().UtcDateTime;
        if (control is null)
        {
            control = new SystemControl(system.Id, webhook!, newSecret!, actor.Name, now);
            db.SystemControls.Add(control);
        }
        else
        {
            control.Change(webhook!, newSecret, actor.Name, now);
        }
        await db.SaveChangesAsync(cancellationToken);
        return ToView(system.Slug, control);
    });

    /// <summary>
    /// Calls the webhook and records the outcome. Not cancelled with the caller: once requested, the action's outcome
    /// is recorded even if the browser went away (the client's own timeout and attempt limit bound the wait).
    /// </summary>
    private async Task<ContainmentActionView> SendAndRecordAsync(string key, bool exercise, int actionId, ControlWebhookRequest request, SystemControl control, Actor actor)
    {
        // An exercise never touches the real world: its containment is a dry run that calls nothing.
        var result = exercise
            ? DryRun(clock.GetUtcNow().UtcDateTime)
            : await new ControlWebhookClient(httpClients.CreateClient(HttpClientName), clock, webhookOptions.Value)
                .SendAsync(new Uri(control.WebhookUrl), control.Secret, request, CancellationToken.None);
        ContainmentAction? done = null;
        var entry = await incidents.ChangeWithAsync(key, actor, "record a containment outcome", async (incident, db, now) =>
        {
            var action = await FindAsync(db, incident, actionId, CancellationToken.None);
            action.RecordOutcome(result, actor.Name, now);
            done = action;
            return result.Succeeded
                ? incident.RecordContainment($"{action.Kind.Title()} applied by the control webhook: {result.Summary}.", actor.Name, now)
                : incident.Record(TimelineEntryKind.Action,
                    $"{action.Kind.Title()} FAILED: {result.Summary}. Retry it, or contain by hand.", actor.Name, now);
        }, CancellationToken.None, k => new ContainmentChangedNotification(k));
        return done!.ToView(entry.IncidentKey);
    }

    /// <summary>What an exercise's containment "did": one attempt that made no HTTP call.</summary>
    internal static ControlWebhookResult DryRun(DateTime now) =>
        new(true, [new ControlWebhookAttempt(1, now, 0, null, DryRunNote)], null, $"{DryRunNote}: no HTTP call was made");

    public const string DryRunNote = "dry run (exercise)";

    private void EnsureMayContain(Incident incident, string person, string what)
    {
        var lead = incident.HolderOf(IncidentRole.TechnicalLead);
        if (!ContainmentRules.MayContain(incident.IncidentCommander, lead, person))
        {
            throw new ForbiddenActionException(
                $"Only the Incident Commander ({incident.IncidentCommander}) or the Technical Lead{(lead is null ? "" : $" ({lead})")} can {what} on {incident.Key}.");
        }
    }

    private static void EnsureOpen(Incident incident)
    {
        if (!incident.Status.IsActive())
        {
            throw new InvalidTransitionException($"{incident.Key} is {incident.Status.ToString().ToLowerInvariant()}; containment is for open incidents.");
        }
    }

    private static void ValidateReason(ContainmentActionKind kind, string? reason)
    {
        var v = new Validator();
        if (kind.IsDestructive())
        {
            v.RequiredText("reason", reason, Limits.TimelineTextLength, $"A reason to {kind.Title().ToLowerInvariant()}");
        }
        else
        {
            v.OptionalText("reason", reason, Limits.TimelineTextLength, "Reason");
        }
        v.ThrowIfInvalid();
    }

    private static async Task<ContainmentAction> FindAsync(CommandCenterDbContext db, Incident incident, int actionId, CancellationToken cancellationToken) =>
        await db.ContainmentActions.SingleOrDefaultAsync(a => a.Id == actionId && a.IncidentId == incident.Id, cancellationToken)
        ?? throw new NotFoundException($"{incident.Key} has no containment action #{actionId}.");

    private static async Task<Systems.AiSystem> FindSystemAsync(CommandCenterDbContext db, string slug, CancellationToken cancellationToken)
    {
        var lowered = slug.Trim().ToLowerInvariant();
        return await db.AiSystems.AsNoTracking().SingleOrDefaultAsync(s => s.Slug.ToLower() == lowered, cancellationToken)
            ?? throw new NotFoundException($"No AI system '{slug}' in the inventory.");
    }

    private static SystemControlView ToView(string slug, SystemControl? control) => control is null
        ? new SystemControlView(slug, null, false, null, null, null)
        : new SystemControlView(slug, control.WebhookUrl, true, control.SecretHint, control.UpdatedAt, control.UpdatedBy);
}
