using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Containment;
using CommandCenter.Core.Incidents;
using Microsoft.AspNetCore.Hosting;

namespace CommandCenter.Tests.Api;

/// <summary>
/// The app with a short webhook timeout, so a hanging receiver fails the action within a few seconds (long enough that a
/// cold first request on a loaded CI machine is not mistaken for a hang).
/// </summary>
public sealed class ContainmentApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Containment:Webhook:Timeout", "00:00:02");
        builder.UseSetting("Containment:Webhook:MaxAttempts", "2");
        builder.UseSetting("Containment:Webhook:FirstBackoff", "00:00:00.020");
        // The receivers below listen on loopback, which production refuses.
        builder.UseSetting("Containment:AllowPrivateWebhookTargets", "true");
    }
}

/// <summary>Containment against real HTTP receivers on loopback ports, through the API as the Incident Commander.</summary>
public sealed class ContainmentEndpointsTests(ContainmentApiFactory factory) : IClassFixture<ContainmentApiFactory>
{
    private const string Secret = "api-tests-control-secret";
    private const string Commander = "Ines Commander";
    private const string Administrator = "Ada Admin";

    private HttpClient Admin => factory.As(Administrator, OrgRole.Administrator);

    // Each test points support-assistant's control at its own receiver; tests in a class run one at a time.
    private async Task<string> DeclareWithWebhookAsync(ControlReceiver receiver)
    {
        var put = await Admin.PutAsJsonAsync("/api/systems/support-assistant/control", new { url = receiver.Url.ToString(), secret = Secret });
        await put.ReadAsync<SystemControlView>();
        return (await factory.As(Commander).DeclareAsync("Assistant follows injected instructions", takeCommand: true)).Key;
    }

    private Task<HttpResponseMessage> RunAsync(string key, string action, string? reason = "Injected instructions in retrieved articles",
        string person = Commander, OrgRole role = OrgRole.Responder) =>
        factory.As(person, role).PostJsonAsync($"/api/incidents/{key}/containment", new { action, reason });

