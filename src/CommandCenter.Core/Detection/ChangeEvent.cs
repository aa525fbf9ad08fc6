using CommandCenter.Core.Systems;

namespace CommandCenter.Core.Detection;

/// <summary>A change to an AI system (deploy, rollback, prompt, index, guardrail, config, flag): the triage pack's "what changed".</summary>
public sealed class ChangeEvent
{
    private ChangeEvent()
    {
    }

    public ChangeEvent(AiSystem system, ChangeKind kind, string summary, string? fromVersion, string? toVersion, string? author,
        string source, string idempotencyKey, DateTime occurredAt, DateTime recordedAt)
    {
        AiSystem = system;
        AiSystemId = system.Id;
        Kind = kind;
        Summary = summary;
        FromVersion = fromVersion;
        ToVersion = toVersion;
        Author = author;
        Source = source;
        IdempotencyKey = idempotencyKey;
        OccurredAt = occurredAt;
        RecordedAt = recordedAt;
    }

    public long Id { get; private set; }
    public int AiSystemId { get; private set; }
    public AiSystem AiSystem { get; private set; } = null!;
    public ChangeKind Kind { get; private set; }
    public string Summary { get; private set; } = "";
    public string? FromVersion { get; private set; }
    public string? ToVersion { get; private set; }
    public string? Author { get; private set; }
    public string Source { get; private set; } = "";
    public string IdempotencyKey { get; private set; } = "";
    public DateTime OccurredAt { get; private set; }
    public DateTime RecordedAt { get; private set; }

    public ChangeView ToView() => new(Id, AiSystem.Slug, AiSystem.Name, Kind, Summary, FromVersion, ToVersion, Author, Source,
        OccurredAt, RecordedAt);
}
