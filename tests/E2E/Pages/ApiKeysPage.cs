using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Pages;

/// <summary>Settings → API keys at /settings/api-keys.</summary>
public sealed class ApiKeysPage(IPage page)
{
    public IPage Page => page;

    public async Task<ApiKeysPage> GotoAsync()
    {
        await page.GotoAsync("/settings/api-keys");
        await Assertions.Expect(page.Locator(".shell[data-interactive=true]")).ToBeAttachedAsync();
        return this;
    }

    /// <summary>Fills the form, creates the key and returns the secret shown once.</summary>
    public async Task<string> CreateAsync(string name, string source)
    {
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Source name").FillAsync(source);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var secret = page.GetByTestId("secret");
        await Assertions.Expect(secret).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^cck_"));
        return await secret.InputValueAsync();
    }
}
