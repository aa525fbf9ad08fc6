using CommandCenter.Core.Accounts;
using CommandCenter.Core.Common;
using CommandCenter.Core.Containment;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Systems;
using CommandCenter.Tests.Unit.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.Tests.Unit.Containment;

public sealed class ContainmentServiceTests : IAsyncLifetime
{
    private const string Maya = TestIncidents.Maya;
    private const string Priya = TestIncidents.Priya;
    private const string Tom = TestIncidents.Tom;
    private const string Reason = "Model 2026.11.1 follows instructions hidden in retrieved articles";

    private readonly TempDatabaseFolder _folder = new();
    private TestHost _host = null!;
    private string _key = "";

    private static readonly Actor Admin = TestActors.As("Ada Admin", OrgRole.Administrator);

    private ContainmentService Containment => _host.Services.GetRequiredService<ContainmentService>();

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(_folder.PathOf(), settings: new Dictionary<string, string?>
        {
            ["Containment:Webhook:Timeout"] = "00:00:02",
            ["Containment:Webhook:FirstBackoff"] = "00:00:00.020",
            // The receivers in these tests listen on loopback.
            ["Containment:AllowPrivateWebhookTargets"] = "true",
        });
        var maya = TestActors.As(Maya);
        _key = (await _host.Incidents.DeclareAsync(new DeclareIncident("Assistant hands out discount codes", "", "SEV2", "prompt-injection",
            "support-assistant", TakeCommand: true), maya)).Key;
        await _host.Roster.AssignRoleAsync(_key, "technical-lead", Priya, maya);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task TheCommanderStartsAManualChecklistWhenTheSystemHasNoWebhook()
    {
        var action = await Containment.RunAsync(_key, ContainmentActionKind.RollbackModel, Reason, TestActors.As(Maya));

        Assert.Equal(ContainmentMode.Manual, action.Mode);
        Assert.Equal(ContainmentState.ManualOpen, action.State);
        Assert.Equal(ContainmentActionKind.RollbackModel.ManualChecklist(), action.Checklist.Select(c => c.Text));
        Assert.All(action.Checklist, c => Assert.Null(c.CheckedBy));
        var history = await Containment.ListAsync(_key);
        Assert.Equal(action.Id, Assert.Single(history).Id);
        var timeline = await _host.Incidents.GetTimelineAsync(_key);
        Assert.Contains("Roll back model started by Maya Chen as a manual checklist", timeline[0].Text);
        Assert.Null((await _host.Incidents.GetAsync(_key)).Phases.ContainedAt);
    }

    [Fact]
    public async Task TheTechnicalLeadMayContainToo()
    {
        var action = await Containment.RunAsync(_key, "tighten-filters", null, TestActors.As(Priya));

        Assert.Equal(Priya, action.RequestedBy);
    }

    [Fact]
    public async Task AResponderWithoutTheCommandOrTechnicalLeadIsRefused()
    {
        var refused = await Assert.ThrowsAsync<ForbiddenActionException>(() =>
            Containment.RunAsync(_key, ContainmentActionKind.RateLimit, null, TestActors.As(Tom)));

        Assert.Contains("Only the Incident Commander (Maya Chen) or the Technical Lead (Priya Raman)", refused.Message);
        Assert.Empty(await Containment.ListAsync(_key));
    }

    [Fact]
    public async Task LeadershipIsRefusedEvenWhenHoldingTheCommand()
    {
        await Assert.ThrowsAsync<ForbiddenActionException>(() =>
            Containment.RunAsync(_key, ContainmentActionKind.RateLimit, null, TestActors.As(Maya, OrgRole.Leadership)));
    }

    [Fact]
    public async Task AnyResponderMayContainBeforeThereIsACommander()
    {
        var open = await _host.Incidents.DeclareAsync(new DeclareIncident("Toxic answers", "", "SEV3", "toxicity", "support-assistant"), TestActors.As(Tom));

        var action = await Containment.RunAsync(open.Key, ContainmentActionKind.TightenFilters, null, TestActors.As(Tom));

        Assert.Equal(ContainmentState.ManualOpen, action.State);
    }

    [Fact]
    public async Task ADestructiveActionWithoutAReasonIsRefused()
    {
        var refused = await Assert.ThrowsAsync<ValidationException>(() =>
            Containment.RunAsync(_key, ContainmentActionKind.DisableFeature, "  ", TestActors.As(Maya)));

        Assert.True(refused.Errors.ContainsKey("reason"));
    }

