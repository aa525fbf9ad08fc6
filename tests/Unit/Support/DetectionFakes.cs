using CommandCenter.Core.Common;
using CommandCenter.Core.Detection;
using CommandCenter.Core.Incidents;

namespace CommandCenter.Tests.Unit.Support;

/// <summary>Incidents as far as detection sees them: keeps what it was asked, and links candidates the way the real one does.</summary>
internal sealed class FakeIncidentLink : IIncidentLink
{
    private int _nextIncident = 1;

    public List<(DeclareIncident Command, string Actor)> Declared { get; } = [];
    public List<(string Key, string Text, DateTime OccurredAt, string Author)> Recorded { get; } = [];
    public List<string> TriageAssembled { get; } = [];

    /// <summary>Incidents that no longer take signals (resolved or closed).</summary>
    public HashSet<string> Closed { get; } = [];

    public Task<string> DeclareAsync(IncidentCandidate candidate, DeclareIncident command, string actor, Action<int, string> link,
        CancellationToken cancellationToken)
    {
        var id = _nextIncident++;
        var key = $"INC-2026-{id:0000}";
        link(id, key);
        Declared.Add((command, actor));
        return Task.FromResult(key);
    }

    public Task AttachAsync(IncidentCandidate candidate, string incidentKey, Action<int, string> link, CancellationToken cancellationToken)
    {
        if (Closed.Contains(incidentKey))
        {
            throw new InvalidTransitionException($"{incidentKey} is resolved; signals can only join an open incident.");
        }
        link(99, incidentKey);
        return Task.CompletedTask;
    }

    public Task RecordSignalsAsync(string incidentKey, string text, DateTime occurredAt, string author, CancellationToken cancellationToken)
    {
        Recorded.Add((incidentKey, text, occurredAt, author));
        return Task.CompletedTask;
    }

    public Task AssembleTriageAsync(string incidentKey, CancellationToken cancellationToken)
    {
        TriageAssembled.Add(incidentKey);
        return Task.CompletedTask;
    }
}

/// <summary>Candidates kept in a dictionary; counts every save.</summary>
internal sealed class MemoryCandidateStore : ICandidateStore
{
    public Dictionary<long, IncidentCandidate> Candidates { get; } = [];
    public List<long> Saved { get; } = [];

    public Task<IReadOnlyList<IncidentCandidate>> LoadOpenAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<IncidentCandidate>>([.. Candidates.Values.Where(c => c.IsOpen)]);

    public Task<IncidentCandidate?> FindAsync(long id, CancellationToken cancellationToken) => Task.FromResult(Candidates.GetValueOrDefault(id));

    public Task SaveAsync(IReadOnlyCollection<IncidentCandidate> candidates, CancellationToken cancellationToken)
    {
        foreach (var candidate in candidates)
        {
            Candidates[candidate.Id] = candidate;
            Saved.Add(candidate.Id);
        }
        return Task.CompletedTask;
    }
}
