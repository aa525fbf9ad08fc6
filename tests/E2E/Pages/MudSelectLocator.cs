using Microsoft.Playwright;

namespace CommandCenter.Tests.E2E.Pages;

/// <summary>MudSelect is not a native select: a person opens the list and picks an option.</summary>
public static class MudSelectLocator
{
    /// <summary>
    /// Opens the select whose input is <paramref name="field"/> (found by its label) and picks the option with that value.
    /// The options carry their value in <c>data-value</c>; the list opens in MudBlazor's popover layer, outside any dialog.
    /// </summary>
    public static async Task ChooseAsync(this ILocator field, string value)
    {
        await field.ClickAsync();
        var option = field.Page.Locator($".mud-popover-open [data-value='{value}']");
        await option.ClickAsync();
        await Assertions.Expect(option).ToHaveCountAsync(0);
    }
}
