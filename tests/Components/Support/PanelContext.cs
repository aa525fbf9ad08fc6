using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace CommandCenter.Tests.Components.Support;

/// <summary>
/// A bUnit context for one panel rendered from parameters alone (no database): the war-room panels take their data as
/// parameters and raise intents, so most of their behaviour is tested without Core. Dispose it asynchronously.
/// </summary>
public sealed class PanelContext : IAsyncDisposable
{
    public PanelContext()
    {
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
    }

    public BunitContext Context { get; } = new();

    public IRenderedComponent<T> Render<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null) where T : IComponent
    {
        Context.Render<MudBlazor.MudPopoverProvider>();
        return Context.Render(parameters ?? (_ => { }));
    }

    public ValueTask DisposeAsync() => Context.DisposeAsync();
}
