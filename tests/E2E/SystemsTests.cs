using CommandCenter.Tests.E2E.Infrastructure;
using CommandCenter.Tests.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace CommandCenter.Tests.E2E;

/// <summary>The AI system inventory: the seeded register, and registering a system through the form.</summary>
public sealed class SystemsTests(BrowserFixture browser, AppFixture app) : BrowserTest(browser, app), IClassFixture<AppFixture>
{
    [Fact]
    public Task TheRegisterListsTheSeededSystemsAndShowsTheirDependencies() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Priya Lead");
        var systems = await new SystemsPage(Page).GotoRegisterAsync();

        foreach (var slug in new[] { "support-assistant", "voice-concierge", "refund-agent", "fraud-scoring", "kb-retrieval", "content-moderation" })
        {
            await Expect(systems.Row(slug)).ToBeVisibleAsync();
        }
        await systems.OpenAsync("Support assistant (RAG chatbot)");

        await Expect(systems.Heading("Support assistant (RAG chatbot)")).ToBeVisibleAsync();
        await Expect(Page.GetByText("Depends on Knowledge-base retrieval")).ToBeVisibleAsync();
        await Expect(Page.GetByText("Used by Autonomous refund agent")).ToBeVisibleAsync();
        await Expect(systems.DependencyGraph).ToBeVisibleAsync();
    });

    [Fact]
    public Task RegisteringASystemSaysWhatToFixKeepsWhatWasTypedAndThenSaves() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Priya Lead");
        var form = await new SystemsPage(Page).GotoNewAsync();
        await form.FillNewSystemAsync("Claims triage model", slug: "Claims Triage", ownerTeam: "Claims Data Science",
            upstream: "kb-retrieval\nClaims intake API");

        await form.SubmitAsync();

        await Expect(Page.GetByText("A slug is lower-case letters, digits and dashes")).ToBeVisibleAsync();
        await Expect(form.NameField).ToHaveValueAsync("Claims triage model");
        await Expect(form.UpstreamField).ToHaveValueAsync("kb-retrieval\nClaims intake API");

        await form.SlugField.FillAsync("claims-triage");
        await form.SubmitAsync();

        await form.ExpectAtAsync("claims-triage");
        await Expect(Page.GetByText("Depends on Knowledge-base retrieval")).ToBeVisibleAsync();
        await Expect(Page.GetByText("Depends on Claims intake API (outside the inventory)")).ToBeVisibleAsync();
        await form.GotoRegisterAsync();
        await Expect(form.Row("claims-triage")).ToContainTextAsync("Claims Data Science");
    });
}
