using System.Text.Json.Serialization;

namespace CommandCenter.Core.Detection;

/// <summary>The kinds of change the triage pack's change snapshot lists.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeKind>))]
public enum ChangeKind
{
    [JsonStringEnumMemberName("model-deploy")] ModelDeploy = 1,
    [JsonStringEnumMemberName("model-rollback")] ModelRollback = 2,
    [JsonStringEnumMemberName("system-prompt")] SystemPrompt = 3,
    [JsonStringEnumMemberName("retrieval-index")] RetrievalIndex = 4,
    [JsonStringEnumMemberName("guardrail")] Guardrail = 5,
    [JsonStringEnumMemberName("config")] Config = 6,
    [JsonStringEnumMemberName("feature-flag")] FeatureFlag = 7,
}

/// <summary>A change event as a deploy pipeline or a person reports it, before validation.</summary>
public sealed record RecordChange
{
    /// <summary>The AI system's slug (or name).</summary>
    public string? System { get; init; }

    /// <summary>A <see cref="ChangeKind"/> code, e.g. <c>model-deploy</c>.</summary>
    public string? Kind { get; init; }

    public string? Summary { get; init; }
    public string? FromVersion { get; init; }
    public string? ToVersion { get; init; }
    public string? Author { get; init; }
    public DateTime? OccurredAt { get; init; }

    /// <summary>Idempotency key; when null one is derived from the content, so a replayed change is stored once.</summary>
    public string? IdempotencyKey { get; init; }
}

public sealed record ChangeView(long Id, string System, string SystemName, ChangeKind Kind, string Summary, string? FromVersion,
    string? ToVersion, string? Author, string Source, DateTime OccurredAt, DateTime RecordedAt);

/// <summary>Stores change events (durable before it returns) and answers which changes preceded an incident.</summary>
public interface IChangeRecorder
{
    /// <returns>The stored change, and whether it was new (false for a replay of one already stored).</returns>
    Task<(ChangeView Change, bool Created)> RecordAsync(string source, RecordChange change, CancellationToken cancellationToken = default);
}
