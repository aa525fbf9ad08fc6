using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace CommandCenter.Tests.Components.Support;

/// <summary>
/// Renders a display-only component with bUnit and hands back its markup as a document, for the older markup tests
/// (transition only: components with behaviour are tested through <see cref="AppTestContext"/>).
/// </summary>
public static class ComponentRenderer
{
    public static async Task<IDocument> RenderAsync<TComponent>(Dictionary<string, object?> parameters) where TComponent : IComponent
    {
        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        var rendered = context.Render(builder =>
        {
            builder.OpenComponent<TComponent>(0);
            foreach (var (name, value) in parameters)
            {
                builder.AddComponentParameter(1, name, value);
            }
            builder.CloseComponent();
        });
        return new HtmlParser().ParseDocument(rendered.Markup);
    }
}
