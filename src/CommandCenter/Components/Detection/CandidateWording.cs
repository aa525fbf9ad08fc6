using CommandCenter.Components.Shared;
using CommandCenter.Core.Detection;

namespace CommandCenter.Components.Detection;

/// <summary>How a candidate's state reads to a responder: plain words, not the engine's terms (forming, judged, pending).</summary>
public static class CandidateWording
{
    /// <summary>What grouping is, for the tooltip next to a candidate's state.</summary>
    public const string GroupingExplained =
        "Signals about the same AI system and the same kind of failure (and the same region or environment) are collected into " +
        "one candidate for a short while, so one problem asks for one decision instead of a page per signal. Then a severe " +
        "candidate opens an incident by itself; the others wait here until a responder promotes, merges or dismisses them.";

    public static string State(CandidateView candidate, DateTime now, bool mayDecide) => candidate.Status switch
    {
        CandidateStatus.Forming => candidate.FormingUntil is { } until && until > now
            ? $"Collecting related signals — decision in {Display.Duration(until - now)}"
            : "Collecting related signals — deciding now",
        CandidateStatus.Pending => (candidate.IsOpen, mayDecide) switch
        {
            (true, true) => "Waiting for your decision",
            (true, false) => "Waiting for a responder's decision",
            (false, true) => "Stopped firing — waiting for your decision",
            _ => "Stopped firing — waiting for a responder's decision",
        },
        CandidateStatus.Incident => candidate.Decision switch
        {
            CandidateDecision.AutoOpened => "Opened an incident automatically",
            CandidateDecision.Merged => "Merged into an incident",
            _ => "Promoted to an incident",
        },
        _ => "Dismissed",
    };
}
