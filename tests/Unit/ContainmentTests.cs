using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CommandCenter.Core.Common;
using CommandCenter.Core.Containment;
using CommandCenter.Core.Systems;
using CommandCenter.Tests.Unit.Support;

// A namespace of its own so that --filter "FullyQualifiedName~Containment" picks up the webhook tests too.
namespace CommandCenter.Tests.Unit.Containment;

public sealed class ContainmentActionsTests
{
    [Fact]
    public void AnAgentAlwaysOffersRevokingItsPermissions()
    {
        Assert.Contains(ContainmentActionKind.RevokeAgentPermissions, ContainmentActions.For(AiSystemKind.Agent));
        Assert.True(ContainmentActionKind.RevokeAgentPermissions.AppliesTo(AiSystemKind.Agent));
    }

    [Fact]
    public void OnlyAnAgentHasPermissionsToRevoke()
    {
        Assert.DoesNotContain(ContainmentActionKind.RevokeAgentPermissions, ContainmentActions.For(AiSystemKind.Predictive));
        Assert.DoesNotContain(ContainmentActionKind.RevokeAgentPermissions, ContainmentActions.For(AiSystemKind.Generative));
    }

    [Fact]
    public void AutomatedDecisionsPauseOnlyForPredictiveSystemsAndAgents()
    {
        Assert.Contains(ContainmentActionKind.PauseAutomatedDecisions, ContainmentActions.For(AiSystemKind.Predictive));
        Assert.Contains(ContainmentActionKind.PauseAutomatedDecisions, ContainmentActions.For(AiSystemKind.Agent));
        Assert.DoesNotContain(ContainmentActionKind.PauseAutomatedDecisions, ContainmentActions.For(AiSystemKind.Generative));
    }

    [Theory]
    [InlineData(AiSystemKind.Generative)]
    [InlineData(AiSystemKind.Agent)]
    [InlineData(AiSystemKind.Predictive)]
    public void EveryKindCanFallBackRollBackRateLimitAndSwitchOff(AiSystemKind kind)
    {
        var actions = ContainmentActions.For(kind);

        Assert.Contains(ContainmentActionKind.RouteToFallback, actions);
        Assert.Contains(ContainmentActionKind.RollbackModel, actions);
        Assert.Contains(ContainmentActionKind.RateLimit, actions);
        Assert.Contains(ContainmentActionKind.DisableFeature, actions);
        Assert.Equal(actions.Distinct(), actions);
    }

    [Fact]
    public void TheListForAKindRunsFromGentlestToMostDrastic()
    {
        Assert.Equal(
            [
                ContainmentActionKind.TightenFilters, ContainmentActionKind.RateLimit, ContainmentActionKind.RouteToFallback,
                ContainmentActionKind.RollbackModel, ContainmentActionKind.RevokeAgentPermissions,
                ContainmentActionKind.PauseAutomatedDecisions, ContainmentActionKind.DisableFeature,
            ],
            ContainmentActions.For(AiSystemKind.Agent));
        Assert.Equal(ContainmentActionKind.DisableFeature, ContainmentActions.For(AiSystemKind.Predictive)[^1]);
    }

    [Fact]
    public void OnlyActionsThatTakeSomethingAwayAreDestructive()
    {
        Assert.Equal(
            [
                ContainmentActionKind.DisableFeature, ContainmentActionKind.RollbackModel,
                ContainmentActionKind.RevokeAgentPermissions, ContainmentActionKind.PauseAutomatedDecisions,
            ],
            ContainmentActions.All.Where(a => a.IsDestructive()));
    }

