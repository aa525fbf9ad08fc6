using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Integrations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CommandCenter.Tests.Api;

/// <summary>
/// A generated corpus of malformed and hostile requests for every state-changing endpoint in the OpenAPI document: at
/// least 50 per endpoint (wrong types, extremes, non-finite numbers, lone surrogates, nulls inside arrays, deep nesting,
/// sizes, content types, encodings). None may answer 500; a refusal is a problem document without type names or stack
/// traces; and a refused request writes nothing (the audit trail's record of the refusal excepted, by design).
/// </summary>
public sealed class BadInputCorpusTests(ApiFactory factory, ITestOutputHelper output) : IClassFixture<ApiFactory>
{
    private const int MinimumPerEndpoint = 50;

    /// <summary>Tables whose rows a refused request may add: the audit trail records every refusal.</summary>
    private static readonly HashSet<string> Unwatched = new(StringComparer.OrdinalIgnoreCase) { "AuditEntries", "__EFMigrationsHistory", "sqlite_sequence" };

    [Fact]
    public async Task EveryStateChangingEndpointSurvivesItsCorpusWithoutA500OrAWrite()
    {
        var admin = factory.As("Corpus Admin", OrgRole.Administrator);
        var key = (await admin.DeclareAsync(title: "Corpus target", takeCommand: true)).Key;
        var apiKey = (await factory.Services.GetRequiredService<ApiKeyService>().CreateAsync(new CreateApiKey("corpus", "corpus", 600_000),
            new Actor("Corpus Admin", OrgRole.Administrator))).Secret;
        using var document = JsonDocument.Parse(await admin.GetStringAsync("/openapi/v1.json"));

        var failures = new List<string>();
        var state = Fingerprint();
        var endpoints = 0;
        var requests = 0;
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "post" or "put"))
            {
                var url = Fill(path.Name, key);
                var properties = RequestProperties(document.RootElement, operation.Value);
                var corpus = Corpus(properties).ToList();
                Assert.True(corpus.Count >= MinimumPerEndpoint, $"{operation.Name} {path.Name}: only {corpus.Count} cases");
                endpoints++;
                foreach (var (label, body, contentType) in corpus)
                {
                    requests++;
                    using var request = new HttpRequestMessage(new HttpMethod(operation.Name.ToUpperInvariant()), url)
                    {
                        Content = new ByteArrayContent(body),
                    };
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                    if (path.Name.StartsWith("/api/signals", StringComparison.Ordinal) || path.Name.StartsWith("/api/integrations", StringComparison.Ordinal)
                        || path.Name.StartsWith("/api/changes", StringComparison.Ordinal))
                    {
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
                    }
                    using var response = await admin.SendAsync(request);
                    var text = await response.Content.ReadAsStringAsync();
                    var where = $"{operation.Name.ToUpperInvariant()} {path.Name} [{label}]";
                    var before = state;
                    state = Fingerprint();
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{where}: {(int)response.StatusCode} {Shorten(text)}");
                        continue;
                    }
                    if (!response.IsSuccessStatusCode)
                    {
                        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                        {
                            failures.Add($"{where}: {(int)response.StatusCode} without a problem document ({response.Content.Headers.ContentType})");
                        }
                        else if (text.Contains("Exception", StringComparison.Ordinal) || text.Contains("   at ", StringComparison.Ordinal)
                            || text.Contains("System.", StringComparison.Ordinal))
                        {
                            failures.Add($"{where}: the problem names a type or a stack: {Shorten(text)}");
                        }
                        if (response.StatusCode != HttpStatusCode.TooManyRequests && state != before)
                        {
                            failures.Add($"{where}: refused with {(int)response.StatusCode} but wrote something");
                        }
                    }
                }
            }
        }

        output.WriteLine($"{requests} requests over {endpoints} endpoints");
        Assert.True(endpoints >= 40, $"Only {endpoints} state-changing endpoints found in the OpenAPI document.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} requests misbehaved:\n{string.Join("\n", failures.Take(40))}");
    }

    /// <summary>Real values for the path's parameters, so the body is what gets judged.</summary>
    private static string Fill(string path, string key) => path
        .Replace("{key}", key, StringComparison.Ordinal).Replace("{slug}", "support-assistant", StringComparison.Ordinal)
        .Replace("{archetype}", "prompt-injection", StringComparison.Ordinal).Replace("{userName}", "maya", StringComparison.Ordinal)
        .Replace("{stepId}", "tighten-input-filters", StringComparison.Ordinal).Replace("{code}", "gdpr-art33", StringComparison.Ordinal)
        .Replace("{role}", "scribe", StringComparison.Ordinal).Replace("{sequence}", "1", StringComparison.Ordinal)
        .Replace("{index}", "0", StringComparison.Ordinal).Replace("{id}", "1", StringComparison.Ordinal);

    /// <summary>The request body's property names from the OpenAPI schema (empty when the body has none or is not JSON).</summary>
    private static IReadOnlyList<string> RequestProperties(JsonElement root, JsonElement operation)
    {
        if (!operation.TryGetProperty("requestBody", out var body) || !body.TryGetProperty("content", out var content)
            || !content.TryGetProperty("application/json", out var json) || !json.TryGetProperty("schema", out var schema))
        {
            return [];
        }
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            schema = root.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }
        return schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => p.Name).ToList() : [];
    }

    private static IEnumerable<(string Label, byte[] Body, string ContentType)> Corpus(IReadOnlyList<string> properties)
    {
        const string Json = "application/json";
        static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
        var wholeBodies = new (string, string)[]
        {
            ("empty", ""), ("null", "null"), ("array", "[]"), ("array of nulls", "[null,null]"), ("number", "0"), ("string", "\"x\""),
            ("true", "true"), ("open brace", "{"), ("close brace", "}"), ("unterminated key", "{\"a\":"), ("trailing comma", "{\"a\":1,}"),
            ("single quotes", "{'a':1}"), ("comment", "{/* c */}"), ("NaN literal", "{\"value\":NaN}"), ("Infinity literal", "{\"value\":Infinity}"),
            ("huge number", "{\"value\":1e400}"), ("tiny number", "{\"value\":-1e400}"), ("big integer", "{\"value\":123456789012345678901234567890}"),
            ("deep arrays", new string('[', 300) + new string(']', 300)),
            ("deep objects", string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200)),
            ("lone surrogate key", "{\"\\ud800\":1}"), ("lone surrogate value", "{\"a\":\"\\udc00\"}"), ("NUL in value", "{\"a\":\"\\u0000\"}"),
            ("control characters", "{\"a\":\"\\u0001\\u001b[31m\"}"), ("duplicate keys", "{\"a\":1,\"a\":2}"), ("BOM then garbage", "\uFEFF{x}"),
            ("trailing garbage", "{} trailing"), ("two documents", "{}{}"), ("1 MB of spaces", new string(' ', 1_000_000)),
            ("long key", "{\"" + new string('k', 50_000) + "\":1}"), ("escaped slash only", "\"\\/\""), ("invalid escape", "{\"a\":\"\\q\"}"),
            ("truncated unicode escape", "{\"a\":\"\\u12\"}"), ("nulls inside object", "{\"a\":null,\"b\":null}"),
            ("object of arrays of nulls", "{\"a\":[null],\"b\":[[null]]}"), ("script", "{\"a\":\"<script>alert(1)</script>\"}"),
        };
        foreach (var (label, body) in wholeBodies)
        {
            yield return (label, Utf8(body), Json);
        }
        yield return ("invalid UTF-8", [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D], Json);
        yield return ("UTF-16 without saying so", Encoding.Unicode.GetBytes("{\"a\":1}"), Json);
        yield return ("UTF-16 said", Encoding.Unicode.GetBytes("{\"a\":1}"), "application/json; charset=utf-16");
        yield return ("text/plain", Utf8("{\"a\":1}"), "text/plain");
        yield return ("XML", Utf8("<a>1</a>"), "application/xml");
        yield return ("form", Utf8("a=1&b=2"), "application/x-www-form-urlencoded");
        yield return ("multipart without boundary", Utf8("--x\r\n\r\n"), "multipart/form-data");
        yield return ("binary", [0x00, 0xFF, 0xFE, 0x01], "application/octet-stream");

        var hostileValues = new (string, string)[]
        {
            ("null", "null"), ("wrong type number", "42"), ("wrong type object", "{\"x\":1}"), ("wrong type array", "[1,2]"),
            ("array with null", "[null]"), ("boolean", "true"), ("max double", "1.7976931348623157e308"), ("min positive", "5e-324"),
            ("negative", "-1"), ("int overflow", "99999999999999999999"), ("empty string", "\"\""), ("blank", "\"   \""),
            ("100k string", "\"" + new string('x', 100_000) + "\""), ("lone surrogate", "\"\\ud83d\""), ("control", "\"\\u0007\\u0000\""),
            ("NaN string", "\"NaN\""), ("date far future", "\"9999-12-31T23:59:59Z\""), ("date garbage", "\"31/02/2026 25:61\""),
            ("javascript url", "\"javascript:alert(1)\""), ("loopback url", "\"http://127.0.0.1:22/\""),
        };
        // Every endpoint gets at least the whole-body and content-type cases above; each named property adds its own.
        var names = properties.Count > 0 ? properties : ["value"];
        foreach (var property in names)
        {
            foreach (var (label, value) in hostileValues)
            {
                yield return ($"{property}={label}", Utf8($"{{\"{property}\":{value}}}"), Json);
            }
        }
    }

    /// <summary>Row counts of every watched table: changes when anything was written.</summary>
    private string Fingerprint()
    {
        using var connection = new SqliteConnection(factory.ConnectionString);
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'Search%'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var counts = new StringBuilder();
        foreach (var table in tables.Where(t => !Unwatched.Contains(t)).Order(StringComparer.Ordinal))
        {
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts.Append(table).Append('=').Append(count.ExecuteScalar()).Append(' ');
        }
        return counts.ToString();
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
