using System.Net;
using System.Net.Http.Json;
using CommandCenter.Core.Accounts;

namespace CommandCenter.Tests.Api;

/// <summary>
/// Every mutating endpoint of the people's API (and the account listing) against no session and each organisation role:
/// no session is 401, Leadership is 403 everywhere, Responders are 403 only on account administration, control webhooks
/// and appointing a Legal/Compliance Liaison without being the IC, Administrators pass authorization (whatever the domain
/// then says). A 403 must leave nothing behind, which the timeline count checks.
/// </summary>
public sealed class AuthorizationMatrixEndpointTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly (string Method, string Path, string? Body, bool AdministratorsOnly)[] Endpoints =
    [
        ("POST", "/api/incidents", """{"title":"Matrix","severity":"SEV3","archetype":"toxicity","system":"support-assistant"}""", false),
        ("POST", "/api/incidents/{key}/timeline", """{"kind":"note","text":"matrix note"}""", false),
        ("POST", "/api/incidents/{key}/timeline/1/corrections", """{"text":"matrix fix"}""", false),
        ("POST", "/api/incidents/{key}/status", """{"status":"triaged"}""", false),
        ("POST", "/api/incidents/{key}/severity", """{"severity":"SEV2"}""", false),
        ("POST", "/api/incidents/{key}/roles", """{"role":"scribe","person":"Tom Okafor"}""", false),
        ("DELETE", "/api/incidents/{key}/roles/scribe", null, false),
        ("POST", "/api/incidents/{key}/roles", """{"role":"legal-liaison","person":"Noor Haddad"}""", true),
        ("POST", "/api/incidents/{key}/clocks", """{"trigger":"personal-data-breach"}""", false),
        ("POST", "/api/incidents/{key}/clocks/gdpr-art33/met", null, false),
        ("POST", "/api/incidents/{key}/exposure", """{"dataCategories":["email addresses"],"affectedUsers":12}""", false),
        ("POST", "/api/incidents/{key}/legal-hold", """{"on":true,"reason":"regulator inquiry"}""", false),
        ("POST", "/api/incidents/{key}/updates", """{"audience":"internal","whatHappened":"a","whatWeAreTesting":"b","whatWeAreDoing":"c","whatWeDontKnow":"d","nextUpdateAt":"2099-01-01T00:00:00Z"}""", false),
        ("POST", "/api/incidents/{key}/updates/999999/approve", null, false),
        ("POST", "/api/incidents/{key}/containment", """{"action":"rate-limit","reason":"slow the attacker down"}""", false),
        ("POST", "/api/incidents/{key}/containment/999999/retry", null, false),
        ("PUT", "/api/systems/support-assistant/control", """{"url":"https://controls.example.com/hooks/support","secret":"a-shared-secret-of-32-characters"}""", true),
        ("POST", "/api/candidates/999999/promote", "{}", false),
        ("POST", "/api/candidates/999999/merge", """{"incidentKey":"{key}"}""", false),
        ("POST", "/api/candidates/999999/dismiss", """{"reason":"noise"}""", false),
        ("POST", "/api/systems", """{"slug":"matrix-{n}","name":"Matrix","kind":"generative","ownerTeam":"T","onCallContact":"#t","riskTier":"limited","euAiActRole":"deployer","currentModelVersion":"m 1"}""", false),
        ("PUT", "/api/systems/support-assistant", """{"name":"Support assistant"}""", false),
        ("GET", "/api/users", null, true),
        ("POST", "/api/users", """{"userName":"matrix.{n}","displayName":"Matrix {n}","role":"responder","password":"long-enough-password"}""", true),
        ("POST", "/api/users/maya/role", """{"role":"responder"}""", true),
        ("POST", "/api/users/maya/unlock", null, true),
        ("POST", "/api/users/maya/password", """{"password":"war-room-demo"}""", true),
        ("POST", "/api/incidents/{key}/postmortem", null, false),
        ("PUT", "/api/incidents/{key}/postmortem", """{"summary":"matrix"}""", false),
        ("POST", "/api/incidents/{key}/postmortem/comments", """{"section":"summary","text":"matrix"}""", false),
        ("POST", "/api/incidents/{key}/action-items", """{"title":"Matrix","kind":"process","owner":"maya","dueDate":"2099-01-01"}""", false),
        ("POST", "/api/action-items/999999/status", """{"status":"done"}""", false),
        ("PUT", "/api/playbooks/toxicity", """{"content":{"title":"Matrix","summary":"","detectionSignals":[],"steps":[{"id":"matrix-step","phase":"immediate","text":"Do it.","owner":"technical-lead"}],"templates":[]},"changeNote":"matrix"}""", true),
    ];

    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        for (var i = 0; i < Endpoints.Length; i++)
        {
            foreach (var who in new[] { "anonymous", "leadership", "responder", "administrator" })
            {
                data.Add(i, who);
            }
        }
        return data;
    }

    private static int _counter;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EveryRoleGetsTheAnswerItsRoleAllows(int endpoint, string who)
    {
        var (method, path, body, administratorsOnly) = Endpoints[endpoint];
        var n = Interlocked.Increment(ref _counter);
        var setup = factory.As("Matrix Setup", OrgRole.Administrator);
        var key = (await setup.DeclareAsync(title: $"Matrix {n}")).Key;
        var before = (await setup.GetIncidentAsync(key)).Timeline.Count;
        var client = who switch
        {
            "anonymous" => factory.Anonymous(),
            "leadership" => factory.As("Matrix Leader", OrgRole.Leadership),
            "responder" => factory.As("Matrix Responder"),
            _ => factory.As("Matrix Admin", OrgRole.Administrator),
        };
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{key}", key));
        if (body is not null)
        {
            request.Content = new StringContent(body.Replace("{key}", key).Replace("{n}", n.ToString()), System.Text.Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request);

        var status = response.StatusCode;
        var expected = who switch
        {
            "anonymous" => HttpStatusCode.Unauthorized,
            "leadership" => HttpStatusCode.Forbidden,
            "responder" when administratorsOnly => HttpStatusCode.Forbidden,
            _ => (HttpStatusCode?)null,
        };
        if (expected is { } denied)
        {
            await response.ReadProblemAsync(denied);
            Assert.Equal(before, (await setup.GetIncidentAsync(key)).Timeline.Count);
        }
        else
        {
            Assert.True(status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                $"{who} {method} {path}: {(int)status} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task TheSessionSaysWhoIsSignedInAndWhatTheirRoleAllows()
    {
        var session = await (await factory.As("Matrix Leader", OrgRole.Leadership).GetAsync("/api/session")).ReadAsync<System.Text.Json.JsonElement>();

        Assert.Equal("leadership", session.GetProperty("role").GetString());
        Assert.Equal(0, session.GetProperty("permissions").GetArrayLength());
        await (await factory.Anonymous().GetAsync("/api/incidents")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await factory.Anonymous().PostAsJsonAsync("/api/session", new { userName = "maya", password = "wrong" }))
            .ReadProblemAsync(HttpStatusCode.Unauthorized);
    }
}
