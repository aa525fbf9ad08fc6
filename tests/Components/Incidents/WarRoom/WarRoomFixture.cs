using AngleSharp.Dom;
using Bunit;
using CommandCenter.Components.Incidents.WarRoom;
using CommandCenter.Tests.Components.Support;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Tests.Components.Incidents.WarRoom;

/// <summary>Opening the demo incidents' views the way a person does, and what every war-room test reads.</summary>
internal static class WarRoomFixture
{
    private static readonly string Year = DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The demo's prompt-injection incident: Maya Chen commands, Tom Okafor scribes, no Legal liaison yet.</summary>
    public static readonly string Injection = $"INC-{Year}-0001";

    /// <summary>The demo's refund incident, commanded by Sam Rivera.</summary>
    public static readonly string Refund = $"INC-{Year}-0002";

    /// <summary>Renders <typeparamref name="TView"/> for <paramref name="key"/> and waits until its incident is shown.</summary>
    public static IRenderedComponent<TView> Open<TView>(this AppTestContext app, string key) where TView : IncidentView
    {
        var view = app.Render<TView>(p => p.Add(v => v.Key, key));
        view.WaitForAssertion(() => Assert.NotEmpty(view.FindAll("[data-testid=incident-key]")), TimeSpan.FromSeconds(10));
        return view;
    }

    /// <summary>Every control a person could act with: what Leadership must never be shown.</summary>
    public static IReadOnlyList<IElement> Controls<T>(this IRenderedComponent<T> view) where T : IComponent =>
        view.FindAll("button, input, select, textarea");

    public static IElement Entry<T>(this IRenderedComponent<T> view, string text) where T : IComponent =>
        view.FindAll("[data-testid=timeline-entry]").First(e => e.TextContent.Contains(text, StringComparison.Ordinal));

    /// <summary>Types <paramref name="text"/> into the entry box and records it (the Record button, as Enter does).</summary>
    public static void Record<T>(this IRenderedComponent<T> view, string text) where T : IComponent
    {
        view.Find("#composer-text").Input(text);
        view.Find("form.composer").Submit();
    }
}
