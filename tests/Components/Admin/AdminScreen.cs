using AngleSharp.Dom;
using Bunit;
using CommandCenter.Tests.Components.Support;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CommandCenter.Tests.Components.Admin;

/// <summary>
/// A page rendered with MudBlazor's providers kept at hand, so a test can read and click what opens outside the page:
/// dialogs (<see cref="Dialogs"/>), menus and select lists (<see cref="Popovers"/>) and snackbars (<see cref="Snackbars"/>).
/// (AppTestContext.Render renders the providers too but does not hand them back.)
/// </summary>
internal sealed record AdminScreen<T>(
    IRenderedComponent<T> Page,
    IRenderedComponent<MudPopoverProvider> Popovers,
    IRenderedComponent<MudDialogProvider> Dialogs,
    IRenderedComponent<MudSnackbarProvider> Snackbars) where T : IComponent
{
    /// <summary>The button in <paramref name="scope"/> whose text (or accessible label) is exactly <paramref name="name"/>.</summary>

    // Find and act in one turn of the renderer: a re-render between the two would leave a stale event handler id.
    public Task Click(Func<IElement> find) => Page.InvokeAsync(() => find().Click());

    public Task Type(Func<IElement> find, string text) => Page.InvokeAsync(() => find().Input(text));

    public Task Submit(Func<IElement> find) => Page.InvokeAsync(() => find().Submit());

    public IElement PageButton(string name) => ButtonIn(Page.FindAll("button"), name);

    public IElement DialogButton(string name) => ButtonIn(Dialogs.FindAll("button"), name);

    /// <summary>The input or textarea labelled <paramref name="label"/> inside the open dialogs.</summary>
    public IElement DialogField(string label) => FieldIn(Dialogs, label);

    public IElement PageField(string label) => FieldIn(Page, label);

    /// <summary>
    /// The innermost element showing exactly <paramref name="text"/> that handles a click (a menu item, a list item):
    /// bUnit marks handled events as <c>blazor:onclick</c> attributes.
    /// </summary>
    public static IElement ClickableIn<TComponent>(IRenderedComponent<TComponent> scope, string text) where TComponent : IComponent
    {
        var matches = scope.FindAll("*").Where(e => e.HasAttribute("blazor:onclick") && e.TextContent.Trim() == text).ToList();
        Assert.True(matches.Count > 0, $"Nothing clickable reads '{text}'.");
        return matches[^1];
    }

    public static IElement FieldIn<TComponent>(IRenderedComponent<TComponent> scope, string label) where TComponent : IComponent
    {
        var labels = scope.FindAll("label").Where(l => l.TextContent.Trim() == label).ToList();
        Assert.True(labels.Count == 1, $"Expected one field labelled '{label}', found {labels.Count}.");
        var id = labels[0].GetAttribute("for");
        Assert.False(string.IsNullOrEmpty(id), $"The label '{label}' names no field.");
        return scope.Find($"[id='{id}']");
    }

    public static IElement ButtonIn(IEnumerable<IElement> buttons, string name)
    {
        var matches = buttons.Where(b => b.TextContent.Trim() == name || b.GetAttribute("aria-label") == name).ToList();
        Assert.True(matches.Count == 1, $"Expected one button '{name}', found {matches.Count}.");
        return matches[0];
    }
}

internal static class AdminScreen
{
    /// <summary>
    /// How long a test waits for what it expects to appear. bUnit's one second is short on a shared two-core build
    /// machine where a save goes through SQLite and MudBlazor re-renders a page of inputs; this is a ceiling, not a timing
    /// assertion (a passing check returns at once).
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static void Eventually<T>(this IRenderedComponent<T> component, Action assertion) where T : IComponent =>
        component.WaitForAssertion(assertion, Patience);

    /// <summary>The text a person reads in <paramref name="component"/> (no markup, no HTML encoding).</summary>
    public static string TextOf<T>(IRenderedComponent<T> component) where T : IComponent =>
        string.Concat(component.Nodes.Select(n => n.TextContent));

    public static AdminScreen<T> RenderWithProviders<T>(this AppTestContext app, Action<ComponentParameterCollectionBuilder<T>>? parameters = null)
        where T : IComponent
    {
        var popovers = app.Context.Render<MudPopoverProvider>();
        var dialogs = app.Context.Render<MudDialogProvider>();
        var snackbars = app.Context.Render<MudSnackbarProvider>();
        var page = app.Context.Render(parameters ?? (_ => { }));
        return new AdminScreen<T>(page, popovers, dialogs, snackbars);
    }
}
