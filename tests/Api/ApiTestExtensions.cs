using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Tests.Api;

internal static class ApiTestExtensions
{
    /// <summary>Web defaults plus string enums for the types without their own converter (a system's kind, risk tier).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, Json);

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }

    /// <summary>Asserts an RFC 7807 answer with the status and a trace id, and returns its JSON.</summary>
    public static async Task<JsonElement> ReadProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        // RFC 9110 defines every status the API uses except 429, which RFC 6585 does.
        Assert.StartsWith(expected == HttpStatusCode.TooManyRequests ? "https://tools.ietf.org/html/rfc6585#section-4" : "https://tools.ietf.org/html/rfc9110#section-15.",
            problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        return problem;
    }

    /// <summary>Asserts a 400 validation problem naming <paramref name="field"/>; returns that field's first message.</summary>
    public static async Task<string> ReadFieldErrorAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"No errors in {problem}");
        Assert.True(errors.TryGetProperty(field, out var messages), $"No error for '{field}' in {errors}");
        return messages[0].GetString()!;
    }

    public static async Task<IncidentSummary> DeclareAsync(this HttpClient client, string title = "Chatbot repeats a customer's card number",
        bool takeCommand = false, string severity = "SEV2", string system = "support-assistant")
    {
        var response = await client.PostJsonAsync("/api/incidents", new
        {
            title,
            summary = "Seen in two transcripts.",
            severity,
            archetype = "data-leakage",
            system,
            takeCommand,
        });
        return await response.ReadAsync<IncidentSummary>(HttpStatusCode.Created);
    }

    public static async Task<IncidentWithTimeline> GetIncidentAsync(this HttpClient client, string key) =>
        await (await client.GetAsync($"/api/incidents/{key}")).ReadAsync<IncidentWithTimeline>();

    public static async Task<IReadOnlyList<IncidentSummary>> ListIncidentsAsync(this HttpClient client, string query = "") =>
        await (await client.GetAsync("/api/incidents" + query)).ReadAsync<List<IncidentSummary>>();
}
