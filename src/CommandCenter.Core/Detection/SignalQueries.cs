using System.Globalization;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Core.Detection;

/// <summary>Signals per minute of each kind, for an incident's live chart; empty minutes are zeros.</summary>
public sealed record SignalSeries(IReadOnlyList<DateTime> Minutes, IReadOnlyList<SignalSeriesLine> Lines)
{
    public bool IsEmpty => Lines.Count == 0;
}

public sealed record SignalSeriesLine(string Kind, IReadOnlyList<int> Counts);

/// <summary>Reads what the war room charts about an incident's signals.</summary>
public sealed class SignalQueries(IDbContextFactory<CommandCenterDbContext> contextFactory, ISignalBacklog backlog, TimeProvider clock)
{
    /// <summary>The most minutes a chart shows (the latest ones).</summary>
    public const int MaxMinutes = 120;

    public async Task<SignalSeries> PerMinuteAsync(string incidentKey, CancellationToken cancellationToken = default)
    {
        await backlog.CaughtUpAsync(cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var incidentId = await db.Incidents.Where(i => i.Key == IncidentKey.Normalize(incidentKey)).Select(i => (int?)i.Id)
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException($"No incident {incidentKey}.");
        var now = clock.GetUtcNow().UtcDateTime;
        var to = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc);
        var from = to.AddMinutes(-(MaxMinutes - 1));

        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = (SqliteCommand)db.Database.GetDbConnection().CreateCommand();
        // OccurredAt is stored as 'yyyy-MM-dd HH:mm:ss.fffffff': its first 16 characters are the minute.
        command.CommandText = """
            SELECT s.Kind, substr(s.OccurredAt, 1, 16) AS Minute, COUNT(*)
            FROM Signals s JOIN Candidates c ON c.Id = s.CandidateId
            WHERE c.IncidentId = $incident AND s.Action = 'Trigger' AND s.OccurredAt >= $from
            GROUP BY s.Kind, Minute
            """;
        command.Parameters.AddWithValue("$incident", incidentId);
        command.Parameters.AddWithValue("$from", from.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        var counts = new Dictionary<string, Dictionary<DateTime, int>>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var kind = Enum.TryParse<SignalKind>(reader.GetString(0), out var parsed) ? parsed.Code() : reader.GetString(0);
                var minute = DateTime.SpecifyKind(DateTime.ParseExact(reader.GetString(1), "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), DateTimeKind.Utc);
                if (!counts.TryGetValue(kind, out var byMinute))
                {
                    counts[kind] = byMinute = [];
                }
                byMinute[minute] = reader.GetInt32(2);
            }
        }
        if (counts.Count == 0)
        {
            return new SignalSeries([], []);
        }
        var first = counts.Values.SelectMany(m => m.Keys).Min();
        var minutes = Enumerable.Range(0, (int)(to - first).TotalMinutes + 1).Select(i => first.AddMinutes(i)).ToList();
        return new SignalSeries(minutes, counts.OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new SignalSeriesLine(c.Key, minutes.Select(m => c.Value.GetValueOrDefault(m)).ToList()))
            .ToList());
    }
}
