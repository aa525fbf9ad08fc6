namespace CommandCenter.Core.Incidents;

/// <summary>Exercise incidents have their own key prefix, so every view can tell them from real ones by the key alone.</summary>
public static class ExerciseKeys
{
    public const string Prefix = "EX-";

    /// <summary>The source name of the signals an exercise's injects push through ingestion (production metrics leave them out).</summary>
    public const string SignalSource = "exercise";

    public const string Banner = "EXERCISE — nothing here reaches the real world";

    public static bool IsExercise(string? key) => key is not null && IncidentKey.Normalize(key).StartsWith(Prefix, StringComparison.Ordinal);
}