    [Theory]
    [InlineData("rollback-model", ContainmentActionKind.RollbackModel)]
    [InlineData("RollbackModel", ContainmentActionKind.RollbackModel)]
    [InlineData("Roll back model", ContainmentActionKind.RollbackModel)]
    [InlineData(" REVOKE_AGENT_PERMISSIONS ", ContainmentActionKind.RevokeAgentPermissions)]
    [InlineData("rate-limit", ContainmentActionKind.RateLimit)]
    [InlineData("pause-automated-decisions", ContainmentActionKind.PauseAutomatedDecisions)]
    public void ParseAcceptsCodesNamesAndTitles(string value, ContainmentActionKind expected) =>
        Assert.Equal(expected, ContainmentActions.Parse(value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("rollback")]
    [InlineData("shut-it-all-down")]
    [InlineData("3")]
    public void ParseRefusesAnythingElse(string? value) => Assert.Null(ContainmentActions.Parse(value));

    [Fact]
    public void EveryActionHasACodeATitleAnEffectAndAShortManualChecklist()
    {
        foreach (var action in ContainmentActions.All)
        {
            Assert.Equal(action, ContainmentActions.Parse(action.Code()));
            Assert.Contains(action.Code(), ContainmentActions.Allowed);
            Assert.False(string.IsNullOrWhiteSpace(action.Title()));
            Assert.False(string.IsNullOrWhiteSpace(action.Effect()));
            var checklist = action.ManualChecklist();
            Assert.InRange(checklist.Count, 3, 5);
            Assert.All(checklist, item => Assert.False(string.IsNullOrWhiteSpace(item)));
            Assert.Equal(checklist.Distinct(), checklist);
        }
        Assert.Contains(ContainmentActionKind.RollbackModel.ManualChecklist(), item => item.Contains("previous stable model version"));
    }

    [Fact]
    public void TheActionIsWrittenAsItsKebabCodeInJson()
    {
        Assert.Equal("\"revoke-agent-permissions\"", JsonSerializer.Serialize(ContainmentActionKind.RevokeAgentPermissions));
        Assert.Equal(ContainmentActionKind.TightenFilters, JsonSerializer.Deserialize<ContainmentActionKind>("\"tighten-filters\""));
    }

    [Fact]
    public void ADestructiveRequestNeedsAReason()
    {
        var ex = Assert.Throws<ValidationException>(() =>
            ControlWebhookRequest.Create("INC-7", ContainmentActionKind.RollbackModel, "support-chat", "Maya Chen", "  ", DateTime.UtcNow));

        Assert.Equal(["reason"], ex.Errors.Keys);
        var gentle = ControlWebhookRequest.Create("INC-7", ContainmentActionKind.RateLimit, "support-chat", "Maya Chen", null, DateTime.UtcNow);
        Assert.Equal("", gentle.Reason);
    }

    [Fact]
    public void EachRequestGetsItsOwnIdempotencyKey()
    {
        var first = ControlWebhookRequest.Create("INC-7", ContainmentActionKind.RateLimit, "support-chat", "Maya Chen", null, DateTime.UtcNow);
        var second = ControlWebhookRequest.Create("INC-7", ContainmentActionKind.RateLimit, "support-chat", "Maya Chen", null, DateTime.UtcNow);

        Assert.True(Guid.TryParse(first.IdempotencyKey, out _));
        Assert.NotEqual(first.IdempotencyKey, second.IdempotencyKey);
    }
}

public sealed class ControlWebhookSignatureTests
{
    private const string Secret = "s3cret-for-tests";
    private const string Body = """{"action":"rollback-model"}""";

    [Fact]
    public void TheSignatureIsLowercaseHexHmacOverTimestampDotBody()
    {
        var signature = ControlWebhookSignature.Compute(Secret, 1_795_000_000, Body);

        var expected = Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes("1795000000." + Body)));
        Assert.Equal("sha256=" + expected.ToLowerInvariant(), signature);
        Assert.Matches("^sha256=[0-9a-f]{64}$", signature);
    }

    [Fact]
    public void VerifyAcceptsOnlyTheExactSecretTimestampAndBody()
    {
        var signature = ControlWebhookSignature.Compute(Secret, 1_795_000_000, Body);

        Assert.True(ControlWebhookSignature.Verify(Secret, "1795000000", Body, signature));
        Assert.True(ControlWebhookSignature.Verify(Secret, "1795000000", Body, signature.ToUpperInvariant()));
        Assert.False(ControlWebhookSignature.Verify("other-secret", "1795000000", Body, signature));
        Assert.False(ControlWebhookSignature.Verify(Secret, "1795000001", Body, signature));
        Assert.False(ControlWebhookSignature.Verify(Secret, "1795000000", Body.Replace("rollback", "disable"), signature));
        Assert.False(ControlWebhookSignature.Verify(Secret, "1795000000", Body, signature[..^2]));
        Assert.False(ControlWebhookSignature.Verify(Secret, "1795000000", Body, "sha256=not-hex"));
        Assert.False(ControlWebhookSignature.Verify(Secret, "1795000000", Body, signature["sha256=".Length..]));
        Assert.False(ControlWebhookSignature.Verify(Secret, null, Body, signature));
        Assert.False(ControlWebhookSignature.Verify(Secret, "-5", Body, signature));
        Assert.False(ControlWebhookSignature.Verify(Secret, "1795000000", Body, null));
    }

    [Fact]
    public void VerifyWithAToleranceRefusesAReplayedOldRequest()
    {
        var sent = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);
        var signature = ControlWebhookSignature.Compute(Secret, sent.ToUnixTimeSeconds(), Body);
        var bytes = Encoding.UTF8.GetBytes(Body);

        Assert.True(ControlWebhookSignature.Verify(Secret, "1795000000", bytes, signature, sent.AddMinutes(4), ControlWebhookSignature.DefaultTolerance));
        Assert.False(ControlWebhookSignature.Verify(Secret, "1795000000", bytes, signature, sent.AddMinutes(6), ControlWebhookSignature.DefaultTolerance));
    }
}

