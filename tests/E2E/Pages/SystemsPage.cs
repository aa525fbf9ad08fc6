using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Pages;

/// <summary>The AI system inventory: the register at /systems, one system at /systems/{slug}, and the register form.</summary>
public sealed class SystemsPage(IPage page)
{
    public IPage Page => page;

    public ILocator Row(string slug) => page.GetByRole(AriaRole.Table, new() { Name = "AI systems" })
        .Locator("tr").Filter(new() { Has = page.Locator($"[data-testid=system][data-slug='{slug}']") });

    public ILocator Heading(string name) => page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 });

    public ILocator DependencyGraph => page.Locator("svg.dep-graph");

    public ILocator NameField => page.GetByLabel("Name", new() { Exact = true });

    public ILocator SlugField => page.GetByLabel("Slug");

    public ILocator UpstreamField => page.GetByLabel("Depends on (upstream)");

    public async Task<SystemsPage> GotoRegisterAsync()
    {
        await page.GotoAsync("/systems");
        await Assertions.Expect(Heading("AI systems")).ToBeVisibleAsync();
        return this;
    }

    /// <summary>Opens the register form and waits until it is interactive (typing before then would be lost).</summary>
    public async Task<SystemsPage> GotoNewAsync()
    {
        await page.GotoAsync("/systems/new");
        await Assertions.Expect(page.Locator(".shell[data-interactive=true]")).ToBeAttachedAsync();
        return this;
    }

    public Task OpenAsync(string name) => page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

    /// <summary>Fills the fields a new predictive system needs; <paramref name="slug"/> is typed as given, right or wrong.</summary>
    public async Task FillNewSystemAsync(string name, string slug, string ownerTeam, string upstream)
    {
        await NameField.FillAsync(name);
        await SlugField.FillAsync(slug);
        await page.GetByLabel("Kind").ChooseAsync("predictive");
        await page.GetByLabel("Risk tier").ChooseAsync("high");
        await page.GetByLabel("Owner team").FillAsync(ownerTeam);
        await page.GetByLabel("On-call contact").FillAsync("PagerDuty: claims-ds");
        await page.GetByLabel("Our role under the EU AI Act").ChooseAsync("provider");
        await page.GetByLabel("Personal data").CheckAsync();
        await page.GetByLabel("Current model version").FillAsync("claims-xgb 5.1");
        await UpstreamField.FillAsync(upstream);
    }

    public Task SubmitAsync() => page.GetByRole(AriaRole.Button, new() { Name = "Register system" }).ClickAsync();

    public Task ExpectAtAsync(string slug) => Assertions.Expect(page).ToHaveURLAsync(new Regex($"/systems/{Regex.Escape(slug)}$"));
}
