using AngleSharp.Dom;
using Bunit;
using CommandCenter.Tests.Components.Support;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CommandCenter.Tests.Components;

/// <summary>
/// A component rendered beside the MudBlazor providers, which it keeps (AppTestContext.Render renders them but does not
/// hand them back): dialogs open in <see cref="Dialogs"/>, select lists and tooltips in <see cref="Popovers"/>.
/// </summary>
public sealed record MudHost<T>(IRenderedComponent<T> Page, IRenderedComponent<MudDialogProvider> Dialogs,
    IRenderedComponent<MudPopoverProvider> Popovers) where T : IComponent;

public static class MudHost
{
    public static MudHost<T> Render<T>(AppTestContext app, Action<ComponentParameterCollectionBuilder<T>>? parameters = null)
        where T : IComponent
    {
        var popovers = app.Context.Render<MudPopoverProvider>();
        var dialogs = app.Context.Render<MudDialogProvider>();
        app.Context.Render<MudSnackbarProvider>();
        var page = app.Context.Render(parameters ?? (_ => { }));
        return new MudHost<T>(page, dialogs, popovers);
    }

    /// <summary>The button whose text is <paramref name="text"/>, as a person reads it.</summary>
    public static IElement Button<T>(this IRenderedComponent<T> rendered, string text) where T : IComponent =>
        rendered.FindAll("button").Single(b => b.TextContent.Trim() == text);

    /// <summary>
    /// Clicks what <paramref name="find"/> finds, again if a live update re-rendered it between finding and clicking
    /// (pages on this app re-render whenever someone else changes something).
    /// </summary>
    public static void ClickLive<T>(this IRenderedComponent<T> rendered, Func<IElement> find) where T : IComponent =>
        rendered.WaitForAssertion(() => find().Click());

    public static bool HasButton<T>(this IRenderedComponent<T> rendered, string text) where T : IComponent =>
        rendered.FindAll("button").Any(b => b.TextContent.Trim() == text);

    /// <summary>The input (or textarea) whose label reads <paramref name="label"/>.</summary>
    public static IElement Field<T>(this IRenderedComponent<T> rendered, string label) where T : IComponent
    {
        var labelElement = rendered.FindAll("label").Single(l => l.TextContent.Trim() == label);
        var id = labelElement.GetAttribute("for");
        return id is { Length: > 0 }
            ? rendered.Find($"#{id}")
            : labelElement.ParentElement!.QuerySelector("input, textarea") ?? throw new InvalidOperationException($"No field labelled {label}.");
    }

    /// <summary>The error text shown under the field labelled <paramref name="label"/>, or null.</summary>
    public static string? ErrorUnder<T>(this IRenderedComponent<T> rendered, string label) where T : IComponent
    {
        var control = rendered.FindAll(".mud-input-control").SingleOrDefault(c => c.QuerySelector("label")?.TextContent.Trim() == label)
            ?? throw new InvalidOperationException($"No field labelled {label}.");
        var helper = control.QuerySelector(".mud-input-helper-text.mud-input-error");
        return (helper?.QuerySelector(".me-auto") ?? helper)?.TextContent.Trim() is { Length: > 0 } error ? error : null;
    }

    /// <summary>Opens the select labelled <paramref name="label"/> (inside <paramref name="within"/>) and picks the option with that value.</summary>
    public static void Choose<T, TWithin>(this MudHost<T> host, IRenderedComponent<TWithin> within, string label, string value)
        where T : IComponent where TWithin : IComponent
    {
        var control = within.FindAll(".mud-select .mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim() == label);
        control.MouseDown();
        host.Popovers.WaitForAssertion(() => host.Popovers.Find($"[data-value='{value}']").Click());
    }
}
