using MudBlazor;
using MudBlazor.Utilities;

namespace CommandCenter.Components.Common;

/// <summary>The colours a chart takes from one palette: text, secondary text, grid lines, surface.</summary>
public sealed record ChartPalette(string Mode, string Text, string MutedText, string Grid, string Surface);

/// <summary>
/// Both palettes of a theme and the mode to start in, handed to <c>js/charts.js</c>, which switches between them when the
/// person switches the theme (so an open war room never shows a light chart on a dark page).
/// </summary>
public sealed record ChartTheme(bool Dark, ChartPalette Light, ChartPalette DarkPalette)
{
    public static ChartTheme From(MudTheme theme, bool dark) => new(dark, From("light", theme.PaletteLight), From("dark", theme.PaletteDark));

    private static ChartPalette From(string mode, Palette palette) => new(mode,
        Hex(palette.TextPrimary), Hex(palette.TextSecondary), Hex(palette.LinesDefault), Hex(palette.Surface));

    private static string Hex(MudColor color) => color.ToString(MudColorOutputFormats.Hex);
}
