using System.Globalization;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Components.Shared;

/// <summary>How times and durations read on screen. The war room shows UTC everywhere so distributed teams agree.</summary>
public static partial class Display
{
    public static string Utc(DateTime utc) => utc.ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC";

    public static string UtcWithDate(DateTime utc, DateTime now) =>
        utc.Date == now.Date ? Utc(utc) : utc.ToString("d MMM HH:mm", CultureInfo.InvariantCulture) + " UTC";

    public static string UtcFull(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }
        if (span.TotalMinutes < 1)
        {
            return $"{(int)span.TotalSeconds}s";
        }
        if (span.TotalHours < 1)
        {
            return $"{(int)span.TotalMinutes}m";
        }
        if (span.TotalDays < 1)
        {
            return $"{(int)span.TotalHours}h {span.Minutes:00}m";
        }
        return $"{(int)span.TotalDays}d {span.Hours}h";
    }

    public static string Duration(TimeSpan? span) => span is { } s ? Duration(s) : "—";

    public static string KindIcon(TimelineEntryKind kind) => kind switch
    {
        TimelineEntryKind.Note => MudBlazor.Icons.Material.Outlined.StickyNote2,
        TimelineEntryKind.Decision => MudBlazor.Icons.Material.Outlined.Gavel,
        TimelineEntryKind.Action => MudBlazor.Icons.Material.Outlined.Bolt,
        TimelineEntryKind.StatusChange => MudBlazor.Icons.Material.Outlined.Flag,
        TimelineEntryKind.RoleChange => MudBlazor.Icons.Material.Outlined.Badge,
        TimelineEntryKind.SeverityChange => MudBlazor.Icons.Material.Outlined.Warning,
        TimelineEntryKind.Signal => MudBlazor.Icons.Material.Outlined.MonitorHeart,
        _ => MudBlazor.Icons.Material.Outlined.Campaign,
    };

    /// <summary>
    /// Timeline text as people read it: the playbook's internal step ids ("gate-personal-data") that Core writes into its
    /// own entries are left out; the step's words follow them anyway.
    /// </summary>
    public static string TimelineText(string text) => StepId().Replace(text, "$1");

    [System.Text.RegularExpressions.GeneratedRegex(@"(Playbook (?:step|gate)) “[a-z0-9]+(?:-[a-z0-9]+)*”")]
    private static partial System.Text.RegularExpressions.Regex StepId();

    /// <summary>"overdue by 12 min", "overdue by 1h 05m"; under a minute "just overdue" (never "overdue by 0 min").</summary>
    public static string Overdue(TimeSpan late) => late < TimeSpan.FromMinutes(1) ? "just overdue"
        : late.TotalMinutes < 60 ? $"overdue by {(int)late.TotalMinutes} min"
        : "overdue by " + Duration(late);

    /// <summary>"due in 5 min" (rounded up: never "due in 0 min" while time is left), "due in 2h 10m".</summary>
    public static string DueIn(TimeSpan left) => left.TotalMinutes >= 60 ? "due in " + Duration(left)
        : $"due in {Math.Max(1, (int)Math.Ceiling(left.TotalMinutes))} min";

    public static string StatusCss(IncidentStatus status) => "status-" + status.Code();

    public static string SeverityCss(Severity severity) => "sev-" + (int)severity;
}
