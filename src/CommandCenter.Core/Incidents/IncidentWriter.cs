using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Core.Incidents;

/// <summary>
/// The one write path of an incident, for the incident use cases (IncidentService, IncidentLifecycle, IncidentRoster,
/// IncidentLegalRecords) and every feature that changes an incident with its own rows
/// (playbooks, containment, status updates, postmortems, evidence, triage): load it tracked inside the
/// <see cref="WriteGate"/>, change it, save once, log a per-incident denial, and publish its events after the commit.
/// Internal to Core (features call it; the web calls the feature services).
/// </summary>
public sealed class IncidentWriter(
    IDbContextFactory<CommandCenterDbContext> contextFactory,
    WriteGate writeGate,
    IIncidentEventPublisher publisher,
    TimeProvider clock,
    AccessGuard guard)
{
    /// <summary>
    /// For other Core services that change an incident together with their own rows (playbook steps, containment actions,
    /// status updates): loads the incident tracked in a context inside the write gate, runs <paramref name="change"/>
    /// (which may add its own entities to the same context), saves everything in one SaveChanges, logs a per-incident
    /// denial, and publishes the incident's events after the commit. <paramref name="change"/> returns the timeline entry
    /// it appended (for example with <see cref="Incident.Record"/>).
    /// </summary>
    /// <param name="tell">The typed notification naming what else changed (containment, playbook...), published after the commit.</param>
    internal async Task<TimelineEntryView> ChangeWithAsync(string key, Actor actor, string what,
        Func<Incident, CommandCenterDbContext, DateTime, Task<TimelineEntry>> change, CancellationToken cancellationToken,
        Func<string, IncidentNotification>? tell = null)
    {
        var (incident, entry) = await guard.LoggingDenialsAsync(actor, what, key, () => writeGate.RunAsync(async ct =>
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            var loaded = await LoadAsync(db, key, tracking: true, ct);
            var appended = await change(loaded, db, Now());
            await db.SaveChangesAsync(ct);
            return (loaded, appended);
        }, cancellationToken));

        Publish(incident, tell?.Invoke(incident.Key));
        return entry.ToView(incident.Key);
    }

    /// <summary>
    /// For a change that is one aggregate method appending its own timeline entry (a status, a role, a clock): the same
    /// write path as <see cref="ChangeWithAsync"/>, answering with the incident's summary after the change.
    /// </summary>
    internal async Task<IncidentSummary> ChangeAsync(string key, Actor actor, Action<Incident, DateTime> change,
        CancellationToken cancellationToken, Func<string, IncidentNotification>? tell = null,
        [System.Runtime.CompilerServices.CallerMemberName] string what = "")
    {
        Incident? changed = null;
        await ChangeWithAsync(key, actor, what.Replace("Async", "", StringComparison.Ordinal), (incident, _, now) =>
        {
            change(incident, now);
            changed = incident;
            return Task.FromResult(incident.Timeline[^1]);
        }, cancellationToken, tell);
        return changed!.ToSummary();
    }

    /// <summary>Loads an incident (not tracked) with its system, roles and clocks, for services that decide before they write.</summary>
    internal async Task<Incident> LoadIncidentAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await LoadAsync(db, key, tracking: false, cancellationToken);
    }

    /// <summary>The triage pack of <paramref name="key"/> is complete; the first call records time to context.</summary>
    internal async Task RecordContextAssembledAsync(string key, CancellationToken cancellationToken)
    {
        var changed = await writeGate.RunAsync(async ct =>
        {
            await using var db = await contextFactory.CreateDbContextAsync(ct);
            var loaded = await LoadAsync(db, key, tracking: true, ct);
            if (!loaded.RecordContextAssembled(Now()))
            {
                return null;
            }
            await db.SaveChangesAsync(ct);
            return loaded;
        }, cancellationToken);
        if (changed is not null)
        {
            publisher.Publish([new IncidentUpdatedNotification(changed.ToSummary())]);
        }
    }

    /// <summary>Publishes what the incident raised (and <paramref name="typed"/>), once its change is committed.</summary>
    internal void Publish(Incident incident, IncidentNotification? typed = null)
    {
        var notifications = new List<IncidentNotification>();
        foreach (var domainEvent in incident.DomainEvents)
        {
            switch (domainEvent)
            {
                case TimelineEntryAppended appended:
                    notifications.Add(new TimelineEntryAddedNotification(appended.Entry.ToView(incident.Key)));
                    break;
                case IncidentChanged:
                    break;
            }
        }
        if (incident.DomainEvents.OfType<IncidentChanged>().Any())
        {
            notifications.Add(new IncidentUpdatedNotification(incident.ToSummary()));
        }
        if (typed is not null)
        {
            notifications.Add(typed);
        }
        incident.ClearDomainEvents();
        publisher.Publish(notifications);
    }

    internal static async Task<Incident> LoadAsync(CommandCenterDbContext db, string key, bool tracking, CancellationToken cancellationToken)
    {
        var query = db.Incidents.Include(i => i.AiSystem).Include(i => i.Roles).Include(i => i.Clocks).AsSplitQuery();
        if (!tracking)
        {
            query = query.AsNoTracking();
        }
        var normalized = IncidentKey.Normalize(key);
        return await query.SingleOrDefaultAsync(i => i.Key == normalized, cancellationToken) ?? throw NotFound(key);
    }

    internal static NotFoundException NotFound(string key) => new($"No incident {key}.");

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
