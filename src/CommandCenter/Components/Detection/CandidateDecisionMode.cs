namespace CommandCenter.Components.Detection;

public enum CandidateDecisionMode
{
    Promote,
    Merge,
    Dismiss,
}
