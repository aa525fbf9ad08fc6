using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace CommandCenter.Components.Learning;

/// <summary>Text with incident keys (INC-2026-0007) as links to their postmortems: how a playbook's history shows what changed it.</summary>
public static partial class IncidentLinks
{
    public static RenderFragment Render(string text) => builder => Append(builder, text);

    /// <summary>The first incident key in <paramref name="text"/>, if any.</summary>
    public static string? FirstKey(string? text) => text is null ? null : Key().Match(text) is { Success: true } m ? m.Value : null;

    private static void Append(RenderTreeBuilder builder, string text)
    {
        var at = 0;
        foreach (Match match in Key().Matches(text))
        {
            builder.AddContent(0, text[at..match.Index]);
            builder.OpenElement(1, "a");
            builder.AddAttribute(2, "href", $"/incidents/{match.Value}/postmortem");
            builder.AddAttribute(3, "data-testid", "incident-link");
            builder.AddContent(4, match.Value);
            builder.CloseElement();
            at = match.Index + match.Length;
        }
        builder.AddContent(5, text[at..]);
    }

    [GeneratedRegex(@"\bINC-\d{4}-\d{4,6}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Key();
}
