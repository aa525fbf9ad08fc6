namespace CommandCenter.Core.Incidents;

/// <summary>
/// Exercise incidents get keys of their own (<see cref="Prefix"/>) so people tell them apart at a glance. The key only
/// shapes new keys: what is an exercise is <see cref="Incident.IsExercise"/>, carried by <see cref="IncidentSummary.IsExercise"/>.
/// </summary>
public static class ExerciseKeys
{
    public const string Prefix = "EX-";

    /// <summary>The source name of the signals an exercise's injects push through ingestion (production metrics leave them out).</summary>
    public const string SignalSource = "exercise";

    public const string Banner = "EXERCISE — nothing here reaches the real world";
}
