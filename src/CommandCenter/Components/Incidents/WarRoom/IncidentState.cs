using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Communications;
using CommandCenter.Core.Containment;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Events;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Playbooks;
using CommandCenter.Core.Regulatory;
using CommandCenter.Core.Systems;
using CommandCenter.Identity;

namespace CommandCenter.Components.Incidents.WarRoom;

/// <summary>What a view of one incident shows besides the detail and the timeline; each part is loaded once when a view asks.</summary>
[Flags]
public enum IncidentParts
{
    None = 0,
    Containment = 1,
    Playbook = 2,
    Updates = 4,
    Triage = 8,
    System = 16,
}

/// <summary>
/// The live state of the incident a circuit is looking at (scoped: one per circuit). It loads the detail and the first
/// timeline page once, subscribes once to the incident events, applies what a notification carries (an entry, a summary)
/// and re-reads only the part a typed notification names. Views take their data from here and re-render on
/// <see cref="Changed"/>; a timeline note costs no database read at all.
/// </summary>
public sealed class IncidentState(
    IncidentService incidents,
    ContainmentService containment,
    PlaybookService playbooks,
    StatusUpdateService statusUpdates,
    TriageService triage,
    SignalQueries signals,
    AiSystemService inventory,
    IIncidentNotifier notifier,
    CurrentUser user,
    PeopleDirectory directory,
    RosterSuggestions rosterSuggestions,
    TimeProvider clock,
    ILogger<IncidentState> logger) : IDisposable
{
    private IReadOnlyList<string> _accounts = [];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IDisposable? _subscription;
    private Timer? _ticker;
    private IncidentParts _loaded;

    /// <summary>Raised (off the renderer's thread) after anything shown changed; views call InvokeAsync(StateHasChanged).</summary>
    public event Action? Changed;

    public string? Key { get; private set; }

    /// <summary>The incident; setting it also answers <see cref="Permissions"/> for the signed-in person.</summary>
    public IncidentDetail? Detail
    {
        get;
        private set
        {
            field = value;
            Permissions = value is null || Actor is null ? IncidentPermissions.None : value.PermissionsFor(Actor);
        }
    }

    /// <summary>What the signed-in person may do on this incident, as Core's rules decide it; views only read it.</summary>
    public IncidentPermissions Permissions { get; private set; } = IncidentPermissions.None;

    public IReadOnlyList<TimelineEntryView> Timeline { get; private set; } = [];
    public bool HasMore { get; private set; }
    public string? LoadError { get; private set; }
    public Actor? Actor { get; private set; }
    public ContainmentOverview? Containment { get; private set; }
    public IncidentPlaybookRun? Playbook { get; private set; }

    /// <summary>The playbook run as the signed-in person sees it: which steps are theirs and which they may handle.</summary>
    public PlaybookRunView? MyPlaybook => Playbook?.For(Permissions);

    /// <summary>The playbook was read: a null <see cref="Playbook"/> then means none is attached.</summary>
    public bool PlaybookLoaded { get; private set; }
    public IncidentStatusUpdates? Updates { get; private set; }
    public TriagePack? Triage { get; private set; }
    public SignalSeries? Signals { get; private set; }
    public string? TriageError { get; private set; }
    public AiSystemDetail? System { get; private set; }
    public IReadOnlyList<(RegulatoryTrigger Trigger, string Why)> ClockSuggestions { get; private set; } = [];

    /// <summary>Whom the roster picker offers first per role; read once per incident (past incidents and the inventory change rarely).</summary>
    public RosterSuggestionSet RosterSuggestions { get; private set; } = RosterSuggestionSet.None;

    /// <summary>Leadership follows every incident read-only: views render no control for them.</summary>
    public bool ReadOnly => Permissions.ReadOnly;

    public string Me => Actor?.Name ?? "";

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// People to @mention and to give roles to: those on the roster or the timeline first, then every account that may
    /// hold a role (roles go to accounts; the list is read once per circuit).
    /// </summary>
    public IReadOnlyList<string> People => Detail is null ? []
        : TimelineView.Participants(Timeline, Detail.Roles).Concat(_accounts).Distinct(IncidentRules.People).ToList();

    /// <summary>Shows <paramref name="key"/> with at least <paramref name="parts"/>; what is already loaded for it is kept.</summary>
    public async Task LoadAsync(string key, IncidentParts parts = IncidentParts.None)
    {
        await _gate.WaitAsync();
        try
        {
            Actor ??= await user.GetActorAsync();
            if (_accounts.Count == 0)
            {
                _accounts = (await directory.RespondersAsync()).Select(p => p.DisplayName).ToList();
            }
            if (!IncidentKey.Same(Key, key))
            {
                Reset(key);
                try
                {
                    Detail = await incidents.GetAsync(key);
                    RosterSuggestions = ReadOnly ? RosterSuggestionSet.None : await rosterSuggestions.ForIncidentAsync(key);
                    var page = await incidents.GetTimelineAsync(key);
                    Timeline = TimelineView.Order(page);
                    HasMore = page.Count == IncidentService.TimelinePageSize;
                }
                catch (NotFoundException)
                {
                    LoadError = $"There is no incident {key}.";
                    return;
                }
            }
            if (Detail is null)
            {
                return;
            }
            var missing = parts & ~_loaded;
            _loaded |= missing;
            await ReloadAsync(missing);
            _subscription ??= notifier.Subscribe(OnNotificationAsync);
            _ticker ??= new Timer(_ => Changed?.Invoke(), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The next older page of the timeline.</summary>
    public async Task LoadEarlierAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (Key is null)
            {
                return;
            }
            var oldest = Timeline.Count == 0 ? (int?)null : Timeline.Min(e => e.Sequence);
            var page = await incidents.GetTimelineAsync(Key, oldest);
            Timeline = TimelineView.Order(Timeline.Concat(page));
            HasMore = page.Count == IncidentService.TimelinePageSize;
        }
        finally
        {
            _gate.Release();
        }
        Changed?.Invoke();
    }

    /// <summary>Puts a playbook run a command returned in place (the notification re-reads it too; this is sooner).</summary>
    public void Show(IncidentPlaybookRun run)
    {
        Playbook = run;
        PlaybookLoaded = true;
        Changed?.Invoke();
    }

    private void Reset(string key)
    {
        Key = key;
        _loaded = IncidentParts.None;
        Detail = null;
        Timeline = [];
        HasMore = false;
        LoadError = null;
        Containment = null;
        Playbook = null;
        PlaybookLoaded = false;
        Updates = null;
        Triage = null;
        Signals = null;
        TriageError = null;
        System = null;
        ClockSuggestions = [];
        RosterSuggestions = RosterSuggestionSet.None;
    }

    private async Task OnNotificationAsync(IncidentNotification notification)
    {
        if (!IncidentKey.Same(notification.IncidentKey, Key))
        {
            return;
        }
        await _gate.WaitAsync();
        try
        {
            if (Detail is null || Key is null)
            {
                return;
            }
            await ApplyAsync(notification, Detail);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not refresh {IncidentKey} after {Notification}", Key, notification.GetType().Name);
        }
        finally
        {
            _gate.Release();
        }
        Changed?.Invoke();
    }

    private async Task ApplyAsync(IncidentNotification notification, IncidentDetail detail)
    {
        switch (notification)
        {
            case TimelineEntryAddedNotification added:
                Timeline = TimelineView.Apply(Timeline, added.Entry);
                break;
            case IncidentUpdatedNotification updated:
                var before = detail.Incident;
                Detail = detail with { Incident = updated.Incident };
                if (before.Status != updated.Incident.Status || before.Severity != updated.Incident.Severity)
                {
                    // Phases, metrics, next statuses, the update cadence and what containment allows follow status and severity.
                    Detail = await incidents.GetAsync(Key!);
                    await ReloadAsync(_loaded & (IncidentParts.Updates | IncidentParts.Containment));
                }
                break;
            case RolesChangedNotification:
                Detail = await incidents.GetAsync(Key!);
                await ReloadAsync(_loaded & (IncidentParts.Updates | IncidentParts.Containment | IncidentParts.Playbook));
                break;
            case ClocksChangedNotification or LegalChangedNotification:
                Detail = await incidents.GetAsync(Key!);
                break;
            case ContainmentChangedNotification:
                await ReloadAsync(_loaded & IncidentParts.Containment);
                break;
            case PlaybookProgressedNotification:
                // A gate answered yes may have started regulatory clocks.
                Detail = await incidents.GetAsync(Key!);
                await ReloadAsync(_loaded & IncidentParts.Playbook);
                break;
            case StatusUpdatesChangedNotification:
                await ReloadAsync(_loaded & IncidentParts.Updates);
                break;
            case IncidentSignalsNotification:
                await ReloadAsync(_loaded & IncidentParts.Triage);
                break;
        }
    }

    private async Task ReloadAsync(IncidentParts parts)
    {
        var key = Key!;
        if (parts.HasFlag(IncidentParts.Containment))
        {
            Containment = await containment.GetOverviewAsync(key);
        }
        if (parts.HasFlag(IncidentParts.Playbook))
        {
            Playbook = await playbooks.ForIncidentAsync(key);
            PlaybookLoaded = true;
        }
        if (parts.HasFlag(IncidentParts.Updates))
        {
            Updates = await statusUpdates.ListAsync(key);
        }
        if (parts.HasFlag(IncidentParts.System))
        {
            System = await inventory.GetAsync(Detail!.System.Slug);
            ClockSuggestions = ClockSelection.Suggested(System.DataCategories, System.System.RiskTier, System.EuAiActRole);
        }
        if (parts.HasFlag(IncidentParts.Triage))
        {
            try
            {
                Triage = await triage.AssembleAsync(key);
                Signals = await signals.PerMinuteAsync(key);
                TriageError = null;
            }
            catch (Exception ex) when (ex is not NotFoundException and not OperationCanceledException)
            {
                logger.LogWarning(ex, "The triage pack of {IncidentKey} could not be assembled", key);
                TriageError = "The triage pack could not be assembled: " + ex.Message;
            }
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _ticker?.Dispose();
        _gate.Dispose();
    }
}
