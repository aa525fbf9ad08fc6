using CommandCenter.Tests.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommandCenter.Tests.E2E;

/// <summary>The AI system inventory: the seeded register, and registering a system through the form.</summary>
public sealed class SystemsTests(BrowserFixture browser, AppFixture app) : BrowserTest(browser, app), IClassFixture<AppFixture>
{
    [Fact]
    public Task TheRegisterListsTheSeededSystemsAndShowsTheirDependencies() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Priya Lead");
        await Page.GotoAsync("/systems");

        foreach (var slug in new[] { "support-assistant", "voice-concierge", "refund-agent", "fraud-scoring", "kb-retrieval", "content-moderation" })
        {
            await Expect(Page.Locator($"[data-testid=system-row][data-slug={slug}]")).ToBeVisibleAsync();
        }
        await Page.GetByRole(AriaRole.Link, new() { Name = "Support assistant (RAG chatbot)" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Support assistant (RAG chatbot)", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByText("Depends on Knowledge-base retrieval")).ToBeVisibleAsync();
        await Expect(Page.GetByText("Used by Autonomous refund agent")).ToBeVisibleAsync();
        await Expect(Page.Locator("svg.dep-graph")).ToBeVisibleAsync();
    });

    [Fact]
    public Task RegisteringASystemSaysWhatToFixKeepsWhatWasTypedAndThenSaves() => RunAsync(async () =>
    {
        await SignInAsync(Page, "Priya Lead");
        await Page.GotoAsync("/systems/new");
        await Expect(Page.Locator(".shell[data-interactive=true]")).ToBeAttachedAsync();
        await Page.GetByLabel("Name", new() { Exact = true }).FillAsync("Claims triage model");
        await Page.GetByLabel("Slug").FillAsync("Claims Triage");
        await Page.GetByLabel("Kind").SelectOptionAsync("predictive");
        await Page.GetByLabel("Risk tier").SelectOptionAsync("high");
        await Page.GetByLabel("Owner team").FillAsync("Claims Data Science");
        await Page.GetByLabel("On-call contact").FillAsync("PagerDuty: claims-ds");
        await Page.GetByLabel("Our role under the EU AI Act").SelectOptionAsync("provider");
        await Page.GetByLabel("Personal data").CheckAsync();
        await Page.GetByLabel("Current model version").FillAsync("claims-xgb 5.1");
        await Page.GetByLabel("Depends on (upstream)").FillAsync("kb-retrieval\nClaims intake API");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Register system" }).ClickAsync();

        await Expect(Page.GetByText("A slug is lower-case letters, digits and dashes")).ToBeVisibleAsync();
        await Expect(Page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Claims triage model");
        await Expect(Page.GetByLabel("Depends on (upstream)")).ToHaveValueAsync("kb-retrieval\nClaims intake API");

        await Page.GetByLabel("Slug").FillAsync("claims-triage");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Register system" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/systems/claims-triage$"));
        await Expect(Page.GetByText("Depends on Knowledge-base retrieval")).ToBeVisibleAsync();
        await Expect(Page.GetByText("Depends on Claims intake API (outside the inventory)")).ToBeVisibleAsync();
        await Page.GotoAsync("/systems");
        await Expect(Page.Locator("[data-testid=system-row][data-slug=claims-triage]")).ToContainTextAsync("Claims Data Science");
    });
}
