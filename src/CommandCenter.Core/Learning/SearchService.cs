using System.Globalization;
using System.Text;
using CommandCenter.Core.Common;
using CommandCenter.Core.Incidents;
using CommandCenter.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Core.Learning;

/// <summary>A piece of a highlighted snippet: matched text is marked so the page can emphasise it without trusting HTML.</summary>
public sealed record SnippetPart(string Text, bool Match);

/// <summary>One search hit: what it is (incident, timeline, postmortem, action, playbook), where it links, and why it matched.</summary>
public sealed record SearchHit(
    string Kind,
    string? IncidentKey,
    string? IncidentTitle,
    Severity? Severity,
    Archetype? Archetype,
    string? SystemSlug,
    DateTime? DetectedAt,
    string Reference,
    string Link,
    IReadOnlyList<SnippetPart> Title,
    IReadOnlyList<SnippetPart> Snippet,
    double Score);

public sealed record SearchResults(string Query, IReadOnlyList<SearchHit> Hits, double ElapsedMilliseconds);

/// <summary>
/// Full-text search over incidents, timeline entries, postmortems, action items and playbooks (SQLite FTS5, ranked by bm25 with
/// titles weighted above bodies). What a person types is matched as words (all must appear), or as a phrase when quoted;
/// FTS5 operators in the input are not interpreted.
/// </summary>
public sealed class SearchService(IDbContextFactory<CommandCenterDbContext> contextFactory)
{
    public const int MaxQueryLength = 200;
    public const int DefaultTake = 30;
    private const char MatchStart = '\u0002';
    private const char MatchEnd = '\u0003';

    public async Task<SearchResults> SearchAsync(string? query, MetricFilter? filter = null, int take = DefaultTake,
        CancellationToken cancellationToken = default)
    {
        var v = new Validator();
        var text = v.RequiredText("q", query, MaxQueryLength, "Search text");
        v.ThrowIfInvalid();
        var match = ToMatchExpression(text!);
        if (match is null)
        {
            throw ValidationException.For("q", "Type at least one letter or digit to search for.");
        }
        filter ??= new MetricFilter();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder($"""
            SELECT s.Kind, s.Ref, i."Key", i.Title, i.Severity, i.Archetype, a.Slug, i.DetectedAt,
                   highlight("SearchIndex", 3, char(2), char(3)), snippet("SearchIndex", 4, char(2), char(3), '…', 16),
                   bm25("SearchIndex", 0, 0, 0, 4.0, 1.0) AS score
            FROM "SearchIndex" s
            LEFT JOIN "Incidents" i ON i.Id = s.IncidentId
            LEFT JOIN "AiSystems" a ON a.Id = i.AiSystemId
            WHERE "SearchIndex" MATCH $match
            """);
        void Param(string name, object value)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }
        Param("$match", match);
        if (filter.System is not null)
        {
            sql.Append(" AND lower(a.Slug) = lower($system)");
            Param("$system", filter.System);
        }
        if (filter.Archetype is { } archetype)
        {
            sql.Append(" AND (i.Archetype = $archetype OR (s.Kind = 'playbook' AND s.Ref = $archetype))");
            Param("$archetype", archetype.ToString());
        }
        if (filter.Severity is { } severity)
        {
            sql.Append(" AND i.Severity = $severity");
            Param("$severity", severity.ToString());
        }
        if (filter.From is { } from)
        {
            sql.Append(" AND i.DetectedAt >= $from");
            Param("$from", from.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
        }
        if (filter.To is { } to)
        {
            sql.Append(" AND i.DetectedAt < $to");
            Param("$to", to.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
        }
        sql.Append(" ORDER BY score LIMIT $take");
        Param("$take", Math.Clamp(take, 1, 200));
        command.CommandText = sql.ToString();
        var hits = new List<SearchHit>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                hits.Add(Read(reader));
            }
        }
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new SearchResults(text!, hits, elapsed);
    }

    /// <summary>
    /// Words become quoted FTS5 strings (implicit AND); text in double quotes stays one phrase. Returns null when nothing
    /// searchable is left. Quoting every token means AND, OR, NEAR, * and column filters typed by a person are plain words.
    /// </summary>
    public static string? ToMatchExpression(string input)
    {
        var terms = new List<string>();
        var parts = input.Split('"');
        for (var i = 0; i < parts.Length; i++)
        {
            var inQuotes = i % 2 == 1;
            if (inQuotes)
            {
                var phrase = Clean(parts[i]);
                if (phrase.Length > 0)
                {
                    terms.Add("\"" + phrase + "\"");
                }
            }
            else
            {
                terms.AddRange(parts[i].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(Clean).Where(w => w.Length > 0).Select(w => "\"" + w + "\""));
            }
        }
        return terms.Count == 0 ? null : string.Join(' ', terms.Take(32));
    }

    /// <summary>Letters and digits only (FTS5's tokenizer drops the rest anyway), words separated by single spaces.</summary>
    private static string Clean(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            sb.Append(char.IsLetterOrDigit(ch) ? ch : ' ');
        }
        return string.Join(' ', sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    public static IReadOnlyList<SnippetPart> Parts(string marked)
    {
        var parts = new List<SnippetPart>();
        var match = false;
        var current = new StringBuilder();
        foreach (var ch in marked)
        {
            if (ch is MatchStart or MatchEnd)
            {
                if (current.Length > 0)
                {
                    parts.Add(new SnippetPart(current.ToString(), match));
                    current.Clear();
                }
                match = ch == MatchStart;
                continue;
            }
            current.Append(ch);
        }
        if (current.Length > 0)
        {
            parts.Add(new SnippetPart(current.ToString(), match));
        }
        return parts;
    }

    private static SearchHit Read(System.Data.Common.DbDataReader r)
    {
        var kind = r.GetString(0);
        var reference = r.IsDBNull(1) ? "" : Convert.ToString(r.GetValue(1), CultureInfo.InvariantCulture) ?? "";
        var key = r.IsDBNull(2) ? null : r.GetString(2);
        var title = r.IsDBNull(8) ? "" : r.GetString(8);
        var link = kind switch
        {
            "incident" or "timeline" => $"/incidents/{key}",
            "postmortem" => $"/incidents/{key}/postmortem",
            "action" => $"/actions?incident={key}",
            _ => $"/playbooks/{reference}",
        };
        if (kind == "playbook" && Archetypes.Parse(reference) is { } playbookArchetype)
        {
            title = $"Playbook: {playbookArchetype.Name()}";
            link = $"/playbooks/{playbookArchetype.Code()}";
        }
        else if (title.Length == 0)
        {
            title = kind switch
            {
                "timeline" => $"{key} · timeline #{reference}",
                "postmortem" => $"{key} · postmortem",
                _ => key ?? "",
            };
        }
        return new SearchHit(kind, key, r.IsDBNull(3) ? null : r.GetString(3),
            r.IsDBNull(4) ? null : Enum.Parse<Severity>(r.GetString(4)), r.IsDBNull(5) ? null : Enum.Parse<Archetype>(r.GetString(5)),
            r.IsDBNull(6) ? null : r.GetString(6),
            r.IsDBNull(7) ? null : DateTime.SpecifyKind(DateTime.Parse(r.GetString(7), CultureInfo.InvariantCulture), DateTimeKind.Utc),
            reference, link, Parts(title), Parts(r.IsDBNull(9) ? "" : r.GetString(9)), r.GetDouble(10));
    }
}
