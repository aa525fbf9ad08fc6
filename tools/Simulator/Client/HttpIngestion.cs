using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Core.Detection;

namespace CommandCenter.Simulator;

/// <summary>Which ingestion endpoint signals go through.</summary>
public enum Via
{
    /// <summary><c>POST /api/signals</c>, our own JSON, in batches.</summary>
    Signals,

    /// <summary><c>POST /api/integrations/alertmanager</c>, a Prometheus Alertmanager webhook (payload version 4) per batch.</summary>
    Alertmanager,

    /// <summary><c>POST /api/integrations/events</c>, one PagerDuty Events API v2 body per signal.</summary>
    Events,
}

/// <summary>The app answered with an error status: what it said, as a problem document or text.</summary>
public sealed class IngestionRefusedException(HttpStatusCode status, string url, string body)
    : Exception($"{(int)status} {status} from {url}: {body}")
{
    public HttpStatusCode Status { get; } = status;
    public string Body { get; } = body;
}

/// <summary>
/// CommandCenter's ingestion API over HTTP with an API key, behind the same interfaces as the app's in-process ingestion,
/// so <see cref="Core.Simulation.FeedPlayer"/> plays a feed through either.
/// </summary>
public sealed class HttpIngestion(HttpClient http, Via via) : ISignalIngestor, IChangeRecorder
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A client for <paramref name="baseUrl"/> sending <paramref name="key"/> as a bearer token.</summary>
    public static HttpClient Client(Uri baseUrl, string key, int connections = 4)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    public async Task<IngestResult> IngestAsync(string source, IReadOnlyList<IncomingSignal> signals, CancellationToken cancellationToken = default)
    {
        switch (via)
        {
            case Via.Alertmanager:
                return await PostAsync<IngestResult>("api/integrations/alertmanager", Payloads.Alertmanager(signals), cancellationToken);
            case Via.Events:
                var items = new List<IngestItemResult>();
                foreach (var signal in signals)
                {
                    var answer = await PostAsync<EventAnswer>("api/integrations/events", Payloads.Event(signal), cancellationToken);
                    items.Add(answer.Result with { Index = items.Count });
                }
                return new IngestResult(items.Count(i => i.Outcome == IngestOutcome.Accepted), items.Count(i => i.Outcome == IngestOutcome.Duplicate),
                    items.Count(i => i.Outcome == IngestOutcome.Rejected), items);
            default:
                return await PostAsync<IngestResult>("api/signals", Payloads.Signals(signals), cancellationToken);
        }
    }

    public async Task<(ChangeView Change, bool Created)> RecordAsync(string source, RecordChange change, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync("api/changes", Payloads.Change(change), Json, cancellationToken);
        var view = await ReadAsync<ChangeView>(response, "api/changes", cancellationToken);
        return (view, response.StatusCode == HttpStatusCode.Created);
    }

    private async Task<T> PostAsync<T>(string url, object body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(url, body, Json, cancellationToken);
        return await ReadAsync<T>(response, url, cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, string url, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new IngestionRefusedException(response.StatusCode, url, text.Length > 2000 ? text[..2000] + "…" : text);
        }
        return JsonSerializer.Deserialize<T>(text, Json) ?? throw new IngestionRefusedException(response.StatusCode, url, "an empty answer");
    }

    private sealed record EventAnswer(string Status, string Message, string DedupKey, IngestItemResult Result);
}

/// <summary>The request bodies each endpoint reads (docs/api.md), built from the feed's signals.</summary>
public static class Payloads
{
    public static object Signals(IReadOnlyList<IncomingSignal> signals) => new { signals = signals.Select(Signal).ToList() };

