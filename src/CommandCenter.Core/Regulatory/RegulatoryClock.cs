using System.Text.Json.Serialization;

namespace CommandCenter.Core.Regulatory;

/// <summary>A legal deadline running on an incident, from the recorded moment of awareness. Changed only through the incident.</summary>
public sealed class RegulatoryClock
{
    private RegulatoryClock()
    {
    }

    internal RegulatoryClock(ClockDefinition definition, DateTime awareAt, string startedBy, DateTime startedAt)
    {
        Code = definition.Code;
        Name = definition.Name;
        Obligation = definition.Obligation;
        Trigger = definition.Trigger;
        AwareAt = awareAt;
        Deadline = awareAt + definition.Deadline;
        StartedBy = startedBy;
        StartedAt = startedAt;
    }

    public int Id { get; private set; }
    public int IncidentId { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Obligation { get; private set; } = "";
    public RegulatoryTrigger Trigger { get; private set; }

    /// <summary>When the organisation became aware: the clock runs from here, not from when someone clicked.</summary>
    public DateTime AwareAt { get; private set; }

    public DateTime Deadline { get; private set; }
    public string StartedBy { get; private set; } = "";
    public DateTime StartedAt { get; private set; }
    public DateTime? MetAt { get; private set; }
    public string? MetBy { get; private set; }

    /// <summary>The obligation is not met yet (whether or not its deadline has passed).</summary>
    public bool IsRunning => MetAt is null;

    internal void Meet(string by, DateTime at)
    {
        MetAt = at;
        MetBy = by;
    }

    public RegulatoryClockView ToView(DateTime now, RegulatoryOptions options)
    {
        var total = Deadline - AwareAt;
        var used = total <= TimeSpan.Zero ? 1 : (now - AwareAt) / total;
        var state = MetAt is { } met
            ? met <= Deadline ? ClockState.Met : ClockState.Late
            : now >= Deadline ? ClockState.Overdue
            : used >= options.UrgentAt ? ClockState.Urgent
            : used >= options.WarnAt ? ClockState.Warning
            : ClockState.Running;
        return new RegulatoryClockView(Code, Name, Obligation, Trigger, AwareAt, Deadline, state, Deadline - now, StartedBy, StartedAt, MetAt, MetBy);
    }
}

public sealed record RegulatoryClockView(
    string Code,
    string Name,
    string Obligation,
    RegulatoryTrigger Trigger,
    DateTime AwareAt,
    DateTime Deadline,
    ClockState State,
    TimeSpan Remaining,
    string StartedBy,
    DateTime StartedAt,
    DateTime? MetAt,
    string? MetBy)
{
    [JsonIgnore]
    public bool IsRunning => MetAt is null;
}