    [Fact]
    public async Task AnActionThatDoesNotFitTheSystemIsRefused()
    {
        var refused = await Assert.ThrowsAsync<ValidationException>(() =>
            Containment.RunAsync(_key, ContainmentActionKind.RevokeAgentPermissions, Reason, TestActors.As(Maya)));

        Assert.True(refused.Errors.ContainsKey("action"));
    }

    [Fact]
    public async Task CheckingEveryStepContainsTheIncidentOnceAndALaterSuccessKeepsTheFirstTime()
    {
        var maya = TestActors.As(Maya);
        var rollback = await Containment.RunAsync(_key, ContainmentActionKind.RollbackModel, Reason, maya);
        for (var i = 0; i < rollback.Checklist.Count - 1; i++)
        {
            var partial = await Containment.CheckItemAsync(_key, rollback.Id, i, maya);
            Assert.Equal(ContainmentState.ManualOpen, partial.State);
            Assert.Null((await _host.Incidents.GetAsync(_key)).Phases.ContainedAt);
        }
        var containedAt = _host.Clock.AdvanceMinutes(5);

        var done = await Containment.CheckItemAsync(_key, rollback.Id, rollback.Checklist.Count - 1, TestActors.As(Priya));

        Assert.Equal(ContainmentState.ManualDone, done.State);
        Assert.Equal(Priya, done.CompletedBy);
        var detail = await _host.Incidents.GetAsync(_key);
        Assert.Equal(IncidentStatus.Contained, detail.Incident.Status);
        Assert.Equal(containedAt, detail.Phases.ContainedAt);

        _host.Clock.AdvanceMinutes(10);
        var filters = await Containment.RunAsync(_key, ContainmentActionKind.TightenFilters, null, maya);
        for (var i = 0; i < filters.Checklist.Count; i++)
        {
            await Containment.CheckItemAsync(_key, filters.Id, i, maya);
        }
        Assert.Equal(containedAt, (await _host.Incidents.GetAsync(_key)).Phases.ContainedAt);
        var timeline = await _host.Incidents.GetTimelineAsync(_key);
        Assert.Single(timeline, e => e.Text.Contains("First successful containment", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AStepCannotBeCheckedTwice()
    {
        var maya = TestActors.As(Maya);
        var action = await Containment.RunAsync(_key, ContainmentActionKind.RateLimit, null, maya);
        await Containment.CheckItemAsync(_key, action.Id, 0, maya);

        await Assert.ThrowsAsync<InvalidTransitionException>(() => Containment.CheckItemAsync(_key, action.Id, 0, maya));
        await Assert.ThrowsAsync<NotFoundException>(() => Containment.CheckItemAsync(_key, action.Id, 9, maya));
    }

    [Fact]
    public async Task AnAgentOffersRevokingItsPermissionsFirst()
    {
        await using (var db = _host.CreateDbContext())
        {
            db.AiSystems.Add(new AiSystem("refund-agent", "Refund agent", AiSystemKind.Agent, "Payments", RiskTier.High, "agent 3", null, false));
            await db.SaveChangesAsync();
        }
        var agent = await _host.Incidents.DeclareAsync(new DeclareIncident("Refunds without approval", "", "SEV1", "agentic-misalignment", "refund-agent"),
            TestActors.As(Maya));

        var available = await Containment.AvailableAsync(agent.Key);

        Assert.Equal(ContainmentActionKind.RevokeAgentPermissions, available.Actions[0].Action);
        Assert.True(available.Actions[0].IsDestructive);
        Assert.False(available.HasWebhook);
    }

    [Fact]
    public async Task AWebhookThatAnswersContainsTheIncident()
    {
        using var receiver = new WebhookReceiver(_ => new Reply(200, "rolled back"));
        await Containment.SetControlAsync("support-assistant", receiver.Url.ToString(), "a-long-shared-secret-1234", Admin);

        var action = await Containment.RunAsync(_key, ContainmentActionKind.RollbackModel, Reason, TestActors.As(Maya));

        Assert.Equal(ContainmentState.Succeeded, action.State);
        Assert.Equal(200, action.FinalStatus);
        Assert.Equal(1, action.AttemptCount);
        var call = Assert.Single(receiver.Calls);
        Assert.True(ControlWebhookSignature.Verify("a-long-shared-secret-1234", call.Header(ControlWebhookSignature.TimestampHeader), call.Body,
            call.Header(ControlWebhookSignature.SignatureHeader)));
        Assert.Equal(IncidentStatus.Contained, (await _host.Incidents.GetAsync(_key)).Incident.Status);
    }

    [Fact]
    public async Task TheControlSecretIsNeverReadBackOnlyItsLastFourCharacters()
    {
        var view = await Containment.SetControlAsync("support-assistant", "https://control.example.com/hooks/contain", "0123456789abcdefWXYZ",
            Admin);
        var read = await Containment.GetControlAsync("support-assistant");

        Assert.Equal(view, read);
        Assert.True(read.SecretSet);
        Assert.Equal("WXYZ", read.SecretEndsWith);
        Assert.DoesNotContain("0123456789abcdef", read.ToString());

        var kept = await Containment.SetControlAsync("support-assistant", "https://control.example.com/hooks/contain", null, Admin);
        Assert.Equal("WXYZ", kept.SecretEndsWith);
    }

    [Theory]
    [InlineData("control.example.com/hook", "0123456789abcdef", "url")]
    [InlineData("ftp://control.example.com/hook", "0123456789abcdef", "url")]
    [InlineData("https://control.example.com/hook", "too-short", "secret")]
    [InlineData("https://control.example.com/hook", "", "secret")]
    public async Task AControlNeedsAnHttpUrlAndALongSecret(string url, string secret, string field)
    {
        var refused = await Assert.ThrowsAsync<ValidationException>(() =>
            Containment.SetControlAsync("support-assistant", url, secret, Admin));

        Assert.True(refused.Errors.ContainsKey(field), refused.Message);
    }

    [Fact]
    public async Task LeadershipCannotSetAControl()
    {
        await Assert.ThrowsAsync<ForbiddenActionException>(() =>
            Containment.SetControlAsync("support-assistant", "https://x.example.com", "0123456789abcdef", TestActors.As("Chris", OrgRole.Leadership)));
    }

    [Fact]
    public async Task OnlyAnAdministratorSetsAControlWebhookNotEvenTheCommander()
    {
        var refused = await Assert.ThrowsAsync<ForbiddenActionException>(() =>
            Containment.SetControlAsync("support-assistant", "https://control.example.com/hook", "0123456789abcdef", TestActors.As(Maya)));

        Assert.Equal("Only administrators can set a system's control webhook.", refused.Message);
        Assert.False((await Containment.GetControlAsync("support-assistant")).SecretSet);
        Assert.False(ContainmentRules.MayConfigureWebhook(TestActors.As(Maya)));
        Assert.False(ContainmentRules.MayConfigureWebhook(TestActors.As("Chris", OrgRole.Leadership)));
        Assert.True(ContainmentRules.MayConfigureWebhook(Admin));
    }

    [Fact]
    public async Task ChangingTheWebhookUrlNeedsTheSecretAgain()
    {
        await Containment.SetControlAsync("support-assistant", "https://control.example.com/hook", "0123456789abcdefWXYZ", Admin);

        var refused = await Assert.ThrowsAsync<ValidationException>(() =>
            Containment.SetControlAsync("support-assistant", "https://elsewhere.example.net/hook", null, Admin));

        Assert.Equal(["secret"], refused.Errors.Keys);
        Assert.Contains("secret", refused.Errors["secret"][0], StringComparison.OrdinalIgnoreCase);
        Assert.Equal("https://control.example.com/hook", (await Containment.GetControlAsync("support-assistant")).Url);
        var moved = await Containment.SetControlAsync("support-assistant", "https://elsewhere.example.net/hook", "another-secret-of-20-chars", Admin);
        Assert.Equal("https://elsewhere.example.net/hook", moved.Url);
    }
}

/// <summary>Where a control webhook may point, on a host with the production defaults (no private targets) and an allow-list.</summary>
public sealed class ControlWebhookTargetTests : IAsyncLifetime
{
    private static readonly Actor Admin = TestActors.As("Ada Admin", OrgRole.Administrator);
    private const string Secret = "a-long-shared-secret-1234";

    private readonly TempDatabaseFolder _folder = new();
    private TestHost _host = null!;

    private ContainmentService Containment => _host.Services.GetRequiredService<ContainmentService>();

    public async Task InitializeAsync() =>
        _host = await TestHost.StartAsync(_folder.PathOf(), settings: new Dictionary<string, string?>
        {
            ["Containment:Webhook:Timeout"] = "00:00:02",
            ["Containment:Webhook:MaxAttempts"] = "2",
            ["Containment:Webhook:FirstBackoff"] = "00:00:00.020",
            ["Containment:WebhookAllowList:0"] = "*.controls.example.com",
            ["Containment:WebhookAllowList:1"] = "127.0.0.1",
            ["Containment:WebhookAllowList:2"] = "10.1.2.3",
            ["Containment:WebhookAllowList:3"] = "localhost",
            ["Containment:WebhookAllowList:4"] = "[::1]",
            ["Containment:WebhookAllowList:5"] = "169.254.169.254",
            ["Containment:WebhookAllowList:6"] = "[fd00::1]",
            ["Containment:WebhookAllowList:7"] = "2130706433",
        });

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/contain")]
    [InlineData("http://localhost/contain")]
    [InlineData("http://[::1]/contain")]
    [InlineData("http://10.1.2.3/contain")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[fd00::1]/contain")]
    [InlineData("http://2130706433/contain")]
    public async Task ALoopbackPrivateOrLinkLocalTargetIsRefused(string url)
    {
        var refused = await Assert.ThrowsAsync<ValidationException>(() => Containment.SetControlAsync("support-assistant", url, Secret, Admin));

        Assert.Contains("private", Assert.Single(refused.Errors["url"]), StringComparison.Ordinal);
        Assert.False((await Containment.GetControlAsync("support-assistant")).SecretSet);
    }

    [Theory]
    [InlineData("https://evil.example.net/contain")]
    [InlineData("https://controls.example.com.evil.example.net/contain")]
    [InlineData("https://notcontrols.example.com/contain")]
    public async Task AHostOffTheAllowListIsRefused(string url)
    {
        var refused = await Assert.ThrowsAsync<ValidationException>(() => Containment.SetControlAsync("support-assistant", url, Secret, Admin));

        Assert.Contains("allow-list", Assert.Single(refused.Errors["url"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHostOnTheAllowListIsAccepted()
    {
        var saved = await Containment.SetControlAsync("support-assistant", "https://eu.controls.example.com/contain", Secret, Admin);

        Assert.Equal("https://eu.controls.example.com/contain", saved.Url);
    }

    [Fact]
    public async Task AStoredTargetThatIsPrivateIsNeverCalled()
    {
        // Saved before the rule existed, or a name that resolved to a public address then and a private one now.
        using var receiver = new WebhookReceiver(_ => new Reply(200));
        await using (var db = _host.CreateDbContext())
        {
            var system = await db.AiSystems.SingleAsync(s => s.Slug == "support-assistant");
            db.SystemControls.Add(new SystemControl(system.Id, receiver.Url.ToString(), Secret, "Ada Admin", _host.Clock.UtcNow));
            await db.SaveChangesAsync();
        }
        var key = (await _host.Incidents.DeclareAsync(new DeclareIncident("Assistant leaks order numbers", "", "SEV2", "data-leakage",
            "support-assistant", TakeCommand: true), TestActors.As(TestIncidents.Maya))).Key;

        var action = await Containment.RunAsync(key, ContainmentActionKind.RateLimit, null, TestActors.As(TestIncidents.Maya));

        Assert.Equal(ContainmentState.Failed, action.State);
        Assert.Empty(receiver.Calls);
        var attempt = Assert.Single(action.Attempts);
        Assert.Null(attempt.StatusCode);
        Assert.Contains("private", attempt.Error, StringComparison.Ordinal);
    }
}

public sealed class WebhookTargetPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.10.9")]
    [InlineData("0.0.0.0")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.254")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    public void LoopbackPrivateAndLinkLocalAddressesAreNotPublic(string address) =>
        Assert.False(WebhookTargetPolicy.IsPublic(System.Net.IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("11.0.0.1")]
    [InlineData("172.32.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void OrdinaryInternetAddressesArePublic(string address) =>
        Assert.True(WebhookTargetPolicy.IsPublic(System.Net.IPAddress.Parse(address)));

    [Theory]
    [InlineData("*.controls.example.com", "eu.controls.example.com", true)]
    [InlineData("*.controls.example.com", "a.b.controls.example.com", true)]
    [InlineData("*.controls.example.com", "controls.example.com", false)]
    [InlineData("*.controls.example.com", "xcontrols.example.com", false)]
    [InlineData("hooks.example.org", "HOOKS.Example.org", true)]
    [InlineData("hooks.example.org", "hooks.example.org.evil.example", false)]
    public void AllowListPatternsMatchWholeHostNames(string pattern, string host, bool matches) =>
        Assert.Equal(matches, WebhookTargetPolicy.Matches(pattern, host));

    [Fact]
    public void AnEmptyAllowListAllowsAnyHost() =>
        Assert.True(new WebhookTargetPolicy(new ContainmentSecurityOptions()).IsAllowedHost("anything.example.net"));
}
