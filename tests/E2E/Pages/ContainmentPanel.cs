using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Pages;

/// <summary>The containment card in the war room's side column.</summary>
public sealed class ContainmentPanel(IPage page)
{
    public ILocator Root => page.GetByTestId("containment");

    public ILocator Actions => Root.GetByRole(AriaRole.Group, new() { Name = "Containment actions" });

    public ILocator Action(string title) => Actions.GetByRole(AriaRole.Button, new() { Name = title, Exact = true });

    public ILocator Confirmation => Root.Locator("form.containment-confirm");

    public ILocator Reason => Confirmation.GetByLabel("Reason");

    public ILocator ConfirmButton(string title) => Confirmation.GetByRole(AriaRole.Button, new() { Name = title, Exact = true });

    public ILocator NoWebhookNote => Root.GetByTestId("no-webhook");

    public ILocator NotAllowedNote => Root.GetByTestId("containment-not-allowed");

    public ILocator History => Root.GetByTestId("containment-action");

    public ILocator Latest => History.First;

    public ILocator State(ILocator action) => action.GetByTestId("containment-state");

    public ILocator Steps(ILocator action) => action.GetByRole(AriaRole.Checkbox);
}
