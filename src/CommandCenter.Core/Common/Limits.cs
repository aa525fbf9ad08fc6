namespace CommandCenter.Core.Common;

/// <summary>Field lengths shared by the domain, the database schema and the API's validation.</summary>
public static class Limits
{
    public const int TitleLength = 200;
    public const int SummaryLength = 4000;
    public const int TimelineTextLength = 4000;
    public const int PersonNameLength = 100;
    public const int SystemNameLength = 120;
    public const int SlugLength = 60;
}
