using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Pages;

/// <summary>The "Status updates" card of a war room: next-update clocks, the composer and the history.</summary>
public sealed class UpdatesPanel(IPage page)
{
    public ILocator Root => page.GetByTestId("status-updates");

    public ILocator WriteUpdate => Root.GetByRole(AriaRole.Button, new() { Name = "Write update" });

    public ILocator Audience => Root.GetByLabel("Audience");

    public ILocator WhatHappened => Root.GetByLabel("What happened");

    public ILocator WhatWeAreTesting => Root.GetByLabel("What we are testing");

    public ILocator WhatWeAreDoing => Root.GetByLabel("What we are doing");

    public ILocator WhatWeDontKnow => Root.GetByLabel("What we don't know yet");

    public ILocator Composer => Root.GetByTestId("update-composer");

    public ILocator Updates => Root.GetByTestId("status-update");

    public ILocator Clock(string audience) => Root.Locator($"[data-testid=update-clock][data-audience={audience}]");

    public ILocator UpdateWithText(string text) => Updates.Filter(new() { HasTextString = text });

    public ILocator Button(ILocator scope, string name) => scope.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
}
