namespace CommandCenter.Components.Shared;

public enum CandidateDecisionMode
{
    Promote,
    Merge,
    Dismiss,
}