    [Fact]
    public async Task TheReceiverVerifiesTheSignatureAndASecondAttemptContainsTheIncident()
    {
        using var receiver = new ControlReceiver(Secret, call => call == 1 ? 503 : 200);
        var key = await DeclareWithWebhookAsync(receiver);

        var action = await (await RunAsync(key, "rollback-model")).ReadAsync<ContainmentActionView>(HttpStatusCode.Created);

        Assert.Equal(ContainmentState.Succeeded, action.State);
        Assert.Equal(ContainmentMode.Webhook, action.Mode);
        Assert.Equal(2, action.AttemptCount);
        Assert.Equal([503, 200], action.Attempts.Select(a => a.StatusCode));
        Assert.Equal(200, action.FinalStatus);
        Assert.Equal(2, receiver.Calls.Count);
        Assert.All(receiver.Calls, c => Assert.True(c.SignatureValid));
        Assert.Single(receiver.Calls.Select(c => c.IdempotencyKey).Distinct());
        var request = ControlWebhookRequest.FromJson(receiver.Calls[0].Body)!;
        Assert.Equal((key, ContainmentActionKind.RollbackModel, "support-assistant", Commander),
            (request.IncidentKey, request.Action, request.System, request.RequestedBy));
        var incident = await factory.As(Commander).GetIncidentAsync(key);
        Assert.NotNull(incident.Detail.Phases.ContainedAt);
        Assert.Equal(IncidentStatus.Contained, incident.Detail.Incident.Status);
        Assert.Contains(incident.Timeline, e => e.Text.Contains("Roll back model applied by the control webhook", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReceiverThatAlwaysFailsLeavesAFailedActionThatARetrySendsAgainOnceItRecovers()
    {
        var healthy = false;
        using var receiver = new ControlReceiver(Secret, _ => Volatile.Read(ref healthy) ? 200 : 500);
        var key = await DeclareWithWebhookAsync(receiver);

        var failed = await (await RunAsync(key, "rate-limit", reason: null)).ReadAsync<ContainmentActionView>(HttpStatusCode.Created);

        Assert.Equal(ContainmentState.Failed, failed.State);
        Assert.Equal(500, failed.FinalStatus);
        Assert.Equal(2, failed.AttemptCount);
        Assert.Contains("answered 500", failed.Error);
        var detail = await factory.As(Commander).GetIncidentAsync(key);
        Assert.Null(detail.Detail.Phases.ContainedAt);
        Assert.Contains(detail.Timeline, e => e.Text.Contains("Rate-limit FAILED", StringComparison.Ordinal));

        Volatile.Write(ref healthy, true);
        var retried = await (await factory.As(Commander).PostAsync($"/api/incidents/{key}/containment/{failed.Id}/retry", null))
            .ReadAsync<ContainmentActionView>();

        Assert.Equal(ContainmentState.Succeeded, retried.State);
        Assert.Equal(3, retried.AttemptCount);
        Assert.Equal([1, 2, 3], retried.Attempts.Select(a => a.Number));
        Assert.Single(receiver.Calls.Select(c => c.IdempotencyKey).Distinct());
        Assert.NotNull((await factory.As(Commander).GetIncidentAsync(key)).Detail.Phases.ContainedAt);

        var again = await factory.As(Commander).PostAsync($"/api/incidents/{key}/containment/{failed.Id}/retry", null);
        await again.ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task AHangingReceiverTimesOut()
    {
        using var receiver = new ControlReceiver(Secret, _ => 200, hang: TimeSpan.FromSeconds(20));
        var key = await DeclareWithWebhookAsync(receiver);

        var action = await (await RunAsync(key, "tighten-filters", reason: null)).ReadAsync<ContainmentActionView>(HttpStatusCode.Created);

        Assert.Equal(ContainmentState.Failed, action.State);
        Assert.Null(action.FinalStatus);
        Assert.All(action.Attempts, a => Assert.Equal("timed out after 2 s", a.Error));
        Assert.Contains("timed out", action.Error);
    }

    [Fact]
    public async Task WithoutAWebhookTheActionIsAChecklistWhoseLastStepContainsTheIncident()
    {
        var key = (await factory.As(Commander).DeclareAsync("Fraud scores flag every card", takeCommand: true, system: "fraud-scoring")).Key;
        var overview = await (await factory.As(Commander).GetAsync($"/api/incidents/{key}/containment")).ReadAsync<ContainmentOverview>();
        Assert.False(overview.Available.HasWebhook);
        Assert.Contains(overview.Available.Actions, a => a.Action == ContainmentActionKind.PauseAutomatedDecisions && a.IsDestructive);

        var action = await (await RunAsync(key, "pause-automated-decisions")).ReadAsync<ContainmentActionView>(HttpStatusCode.Created);
        Assert.Equal(ContainmentState.ManualOpen, action.State);
        ContainmentActionView? last = null;
        foreach (var item in action.Checklist)
        {
            last = await (await factory.As(Commander).PostAsync($"/api/incidents/{key}/containment/{action.Id}/checklist/{item.Index}", null))
                .ReadAsync<ContainmentActionView>();
        }

        Assert.Equal(ContainmentState.ManualDone, last!.State);
        Assert.All(last.Checklist, c => Assert.Equal(Commander, c.CheckedBy));
        Assert.NotNull((await factory.As(Commander).GetIncidentAsync(key)).Detail.Phases.ContainedAt);
        var history = await (await factory.As("Someone Else").GetAsync($"/api/incidents/{key}/containment")).ReadAsync<ContainmentOverview>();
        Assert.Equal(action.Id, Assert.Single(history.History).Id);
    }

    [Fact]
    public async Task OnlyTheCommanderOrTechnicalLeadContainsAndDestructiveActionsNeedAReason()
    {
        var key = (await factory.As(Commander).DeclareAsync("Assistant leaks order numbers", takeCommand: true, system: "fraud-scoring")).Key;

        Assert.Contains("Only the Incident Commander", (await (await RunAsync(key, "rate-limit", person: "Bystander Bo"))
            .ReadProblemAsync(HttpStatusCode.Forbidden)).GetProperty("detail").GetString());
        await (await RunAsync(key, "rate-limit", person: "Lee Leadership", role: OrgRole.Leadership)).ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("reason", await (await RunAsync(key, "rollback-model", reason: " ")).ReadFieldErrorAsync("reason"), StringComparison.OrdinalIgnoreCase);
        await (await RunAsync(key, "tighten-filters")).ReadFieldErrorAsync("action");
        await (await RunAsync(key, "reboot-the-datacenter")).ReadFieldErrorAsync("action");
        await (await RunAsync("INC-1999-0001", "rate-limit")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheControlSecretIsNeverReturned()
    {
        var client = Admin;
        var saved = await (await client.PutAsJsonAsync("/api/systems/voice-concierge/control",
            new { url = "https://control.example.com/voice", secret = "never-show-this-secret-9876" })).ReadAsync<SystemControlView>();
        var text = await (await client.GetAsync("/api/systems/voice-concierge/control")).Content.ReadAsStringAsync();

        Assert.True(saved.SecretSet);
        Assert.Equal("9876", saved.SecretEndsWith);
        Assert.DoesNotContain("never-show-this-secret", text);
        Assert.Contains("https://control.example.com/voice", text);
        await (await client.PutAsJsonAsync("/api/systems/voice-concierge/control", new { url = "not a url", secret = "short" })).ReadFieldErrorAsync("url");
        await (await client.PutAsJsonAsync("/api/systems/voice-concierge/control", new { url = "https://x.example.com", secret = "short" })).ReadFieldErrorAsync("secret");
        await (await factory.As("Lee Leadership", OrgRole.Leadership).PutAsJsonAsync("/api/systems/voice-concierge/control",
            new { url = "https://x.example.com", secret = "0123456789abcdef" })).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync("/api/systems/no-such-system/control")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OnlyAnAdministratorSetsAControlWebhookNotEvenTheCommander()
    {
        var refused = await (await factory.As(Commander).PutAsJsonAsync("/api/systems/kb-retrieval/control",
            new { url = "https://control.example.com/summarizer", secret = "0123456789abcdef" })).ReadProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal("Only administrators can set a system's control webhook.", refused.GetProperty("detail").GetString());
        var control = await (await factory.As(Commander).GetAsync("/api/systems/kb-retrieval/control")).ReadAsync<SystemControlView>();
        Assert.False(control.SecretSet);
        Assert.Null(control.Url);
    }

    [Fact]
    public async Task ChangingTheUrlWithoutTheSecretIsRefusedNamingTheSecret()
    {
        await (await Admin.PutAsJsonAsync("/api/systems/content-moderation/control",
            new { url = "https://control.example.com/voice", secret = "the-first-secret-1234" })).ReadAsync<SystemControlView>();

        var message = await (await Admin.PutAsJsonAsync("/api/systems/content-moderation/control",
            new { url = "https://attacker.example.net/voice", secret = "" })).ReadFieldErrorAsync("secret");

        Assert.Contains("secret", message, StringComparison.OrdinalIgnoreCase);
        var kept = await (await Admin.GetAsync("/api/systems/content-moderation/control")).ReadAsync<SystemControlView>();
        Assert.Equal("https://control.example.com/voice", kept.Url);
        await (await Admin.PutAsJsonAsync("/api/systems/content-moderation/control",
            new { url = "https://control.example.com/voice", secret = "" })).ReadAsync<SystemControlView>();
    }

    [Fact]
    public async Task WhatTheReceiverAnswersIsNotEchoedIntoTheAttempts()
    {
        using var receiver = new ControlReceiver(Secret, call => call == 1 ? 500 : 200, answer: "receiver-internal-detail db-7.corp");
        var key = await DeclareWithWebhookAsync(receiver);

        await (await RunAsync(key, "tighten-filters", reason: null)).ReadAsync<ContainmentActionView>(HttpStatusCode.Created);
        var history = await (await factory.As(Commander).GetAsync($"/api/incidents/{key}/containment")).Content.ReadAsStringAsync();

        Assert.Contains("\"statusCode\":500", history);
        Assert.Contains("\"durationMs\":", history);
        Assert.DoesNotContain("receiver-internal-detail", history);
        Assert.DoesNotContain("responseBody", history);
    }
}

/// <summary>
/// A system's control endpoint on a free loopback port: verifies each request's HMAC signature the way a real receiver
/// would (401 when it does not match), then answers with the status the test chooses for that call number.
/// </summary>
internal sealed class ControlReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _secret;
    private readonly string _answer;
    private readonly Func<int, int> _status;
    private readonly TimeSpan _hang;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<Call> _calls = new();
    private readonly Task _loop;
    private int _count;

    public ControlReceiver(string secret, Func<int, int> status, TimeSpan hang = default, string answer = "ok")
    {
        _answer = answer;
        _secret = secret;
        _status = status;
        _hang = hang;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{port}/contain");
        _loop = Task.Run(AcceptAsync);
    }

    public sealed record Call(int Number, string Body, string? IdempotencyKey, bool SignatureValid);

    public Uri Url { get; }

    public IReadOnlyList<Call> Calls => [.. _calls.OrderBy(c => c.Number)];

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var valid = ControlWebhookSignature.Verify(_secret, context.Request.Headers[ControlWebhookSignature.TimestampHeader], body,
                context.Request.Headers[ControlWebhookSignature.SignatureHeader], DateTimeOffset.UtcNow, ControlWebhookSignature.DefaultTolerance);
            var number = Interlocked.Increment(ref _count);
            _calls.Enqueue(new Call(number, body, context.Request.Headers[ControlWebhookSignature.IdempotencyKeyHeader], valid));
            if (_hang > TimeSpan.Zero)
            {
                await Task.Delay(_hang, _stopping.Token);
            }
            context.Response.StatusCode = valid ? _status(number) : 401;
            var bytes = Encoding.UTF8.GetBytes(valid ? _answer : "bad signature");
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception)
        {
            // The app gave up on this call (timeout) or the receiver is stopping.
            try
            {
                context.Response.Abort();
            }
            catch (Exception)
            {
                // Already gone.
            }
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(2));
        _stopping.Dispose();
    }
}

/// <summary>Control webhook targets with the production defaults: no loopback, private or link-local addresses.</summary>
public sealed class ControlWebhookTargetEndpointTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/iam/")]
    [InlineData("http://127.0.0.1:8080/contain")]
    [InlineData("http://localhost:5000/contain")]
    [InlineData("http://[::1]/contain")]
    [InlineData("http://10.0.0.5/contain")]
    [InlineData("http://172.20.1.1/contain")]
    [InlineData("http://192.168.1.10/contain")]
    [InlineData("http://[fd00::5]/contain")]
    public async Task APrivateLoopbackOrLinkLocalTargetIsRefused(string url)
    {
        var admin = factory.As("Ada Admin", OrgRole.Administrator);

        var message = await (await admin.PutAsJsonAsync("/api/systems/support-assistant/control", new { url, secret = "0123456789abcdef" }))
            .ReadFieldErrorAsync("url");

        Assert.Contains("private", message, StringComparison.Ordinal);
        Assert.False((await (await admin.GetAsync("/api/systems/support-assistant/control")).ReadAsync<SystemControlView>()).SecretSet);
    }
}
