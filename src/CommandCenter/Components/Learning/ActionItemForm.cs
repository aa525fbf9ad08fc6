using CommandCenter.Core.Learning;

namespace CommandCenter.Components.Learning;

/// <summary>What the new-item form holds until it is added.</summary>
public sealed class ActionItemForm
{
    public string Title { get; set; } = "";
    public ActionItemKind Kind { get; set; } = ActionItemKind.Guardrail;
    public string? Owner { get; set; }
    public DateTime? DueDate { get; set; } = DateTime.UtcNow.Date.AddDays(14);
    public ActionItemPriority Priority { get; set; } = ActionItemPriority.Medium;
    public string TrackerUrl { get; set; } = "";

    public ActionItemInput ToInput() => new(Title, Kind.Code(), Owner, DueDate, Priority.Code(), TrackerUrl);
}
