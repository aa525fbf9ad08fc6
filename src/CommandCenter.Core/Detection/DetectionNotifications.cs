using CommandCenter.Core.Events;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Core.Detection;

/// <summary>What the Candidates page is told after detection committed a change.</summary>
public abstract record DetectionNotification;

/// <summary>These candidates were created or changed (new signals, judged, promoted, merged, dismissed, resolved).</summary>
public sealed record CandidatesChangedNotification(IReadOnlyList<long> CandidateIds) : DetectionNotification;

/// <summary>The detection events of this process.</summary>
public sealed class DetectionEventBus(ILogger<DetectionEventBus> logger) : NotificationBus<DetectionNotification>(logger);