public sealed class ControlWebhookClientTests : IDisposable
{
    private const string Secret = "whsec-test-7f3a";

    private static readonly ControlWebhookOptions Quick = new()
    {
        Timeout = TimeSpan.FromSeconds(2),
        MaxAttempts = 3,
        FirstBackoff = TimeSpan.FromMilliseconds(20),
    };

    private readonly ManualClock _clock = new();
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false });

    public void Dispose() => _http.Dispose();

    private ControlWebhookRequest Rollback() => ControlWebhookRequest.Create("INC-2026-0042", ContainmentActionKind.RollbackModel,
        "support-chat", "Maya Chen", "Model v7 leaks other customers' order numbers", _clock.UtcNow);

    private ControlWebhookClient Client(ControlWebhookOptions? options = null) => new(_http, _clock, options ?? Quick);

    [Fact]
    public async Task TheReceiverCanVerifyTheSignatureAndSeesEveryHeader()
    {
        using var receiver = new WebhookReceiver(_ => new Reply(200, "applied"));
        var request = Rollback();

        var result = await Client().SendAsync(receiver.Url, Secret, request, CancellationToken.None);

        Assert.True(result.Succeeded);
        var call = Assert.Single(receiver.Calls);
        var timestamp = call.Header("X-CommandCenter-Timestamp");
        Assert.Equal(ManualClock.DefaultStart.ToUnixTimeSeconds().ToString(), timestamp);
        Assert.Matches("^sha256=[0-9a-f]{64}$", call.Header("X-CommandCenter-Signature"));
        Assert.True(ControlWebhookSignature.Verify(Secret, timestamp, call.Body, call.Header("X-CommandCenter-Signature"),
            _clock.GetUtcNow(), ControlWebhookSignature.DefaultTolerance));
        Assert.False(ControlWebhookSignature.Verify("wrong-secret", timestamp, call.Body, call.Header("X-CommandCenter-Signature")));
        Assert.Equal(request.IdempotencyKey, call.Header("Idempotency-Key"));
        Assert.Equal("POST", call.Method);
        Assert.StartsWith("application/json", call.Header("Content-Type"));
    }

    [Fact]
    public async Task TheBodyCarriesTheIncidentActionSystemPersonReasonAndTimeInCamelCase()
    {
        using var receiver = new WebhookReceiver(_ => new Reply(200));
        var request = Rollback();

        await Client().SendAsync(receiver.Url, Secret, request, CancellationToken.None);

        var body = Assert.Single(receiver.Calls).Body;
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("INC-2026-0042", root.GetProperty("incidentKey").GetString());
        Assert.Equal("rollback-model", root.GetProperty("action").GetString());
        Assert.Equal("support-chat", root.GetProperty("system").GetString());
        Assert.Equal("Maya Chen", root.GetProperty("requestedBy").GetString());
        Assert.Equal("Model v7 leaks other customers' order numbers", root.GetProperty("reason").GetString());
        Assert.Equal("2026-11-22T09:00:00Z", root.GetProperty("requestedAt").GetString());
        Assert.Equal(request.IdempotencyKey, root.GetProperty("idempotencyKey").GetString());
        Assert.Equal(request, ControlWebhookRequest.FromJson(body));
    }

    [Fact]
    public async Task A200OnTheFirstTrySucceedsWithOneAttempt()
    {
        using var receiver = new WebhookReceiver(_ => new Reply(200, """{"status":"rolled back"}"""));

        var result = await Client().SendAsync(receiver.Url, Secret, Rollback(), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(200, result.FinalStatus);
        var attempt = Assert.Single(result.Attempts);
        Assert.Equal(1, attempt.Number);
        Assert.Equal(_clock.UtcNow, attempt.StartedAt);
        Assert.Equal(200, attempt.StatusCode);
        Assert.Null(attempt.Error);
        Assert.Matches(@"^Webhook answered 200 after 1 attempt \(\d+ ms\)$", result.Summary);
    }

    [Fact]
    public async Task A500ThenA200SucceedsOnTheSecondAttempt()
    {
        using var receiver = new WebhookReceiver(n => new Reply(n == 1 ? 500 : 200));

        var result = await Client().SendAsync(receiver.Url, Secret, Rollback(), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal([500, 200], result.Attempts.Select(a => a.StatusCode));
        Assert.Equal([1, 2], result.Attempts.Select(a => a.Number));
        Assert.Equal(2, receiver.Calls.Count);
        Assert.Matches(@"^Webhook answered 200 after 2 attempts \(\d+ ms\)$", result.Summary);
    }

    [Fact]
    public async Task AReceiverThatKeepsFailingIsTriedThreeTimesThenReportedFailed()
    {
        using var receiver = new WebhookReceiver(_ => new Reply(500, "database is down"));

        var result = await Client().SendAsync(receiver.Url, Secret, Rollback(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(3, result.Attempts.Count);
        Assert.Equal(3, receiver.Calls.Count);
        Assert.Equal(500, result.FinalStatus);
        Assert.Equal("Webhook failed after 3 attempts: answered 500", result.Summary);
    }

    [Fact]
    public async Task AReceiverThatHangsTimesOutOnEveryAttemptAndIsReportedFailed()
    {
        using var receiver = new WebhookReceiver(_ => new Reply(200, Hang: TimeSpan.FromSeconds(10)));
        var options = Quick with { Timeout = TimeSpan.FromMilliseconds(300) };
        var watch = Stopwatch.StartNew();

        var result = await Client(options).SendAsync(receiver.Url, Secret, Rollback(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Null(result.FinalStatus);
        Assert.Equal(3, result.Attempts.Count);
        Assert.All(result.Attempts, a =>
        {
            Assert.Null(a.StatusCode);
            Assert.Equal("timed out after 300 ms", a.Error);
            Assert.InRange(a.DurationMs, 250, 2000);
        });
        Assert.Equal(3, receiver.Calls.Count);
        Assert.Equal("Webhook failed after 3 attempts: timed out after 300 ms", result.Summary);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A400IsNotRetried()
    {
        using var receiver = new WebhookReceiver(_ => new Reply(400, "unknown action"));

        var result = await Client().SendAsync(receiver.Url, Secret, Rollback(), CancellationToken.None);

        Assert.False(result.Succeeded);
        var attempt = Assert.Single(result.Attempts);
        Assert.Equal(400, attempt.StatusCode);
        Assert.Single(receiver.Calls);
        Assert.Equal("Webhook failed after 1 attempt: answered 400", result.Summary);
    }

    [Fact]
    public async Task A429IsRetriedAfterTheRetryAfterDelay()
    {
        using var receiver = new WebhookReceiver(n => n == 1 ? new Reply(429, RetryAfterSeconds: 1) : new Reply(200));

        var result = await Client().SendAsync(receiver.Url, Secret, Rollback(), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal([429, 200], result.Attempts.Select(a => a.StatusCode));
        var calls = receiver.Calls;
        Assert.Equal(2, calls.Count);
        // The configured backoff is 20 ms; only Retry-After explains a wait of about a second.
        Assert.InRange(calls[1].ReceivedAt - calls[0].ReceivedAt, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task EveryAttemptCarriesTheSameIdempotencyKeyAndBodyAndAValidSignature()
    {
        using var receiver = new WebhookReceiver(n => new Reply(n < 3 ? 503 : 200));
        var request = Rollback();

        var result = await Client().SendAsync(receiver.Url, Secret, request, CancellationToken.None);

        Assert.True(result.Succeeded);
        var calls = receiver.Calls;
        Assert.Equal(3, calls.Count);
        Assert.All(calls, c => Assert.Equal(request.IdempotencyKey, c.Header("Idempotency-Key")));
        Assert.Single(calls.Select(c => c.Body).Distinct());
        Assert.All(calls, c => Assert.True(ControlWebhookSignature.Verify(Secret, c.Header("X-CommandCenter-Timestamp"), c.Body,
            c.Header("X-CommandCenter-Signature"))));
    }

    [Fact]
    public async Task AnEndpointThatRefusesConnectionsIsRetriedThenReportedFailed()
    {
        var url = new Uri($"http://127.0.0.1:{WebhookReceiver.FreePort()}/control/");

        var result = await Client().SendAsync(url, Secret, Rollback(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(3, result.Attempts.Count);
        Assert.All(result.Attempts, a =>
        {
            Assert.Null(a.StatusCode);
            Assert.StartsWith("could not connect", a.Error);
        });
        Assert.StartsWith("Webhook failed after 3 attempts: could not connect", result.Summary);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(400)]
    [InlineData(500)]
    public async Task TheReceiversAnswerIsNeverKeptOnlyItsStatusAndDuration(int status)
    {
        // Whatever the receiver (or whatever answers at that address) says must not end up in the war room.
        using var receiver = new WebhookReceiver(_ => new Reply(status, "internal-hostname db-7.corp; token=hunter2"));

        var result = await Client().SendAsync(receiver.Url, Secret, Rollback(), CancellationToken.None);

        var stored = JsonSerializer.Serialize(result);
        Assert.DoesNotContain("hunter2", stored);
        Assert.DoesNotContain("db-7.corp", stored);
        Assert.All(result.Attempts, a => Assert.Equal(status, a.StatusCode));
        Assert.All(result.Attempts, a => Assert.True(a.DurationMs >= 0));
    }

    [Fact]
    public async Task CancellationByTheCallerThrowsInsteadOfRetrying()
    {
        using var receiver = new WebhookReceiver(_ => new Reply(200, Hang: TimeSpan.FromSeconds(10)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Client().SendAsync(receiver.Url, Secret, Rollback(), cancel.Token));

        Assert.Single(receiver.Calls);
    }

    [Fact]
    public async Task OnlyHttpAndHttpsUrlsAreAccepted()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Client().SendAsync(new Uri("ftp://127.0.0.1/control"), Secret, Rollback(), CancellationToken.None));
    }
}

internal sealed record Reply(int Status, string? Body = null, int? RetryAfterSeconds = null, TimeSpan Hang = default);

internal sealed record ReceivedCall(int Number, string Method, IReadOnlyDictionary<string, string> Headers, string Body, TimeSpan ReceivedAt)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>A real HTTP endpoint on a free loopback port that answers each call as the test says.</summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<int, Reply> _reply;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<int, ReceivedCall> _calls = new();
    private readonly ConcurrentBag<Task> _handlers = [];
    private readonly Stopwatch _since = Stopwatch.StartNew();
    private readonly Task _loop;
    private int _count;

    public WebhookReceiver(Func<int, Reply> reply)
    {
        _reply = reply;
        var port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{port}/control/");
        _loop = Task.Run(AcceptAsync);
    }

    public Uri Url { get; }

    public IReadOnlyList<ReceivedCall> Calls => [.. _calls.Values.OrderBy(c => c.Number)];

    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

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
            _handlers.Add(Task.Run(() => HandleAsync(context)));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            await AnswerAsync(context);
        }
        catch (Exception)
        {
            // The client gave up (timeout, cancellation) or the receiver is shutting down.
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

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var number = Interlocked.Increment(ref _count);
        var receivedAt = _since.Elapsed;
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.AllKeys.OfType<string>()
            .ToDictionary(k => k, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
        _calls[number] = new ReceivedCall(number, context.Request.HttpMethod, headers, body, receivedAt);

        var reply = _reply(number);
        if (reply.Hang > TimeSpan.Zero)
        {
            await Task.Delay(reply.Hang, _stopping.Token);
        }
        context.Response.StatusCode = reply.Status;
        if (reply.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers["Retry-After"] = seconds.ToString();
        }
        var bytes = Encoding.UTF8.GetBytes(reply.Body ?? "");
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Close();
        Task.WaitAll([_loop, .. _handlers], TimeSpan.FromSeconds(2));
        _stopping.Dispose();
    }
}
