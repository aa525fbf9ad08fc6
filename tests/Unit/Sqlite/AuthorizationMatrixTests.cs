using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Integrations;
using CommandCenter.Core.Systems;
using CommandCenter.Tests.Unit.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Tests.Unit;

/// <summary>One Core host for the whole matrix; every case works on its own incident, system, key or account.</summary>
public sealed class AuthorizationMatrixFixture : IAsyncLifetime
{
    private readonly TempDatabaseFolder _folder = new();

    internal TestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await TestHost.StartAsync(_folder.PathOf());
        // Candidate decisions run on the detection engine's loop.
        await Host.Services.GetRequiredService<DetectionEngine>().StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Host.Services.GetRequiredService<DetectionEngine>().StopAsync(CancellationToken.None);
        await Host.DisposeAsync();
        _folder.Dispose();
    }
}

/// <summary>
/// Every organisation role against every mutating Core service call (and the account listing): Leadership may change
/// nothing, Responders everything but users, API keys, playbooks, control webhooks and appointing a Legal/Compliance
/// Liaison without being the IC, Administrators everything except taking the Legal seat for themselves. The expectation is written out here, not read from
/// <see cref="AccessPolicy"/>, so a change to the policy has to change this table too.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixFixture fixture) : IClassFixture<AuthorizationMatrixFixture>
{
    private static readonly Actor Setup = Actor.Automation("Matrix setup");
    private static int _counter;

    private TestHost Host => fixture.Host;

    private static readonly Dictionary<string, OrgRole[]> AllowedRoles = new()
    {
        ["incidents.declare"] = [OrgRole.Responder, OrgRole.Administrator],
        ["incidents.record"] = [OrgRole.Responder, OrgRole.Administrator],
        ["incidents.correct"] = [OrgRole.Responder, OrgRole.Administrator],
        ["incidents.status"] = [OrgRole.Responder, OrgRole.Administrator],
        ["incidents.severity"] = [OrgRole.Responder, OrgRole.Administrator],
        ["incidents.assign-role"] = [OrgRole.Responder, OrgRole.Administrator],
        ["incidents.unassign-role"] = [OrgRole.Responder, OrgRole.Administrator],
        // The liaison approves what is said outside: the IC (here there is none) or an administrator appoints them.
        ["incidents.appoint-legal-liaison"] = [OrgRole.Administrator],
        ["incidents.take-legal-seat"] = [],
        ["incidents.start-clocks"] = [OrgRole.Responder, OrgRole.Administrator],
        ["incidents.meet-clock"] = [OrgRole.Responder, OrgRole.Administrator],
        ["incidents.exposure"] = [OrgRole.Responder, OrgRole.Administrator],
        ["incidents.legal-hold"] = [OrgRole.Responder, OrgRole.Administrator],
        ["updates.draft"] = [OrgRole.Responder, OrgRole.Administrator],
        ["updates.approve"] = [OrgRole.Responder, OrgRole.Administrator],
        ["updates.revise"] = [OrgRole.Responder, OrgRole.Administrator],
        ["updates.submit"] = [OrgRole.Responder, OrgRole.Administrator],
        ["updates.reject"] = [OrgRole.Responder, OrgRole.Administrator],
        ["updates.sent"] = [OrgRole.Responder, OrgRole.Administrator],
        ["containment.run"] = [OrgRole.Responder, OrgRole.Administrator],
        ["containment.retry"] = [OrgRole.Responder, OrgRole.Administrator],
        ["containment.check-item"] = [OrgRole.Responder, OrgRole.Administrator],
        ["containment.set-control"] = [OrgRole.Administrator],
        ["playbooks.check"] = [OrgRole.Responder, OrgRole.Administrator],
        ["playbooks.skip"] = [OrgRole.Responder, OrgRole.Administrator],
        ["playbooks.answer-gate"] = [OrgRole.Responder, OrgRole.Administrator],
        ["playbooks.save-version"] = [OrgRole.Administrator],
        ["candidates.promote"] = [OrgRole.Responder, OrgRole.Administrator],
        ["candidates.merge"] = [OrgRole.Responder, OrgRole.Administrator],
        ["candidates.dismiss"] = [OrgRole.Responder, OrgRole.Administrator],
        ["systems.create"] = [OrgRole.Responder, OrgRole.Administrator],
        ["systems.update"] = [OrgRole.Responder, OrgRole.Administrator],
        ["api-keys.create"] = [OrgRole.Administrator],
        ["api-keys.revoke"] = [OrgRole.Administrator],
        ["users.list"] = [OrgRole.Administrator],
        ["users.create"] = [OrgRole.Administrator],
        ["users.change-role"] = [OrgRole.Administrator],
        ["users.lock"] = [OrgRole.Administrator],
        ["users.set-password"] = [OrgRole.Administrator],
    };

    public static TheoryData<string, OrgRole> Cases()
    {
        var data = new TheoryData<string, OrgRole>();
        foreach (var operation in AllowedRoles.Keys)
        {
            foreach (var role in OrgRoles.All)
            {
                data.Add(operation, role);
            }
        }
        return data;
    }

    [Fact]
    public void TheMatrixCoversEveryPermissionTheServicesCheck()
    {
        Assert.Equal(39, AllowedRoles.Count);
        Assert.All(Enum.GetValues<Permission>().Where(p => p is not (Permission.RunPlaybook or Permission.Contain
                or Permission.EditPlaybooks)),
            p => Assert.True(AccessPolicy.Allows(OrgRole.Administrator, p)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EveryRoleIsAllowedOrDeniedEveryMutation(string operation, OrgRole role)
    {
        var n = Interlocked.Increment(ref _counter);
        var actor = new Actor($"Matrix {role} {n}", role, $"matrix.{n}");
        await Host.AddPersonAsync(actor.Name, actor.UserName!, role);
        var call = await PrepareAsync(operation, n, actor);
        var allowed = AllowedRoles[operation].Contains(role);

        var error = await Record.ExceptionAsync(() => call(actor));

        if (allowed)
        {
            Assert.False(error is ForbiddenActionException, $"{role} should be allowed to {operation}: {error?.Message}");
            Assert.True(error is null or NotFoundException, $"{operation} by {role} failed for another reason: {error}");
        }
        else
        {
            var denied = Assert.IsType<ForbiddenActionException>(error);
            Assert.False(string.IsNullOrWhiteSpace(denied.Message));
        }
    }

    /// <summary>Sets up what <paramref name="operation"/> needs and returns the call to make as the actor under test.</summary>
    private async Task<Func<Actor, Task>> PrepareAsync(string operation, int n, Actor actor)
    {
        var incidents = Host.Incidents;
        async Task<string> NewIncidentAsync() =>
            (await incidents.DeclareAsync(new DeclareIncident($"Matrix incident {n}", null, "SEV3", "toxicity", "support-assistant"), Setup)).Key;
        switch (operation)
        {
            case "incidents.declare":
                return a => incidents.DeclareAsync(new DeclareIncident($"Declared {n}", null, "SEV3", "toxicity", "support-assistant"), a);
            case "incidents.record":
            {
                var key = await NewIncidentAsync();
                return a => incidents.RecordAsync(key, new RecordTimelineEntry("note", "a note"), a);
            }
            case "incidents.correct":
            {
                var key = await NewIncidentAsync();
                var entry = await incidents.RecordAsync(key, new RecordTimelineEntry("note", "typo"), Setup);
                return a => incidents.CorrectAsync(key, new CorrectTimelineEntry(entry.Sequence, "fixed"), a);
            }
            case "incidents.status":
            {
                var key = await NewIncidentAsync();
                return a => Host.Lifecycle.ChangeStatusAsync(key, "triaged", a);
            }
            case "incidents.severity":
            {
                var key = await NewIncidentAsync();
                return a => Host.Lifecycle.ChangeSeverityAsync(key, "SEV2", a);
            }
            case "incidents.assign-role":
            {
                var key = await NewIncidentAsync();
                return a => Host.Roster.AssignRoleAsync(key, "scribe", "Tom Okafor", a);
            }
            case "incidents.appoint-legal-liaison":
            {
                var key = await NewIncidentAsync();
                return a => Host.Roster.AssignRoleAsync(key, "legal-liaison", "Noor Haddad", a);
            }
            case "incidents.take-legal-seat":
            {
                var key = await NewIncidentAsync();
                return a => Host.Roster.AssignRoleAsync(key, "legal-liaison", a.Name, a);
            }
            case "incidents.unassign-role":
            {
                var key = await NewIncidentAsync();
                await Host.Roster.AssignRoleAsync(key, "scribe", "Tom Okafor", Setup);
                return a => Host.Roster.UnassignRoleAsync(key, "scribe", a);
            }
            case "incidents.start-clocks":
            {
                var key = await NewIncidentAsync();
                return a => Host.Legal.StartClocksAsync(key, "personal-data-breach", null, a);
            }
            case "incidents.meet-clock":
            {
                var key = await NewIncidentAsync();
                var started = await Host.Legal.StartClocksAsync(key, "personal-data-breach", null, Setup);
                var code = (await incidents.GetAsync(key)).Clocks[0].Code;
                return a => Host.Legal.MeetClockAsync(key, code, a);
            }
            case "incidents.exposure":
            {
                var key = await NewIncidentAsync();
                return a => Host.Legal.RecordExposureAsync(key, ["support-assistant"], ["email addresses"], 120, a);
            }
            case "incidents.legal-hold":
            {
                var key = await NewIncidentAsync();
                return a => Host.Legal.SetLegalHoldAsync(key, true, "regulator inquiry", a);
            }
            case "updates.draft":
            {
                var key = await NewIncidentAsync();
                return a => Service<Core.Communications.StatusUpdateService>().DraftAsync(key, "internal",
                    new Core.Communications.StatusUpdateText("a", "b", "c", "d", Host.Clock.UtcNow.AddMinutes(30)), a);
            }
            case "updates.approve":
            {
                // No such update: an allowed role gets past the access check and is told so (404).
                var key = await NewIncidentAsync();
                return a => Service<Core.Communications.StatusUpdateService>().ApproveAsync(key, 1_000_000 + n, a);
            }
            case "updates.revise":
            {
                // No such update: an allowed role gets past the access check and is told so (404); likewise below.
                var key = await NewIncidentAsync();
                return a => Service<Core.Communications.StatusUpdateService>().ReviseAsync(key, 1_000_000 + n,
                    new Core.Communications.StatusUpdateText("a", "b", "c", "d", Host.Clock.UtcNow.AddMinutes(30)), a);
            }
            case "updates.submit":
            {
                var key = await NewIncidentAsync();
                return a => Service<Core.Communications.StatusUpdateService>().SubmitAsync(key, 1_000_000 + n, a);
            }
            case "updates.reject":
            {
                var key = await NewIncidentAsync();
                return a => Service<Core.Communications.StatusUpdateService>().RejectAsync(key, 1_000_000 + n, "not accurate", a);
            }
            case "updates.sent":
            {
                var key = await NewIncidentAsync();
                return a => Service<Core.Communications.StatusUpdateService>().MarkSentAsync(key, 1_000_000 + n, a);
            }
            case "containment.run":
            {
                var key = await NewIncidentAsync();
                return a => Service<Core.Containment.ContainmentService>().RunAsync(key, "rate-limit", "slow the attacker down", a);
            }
            case "containment.retry":
            {
                var key = await NewIncidentAsync();
                return a => Service<Core.Containment.ContainmentService>().RetryAsync(key, 1_000_000 + n, a);
            }
            case "containment.check-item":
            {
                var key = await NewIncidentAsync();
                return a => Service<Core.Containment.ContainmentService>().CheckItemAsync(key, 1_000_000 + n, 0, a);
            }
            case "containment.set-control":
                return a => Service<Core.Containment.ContainmentService>().SetControlAsync("support-assistant",
                    "https://controls.example.com/hooks/support-assistant", "a-shared-secret-of-32-characters", a);
            case "playbooks.check":
            case "playbooks.skip":
            case "playbooks.answer-gate":
            {
                // The person under test commands this incident, so only the organisation role decides (Leadership holds no
                // incident role: its organisation role alone is refused).
                var key = await NewIncidentAsync();
                if (actor.Role != OrgRole.Leadership)
                {
                    await Host.Roster.AssignRoleAsync(key, "incident-commander", actor.Name, Setup);
                }
                var playbooks = Service<Core.Playbooks.PlaybookService>();
                var run = await playbooks.AttachAsync(key, Setup);
                var step = run.Content.Steps.First(s => s.Gate is null).Id;
                var gate = run.Content.Steps.First(s => s.Gate is not null && s.Gate.StartsClock is null).Id;
                return operation switch
                {
                    "playbooks.check" => a => playbooks.CheckAsync(key, step, null, a),
                    "playbooks.skip" => a => playbooks.SkipAsync(key, step, "not relevant for this system", a),
                    _ => a => playbooks.AnswerGateAsync(key, gate, false, null, a),
                };
            }
            case "playbooks.save-version":
                return a => Service<Core.Playbooks.PlaybookService>().SaveVersionAsync(Archetype.Toxicity,
                    Core.Playbooks.BuiltInPlaybooks.For(Archetype.Toxicity), $"matrix edit {n}", a);
            case "candidates.promote":
                return a => Service<CandidateService>().PromoteAsync(1_000_000 + n, a);
            case "candidates.merge":
                return a => Service<CandidateService>().MergeAsync(1_000_000 + n, "INC-2026-0001", a);
            case "candidates.dismiss":
                return a => Service<CandidateService>().DismissAsync(1_000_000 + n, "noise", a);
            case "systems.create":
                return a => Host.Systems.CreateAsync(SystemCommand($"matrix-{n}"), a);
            case "systems.update":
            {
                var slug = $"matrix-update-{n}";
                await Host.Systems.CreateAsync(SystemCommand(slug), Setup);
                return a => Host.Systems.UpdateAsync(slug, SystemCommand(slug), a);
            }
            case "api-keys.create":
                return a => Service<ApiKeyService>().CreateAsync(new CreateApiKey($"Matrix key {n}", "matrix", null), a);
            case "api-keys.revoke":
            {
                var created = await Service<ApiKeyService>().CreateAsync(new CreateApiKey($"Matrix key {n}", "matrix", null), Setup);
                return a => Service<ApiKeyService>().RevokeAsync(created.Key.Id, a);
            }
            case "users.list":
                return a => Service<AccountService>().ListAsync(a);
            case "users.create":
                return a => Service<AccountService>().CreateAsync(new CreateUser($"new.{n}", $"New person {n}", "responder", "long-enough-password"), a);
            default:
            {
                var target = await Service<AccountService>().CreateAsync(
                    new CreateUser($"target.{n}", $"Target {n}", "responder", "long-enough-password"), Setup);
                return operation switch
                {
                    "users.change-role" => a => Service<AccountService>().ChangeRoleAsync(target.UserName, "leadership", a),
                    "users.lock" => a => Service<AccountService>().SetLockedAsync(target.UserName, true, a),
                    "users.set-password" => a => Service<AccountService>().SetPasswordAsync(target.UserName, "another-long-password", a),
                    _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "No such operation in the matrix."),
                };
            }
        }
    }

    private T Service<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    private static SaveAiSystem SystemCommand(string slug) => new()
    {
        Slug = slug,
        Name = "Matrix system " + slug,
        Kind = "generative",
        OwnerTeam = "Matrix team",
        OnCallContact = "#matrix-oncall",
        RiskTier = "limited",
        EuAiActRole = "deployer",
        CurrentModelVersion = "matrix-llm 1.0",
    };
}

public sealed class AccessGuardTests
{
    private sealed class CapturingLogger : ILogger<AccessGuard>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }

    [Fact]
    public void ADenialIsLoggedWithWhoWhatAndWhen()
    {
        var logger = new CapturingLogger();
        var clock = new ManualClock();
        var guard = new AccessGuard(logger, clock);

        var denied = Assert.Throws<ForbiddenActionException>(() =>
            guard.Demand(new Actor("Alex Morgan", OrgRole.Leadership, "alex"), Permission.ChangeStatus, "INC-2026-0007"));

        Assert.Contains("read-only", denied.Message);
        var (level, message) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("alex", message);
        Assert.Contains("leadership", message);
        Assert.Contains("change an incident's status", message);
        Assert.Contains("INC-2026-0007", message);
        Assert.Contains(clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd"), message);
    }

    [Fact]
    public void AnAllowedCallLogsNothing()
    {
        var logger = new CapturingLogger();
        new AccessGuard(logger, new ManualClock()).Demand(new Actor("Maya Chen", OrgRole.Responder), Permission.ChangeStatus, "INC-1");
        Assert.Empty(logger.Entries);
    }

    [Fact]
    public async Task APerIncidentDenialFromTheAggregateIsLoggedToo()
    {
        var logger = new CapturingLogger();
        var guard = new AccessGuard(logger, new ManualClock());

        await Assert.ThrowsAsync<ForbiddenActionException>(() => guard.LoggingDenialsAsync<int>(new Actor("Eve", OrgRole.Responder), "change the status",
            "INC-2026-0001", () => throw new ForbiddenActionException("Only the Incident Commander (Kim Lee) can change the status on INC-2026-0001.")));

        Assert.Contains(logger.Entries, e => e.Message.Contains("Only the Incident Commander") && e.Message.Contains("Eve"));
    }
}
