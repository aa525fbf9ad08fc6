namespace CommandCenter.Core.Incidents;

/// <summary>How a timeline reads: newest first by when things happened, and how a pushed entry joins a shown list.</summary>
public static class TimelineView
{
    public static IReadOnlyList<TimelineEntryView> Order(IEnumerable<TimelineEntryView> entries) =>
        entries.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Sequence).ToList();

    /// <summary>Adds an entry once (pushes can repeat) and marks the entry it corrects, if that one is shown.</summary>
    public static IReadOnlyList<TimelineEntryView> Apply(IReadOnlyList<TimelineEntryView> shown, TimelineEntryView added)
    {
        if (shown.Any(e => e.Sequence == added.Sequence))
        {
            return shown;
        }
        var updated = shown.Select(e => e.Sequence == added.CorrectsSequence ? e with { CorrectedBySequence = added.Sequence } : e);
        return Order(updated.Append(added));
    }

    /// <summary>People who appear on the timeline, for assigning roles by name.</summary>
    public static IReadOnlyList<string> Participants(IEnumerable<TimelineEntryView> entries, IEnumerable<RoleAssignmentView> roles) =>
        entries.Select(e => e.Author).Concat(roles.Select(r => r.Person))
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
}
