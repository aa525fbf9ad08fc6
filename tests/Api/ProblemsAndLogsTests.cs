using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Tests.Api;

/// <summary>Every formatted log line the app writes, as a log file or console would receive it.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, string Message)> _lines = new();

    public IReadOnlyList<(string Category, string Message)> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, string)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lines.Enqueue((category, formatter(state, exception)));
            }
        }
    }
}

/// <summary>The app logging at Information into <see cref="Log"/>.</summary>
public sealed class LoggingApiFactory : ApiFactory
{
    public CapturedLog Log { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(Log));
    }
}

/// <summary>
/// Errors are problem details that speak about the request, never about .NET types; a request target with control
/// characters is a 400 problem; request values reach the log with their control characters escaped, so nobody can
/// write a fake log line through a field.
/// </summary>
public sealed partial class ProblemsAndLogsTests(LoggingApiFactory factory) : IClassFixture<LoggingApiFactory>
{
    private HttpClient Client => factory.As("Pia Problems");

    [GeneratedRegex(@"CommandCenter|System\.|Microsoft\.|Nullable|<\w+>|\w+Request\b|\b(Int32|Int64|String|Boolean|DateTimeOffset|DateTime|bool|int|string)\b")]
    private static partial Regex DotNetTypeName();

    private static void AssertNoTypeNames(string problem) =>
        Assert.False(DotNetTypeName().IsMatch(problem), $"A .NET type name in: {problem}");

    public static TheoryData<string, string, string?> BadRequests() => new()
    {
        { "POST", "/api/incidents", """{"title":3""" },
        { "POST", "/api/incidents", "[1]" },
        { "POST", "/api/incidents", """{"title":"x","severity":{"nested":true}}""" },
        { "POST", "/api/incidents", """{"title":"x","takeCommand":"yes"}""" },
        { "POST", "/api/incidents", "" },
        { "GET", "/api/incidents?active=maybe", null },
        { "GET", "/api/incidents/INC-2026-0001/timeline?before=abc", null },
        { "GET", "/api/incidents/INC-2026-0001/timeline?take=99999999999", null },
        { "POST", "/api/incidents/INC-2026-0001/timeline", """{"kind":"note","text":"x","occurredAt":"yesterday"}""" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task ABadRequestIsExplainedWithoutNamingDotNetTypes(string method, string path, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await Client.SendAsync(request);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        AssertNoTypeNames(problem.ToString());
    }

    [Fact]
    public async Task AWrongTypeStillNamesTheField()
    {
        var response = await Client.PostAsJsonAsync("/api/incidents", new { title = "x", takeCommand = "yes" });

        var message = await response.ReadFieldErrorAsync("takeCommand");
        AssertNoTypeNames(message);
    }

    /// <remarks>
    /// <c>%00</c> itself cannot be sent from here: the test host's own decoder throws before the request leaves, as
    /// Kestrel refuses it (an empty 400) before the app sees it. Every other control character reaches the app.
    /// </remarks>
    [Theory]
    [InlineData("/api/incidents/%0A")]
    [InlineData("/api/incidents/INC-2026-0001%0D%0A")]
    [InlineData("/api/systems/%07bell")]
    [InlineData("/api/incidents/%1B%5B2J")]
    [InlineData("/api/incidents/%7F")]
    [InlineData("/incidents/%0A/legal")]
    public async Task ARequestTargetWithControlCharactersIsABadRequestProblem(string path)
    {
        var response = await Client.GetAsync(path);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("control characters", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestValuesAreLoggedWithTheirControlCharactersEscaped()
    {
        var forged = "SEV9\r\ninfo: CommandCenter.Identity[0]\r\n      Administrator ada signed in\u001b[2J\u0000";

        var response = await Client.PostAsJsonAsync("/api/incidents",
            new { title = "Log forging", severity = forged, archetype = "toxicity", system = "support-assistant" });
        await factory.As("Pia Problems").PostAsJsonAsync("/api/session", new { userName = "eve\r\nforged line", password = "x" });

        await response.ReadFieldErrorAsync("severity");
        var lines = factory.Log.Lines.Where(l => l.Message.Contains("SEV9", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        Assert.All(factory.Log.Lines.Where(l => l.Category.StartsWith("CommandCenter", StringComparison.Ordinal)),
            l => Assert.DoesNotContain(l.Message, c => c is '\r' or '\n' or '\u001b' or '\0'));
        Assert.Contains(lines, l => l.Message.Contains(@"SEV9\r\ninfo: CommandCenter.Identity[0]", StringComparison.Ordinal));
        Assert.Contains(factory.Log.Lines, l => l.Message.Contains(@"eve\r\nforged line", StringComparison.Ordinal));
    }
}
