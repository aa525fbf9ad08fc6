using MudBlazor;

namespace CommandCenter.Components.Layout;

/// <summary>
/// The one theme of the app: a calm, dense palette for long nights, light and dark. Severity colours are CSS tokens
/// (app.css, <c>--cc-sev1</c>..<c>--cc-sev4</c>) chosen for at least 4.5:1 against white text in both modes.
/// </summary>
public static class CommandCenterTheme
{
    private static readonly string[] FontStack = ["Roboto", "system-ui", "-apple-system", "Segoe UI", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1d4ed8",
            Secondary = "#475569",
            Tertiary = "#0f766e",
            Info = "#0369a1",
            Success = "#15803d",
            Warning = "#a16207",
            Error = "#b91c1c",
            AppbarBackground = "#111827",
            AppbarText = "#f3f4f6",
            Background = "#f4f5f7",
            Surface = "#ffffff",
            DrawerBackground = "#ffffff",
            DrawerText = "#1c2430",
            TextPrimary = "#1c2430",
            TextSecondary = "#4b5563",
            LinesDefault = "#e2e5ea",
            TableLines = "#e2e5ea",
            Divider = "#e2e5ea",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8ab4ff",
            // Dark text on the light accent colours: white on them is 2-3:1.
            PrimaryContrastText = "#0b0d13",
            SecondaryContrastText = "#0b0d13",
            ErrorContrastText = "#0b0d13",
            InfoContrastText = "#0b0d13",
            SuccessContrastText = "#0b0d13",
            WarningContrastText = "#0b0d13",
            TertiaryContrastText = "#0b0d13",
            Secondary = "#a5b4c8",
            Tertiary = "#5eead4",
            Info = "#7dd3fc",
            Success = "#4ade80",
            Warning = "#fbbf24",
            Error = "#f87171",
            AppbarBackground = "#0b0d13",
            AppbarText = "#e5e7eb",
            Background = "#12141c",
            Surface = "#1b1e2a",
            DrawerBackground = "#161923",
            DrawerText = "#e5e7eb",
            TextPrimary = "#e5e7eb",
            TextSecondary = "#b4bccb",
            LinesDefault = "#2d3242",
            TableLines = "#2d3242",
            Divider = "#2d3242",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontStack },
            H1 = new H1Typography { FontFamily = FontStack },
            H2 = new H2Typography { FontFamily = FontStack },
            H3 = new H3Typography { FontFamily = FontStack },
            H4 = new H4Typography { FontFamily = FontStack },
            H5 = new H5Typography { FontFamily = FontStack },
            H6 = new H6Typography { FontFamily = FontStack },
            Button = new ButtonTypography { FontFamily = FontStack, TextTransform = "none" },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