    public static Dictionary<string, object?> Signal(IncomingSignal s) => new()
    {
        ["system"] = s.System, ["kind"] = s.Kind, ["value"] = s.Value, ["threshold"] = s.Threshold, ["labels"] = s.Labels,
        ["fingerprint"] = s.Fingerprint, ["occurredAt"] = s.OccurredAt, ["summary"] = s.Summary,
        ["action"] = s.Action == SignalAction.Resolve ? "resolve" : s.Action == SignalAction.Acknowledge ? "acknowledge" : "trigger",
        ["id"] = s.IdempotencyKey,
    };

    public static object Change(RecordChange c) => new
    {
        system = c.System, kind = c.Kind, summary = c.Summary, fromVersion = c.FromVersion, toVersion = c.ToVersion, author = c.Author,
        occurredAt = c.OccurredAt, id = c.IdempotencyKey,
    };

    /// <summary>One webhook for the batch, as Alertmanager groups alerts; a resolve is a "resolved" alert ending at its time.</summary>
    public static object Alertmanager(IReadOnlyList<IncomingSignal> signals) => new
    {
        version = "4",
        groupKey = "{}:{simulator=\"commandcenter\"}",
        truncatedAlerts = 0,
        status = signals.Any(s => s.Action == SignalAction.Trigger) ? "firing" : "resolved",
        receiver = "commandcenter",
        groupLabels = new Dictionary<string, string>(),
        commonLabels = new Dictionary<string, string> { ["simulator"] = "commandcenter" },
        commonAnnotations = new Dictionary<string, string>(),
        externalURL = "http://alertmanager.simulator.invalid",
        alerts = signals.Select(s =>
        {
            var resolved = s.Action == SignalAction.Resolve;
            var labels = new Dictionary<string, string>(s.Labels ?? new Dictionary<string, string>())
            {
                ["alertname"] = AlertName(s.Kind), ["ai_system"] = s.System ?? "", ["signal_kind"] = s.Kind ?? "generic",
            };
            var annotations = new Dictionary<string, string>();
            Put(annotations, "summary", s.Summary);
            Put(annotations, "value", Number(s.Value));
            Put(annotations, "threshold", Number(s.Threshold));
            var at = s.OccurredAt ?? DateTime.UtcNow;
            return new
            {
                status = resolved ? "resolved" : "firing",
                labels,
                annotations,
                startsAt = at,
                endsAt = resolved ? at : new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                generatorURL = "http://prometheus.simulator.invalid/graph",
                // Alertmanager's fingerprint is the alert's identity; a user report (no fingerprint) is its own alert.
                fingerprint = s.Fingerprint ?? s.IdempotencyKey,
            };
        }).ToList(),
    };

    /// <summary>A PagerDuty Events API v2 body: trigger with the metric in custom_details, or resolve by dedup_key.</summary>
    public static object Event(IncomingSignal s)
    {
        if (s.Action != SignalAction.Trigger)
        {
            return new { event_action = s.Action == SignalAction.Resolve ? "resolve" : "acknowledge", dedup_key = s.Fingerprint };
        }
        var details = new Dictionary<string, object?>(s.Labels?.ToDictionary(l => l.Key, l => (object?)l.Value) ?? [])
        {
            ["system"] = s.System, ["kind"] = s.Kind, ["value"] = s.Value, ["threshold"] = s.Threshold,
        };
        var evidence = SignalKinds.Parse(s.Kind) is { } kind && !kind.IsSymptom();
        return new
        {
            event_action = "trigger",
            dedup_key = s.Fingerprint,
            payload = new
            {
                summary = s.Summary ?? $"{s.Kind} on {s.System}",
                source = $"{s.System}-monitor",
                severity = evidence ? "error" : "warning",
                timestamp = s.OccurredAt,
                component = s.System,
                @class = s.Kind,
                custom_details = details,
            },
            client = "CommandCenter simulator",
        };
    }

    private static string AlertName(string? kind) =>
        string.Concat((kind ?? "generic").Split('-').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));

    private static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    private static void Put(Dictionary<string, string> values, string key, string? value)
    {
        if (value is not null)
        {
            values[key] = value;
        }
    }
}
