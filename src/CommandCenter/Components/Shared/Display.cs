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
        TimelineEntryKind.Note => "sticky_note_2",
        TimelineEntryKind.Decision => "gavel",
        TimelineEntryKind.Action => "bolt",
        TimelineEntryKind.StatusChange => "flag",
        TimelineEntryKind.RoleChange => "badge",
        TimelineEntryKind.SeverityChange => "warning",
        TimelineEntryKind.Signal => "monitor_heart",
        _ => "campaign",
    };

    public static string StatusCss(IncidentStatus status) => "status-" + status.Code();

    public static string SeverityCss(Severity severity) => "sev-" + (int)severity;
}
