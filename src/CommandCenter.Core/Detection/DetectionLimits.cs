namespace CommandCenter.Core.Detection;

/// <summary>Field lengths of signals and changes, shared by validation and the schema.</summary>
public static class DetectionLimits
{
    public const int SourceLength = 60;
    public const int IdempotencyKeyLength = 200;
    public const int KindLength = 60;
    public const int FingerprintLength = 200;
    public const int SummaryLength = 1000;
    public const int VersionLength = 120;
    public const int LabelCount = 32;
    public const int LabelKeyLength = 100;
    public const int LabelValueLength = 500;
}
