using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommandCenter.Core.Persistence.Migrations;

/// <summary>
/// Postmortems and action items, and the full-text search index (SQLite FTS5) over incidents, timeline entries,
/// postmortems, action items and playbooks. The index is kept in step by triggers, so every writer (the app, the demo
/// seeder, a responder with sqlite3) updates it in the same transaction. Row ids are <c>Id * 8 + kind</c>, so a changed
/// row is replaced by row id without scanning the index.
/// </summary>
[DbContext(typeof(CommandCenterDbContext))]
[Migration("20261202120000_Learning")]
public sealed class Learning : Migration
{
    /// <summary>The text a postmortem is found by (its sections and factor notes).</summary>
    private const string PostmortemBody =
        "new.Summary || ' ' || new.Impact || ' ' || new.DetectionReview || ' ' || new.ResponseReview || ' ' || new.RootCause || ' ' || new.PreventionPlan || ' ' || new.Factors";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Postmortems",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                IncidentId = table.Column<int>(type: "INTEGER", nullable: false),
                State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                OpenedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                OpenedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                DueAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                Summary = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                KeyMoments = table.Column<string>(type: "TEXT", nullable: false),
                Impact = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                DetectionReview = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                ResponseReview = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                RootCause = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                Factors = table.Column<string>(type: "TEXT", nullable: false),
                PreventionPlan = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                Reviewers = table.Column<string>(type: "TEXT", nullable: false),
                Comments = table.Column<string>(type: "TEXT", nullable: false),
                SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                PublishedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                Version = table.Column<int>(type: "INTEGER", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Postmortems", x => x.Id);
                table.ForeignKey("FK_Postmortems_Incidents_IncidentId", x => x.IncidentId, "Incidents", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_Postmortems_IncidentId", table: "Postmortems", column: "IncidentId", unique: true);

        migrationBuilder.CreateTable(
            name: "ActionItems",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                IncidentId = table.Column<int>(type: "INTEGER", nullable: false),
                PostmortemId = table.Column<int>(type: "INTEGER", nullable: true),
                Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                Owner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                DueDate = table.Column<DateTime>(type: "TEXT", nullable: false),
                Priority = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                TrackerUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                WontDoReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ActionItems", x => x.Id);
                table.ForeignKey("FK_ActionItems_Incidents_IncidentId", x => x.IncidentId, "Incidents", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_ActionItems_Postmortems_PostmortemId", x => x.PostmortemId, "Postmortems", "Id", onDelete: ReferentialAction.SetNull);
            });
        migrationBuilder.CreateIndex(name: "IX_ActionItems_IncidentId", table: "ActionItems", column: "IncidentId");
        migrationBuilder.CreateIndex(name: "IX_ActionItems_PostmortemId", table: "ActionItems", column: "PostmortemId");
        migrationBuilder.CreateIndex(name: "IX_ActionItems_Owner_Status", table: "ActionItems", columns: ["Owner", "Status"]);

        migrationBuilder.Sql("""
            CREATE VIRTUAL TABLE "SearchIndex" USING fts5(Kind UNINDEXED, Ref UNINDEXED, IncidentId UNINDEXED, Title, Body,
                tokenize = 'unicode61 remove_diacritics 2');
            """);
        foreach (var sql in Triggers)
        {
            migrationBuilder.Sql(sql);
        }
        // Rows written before the index existed.
        migrationBuilder.Sql("""
            INSERT INTO "SearchIndex"(rowid, Kind, Ref, IncidentId, Title, Body) SELECT Id * 8 + 1, 'incident', "Key", Id, Title, Summary FROM "Incidents";
            INSERT INTO "SearchIndex"(rowid, Kind, Ref, IncidentId, Title, Body) SELECT Id * 8 + 2, 'timeline', Sequence, IncidentId, '', Text FROM "TimelineEntries";
            INSERT INTO "SearchIndex"(rowid, Kind, Ref, IncidentId, Title, Body)
                SELECT v.Id * 8 + 5, 'playbook', p.Archetype, NULL, p.Archetype, v.ChangeNote || ' ' || v.Content
                FROM "PlaybookVersions" v JOIN "Playbooks" p ON p.Id = v.PlaybookId WHERE v.Number = p.CurrentVersion;
            """);
    }

    private static readonly string[] Triggers =
    [
        """
        CREATE TRIGGER "Search_IncidentInsert" AFTER INSERT ON "Incidents" BEGIN
            INSERT INTO "SearchIndex"(rowid, Kind, Ref, IncidentId, Title, Body) VALUES (new.Id * 8 + 1, 'incident', new."Key", new.Id, new.Title, new.Summary);
        END;
        """,
        """
        CREATE TRIGGER "Search_IncidentUpdate" AFTER UPDATE OF Title, Summary ON "Incidents" BEGIN
            DELETE FROM "SearchIndex" WHERE rowid = old.Id * 8 + 1;
            INSERT INTO "SearchIndex"(rowid, Kind, Ref, IncidentId, Title, Body) VALUES (new.Id * 8 + 1, 'incident', new."Key", new.Id, new.Title, new.Summary);
        END;
        """,
        """
        CREATE TRIGGER "Search_IncidentDelete" AFTER DELETE ON "Incidents" BEGIN
            DELETE FROM "SearchIndex" WHERE rowid = old.Id * 8 + 1;
        END;
        """,
        """
        CREATE TRIGGER "Search_TimelineInsert" AFTER INSERT ON "TimelineEntries" BEGIN
            INSERT INTO "SearchIndex"(rowid, Kind, Ref, IncidentId, Title, Body) VALUES (new.Id * 8 + 2, 'timeline', new.Sequence, new.IncidentId, '', new.Text);
        END;
        """,
        $"""
        CREATE TRIGGER "Search_PostmortemInsert" AFTER INSERT ON "Postmortems" BEGIN
            INSERT INTO "SearchIndex"(rowid, Kind, Ref, IncidentId, Title, Body) VALUES (new.Id * 8 + 3, 'postmortem', new.IncidentId, new.IncidentId, '', {PostmortemBody});
        END;
        """,
        $"""
        CREATE TRIGGER "Search_PostmortemUpdate" AFTER UPDATE ON "Postmortems" BEGIN
            DELETE FROM "SearchIndex" WHERE rowid = old.Id * 8 + 3;
            INSERT INTO "SearchIndex"(rowid, Kind, Ref, IncidentId, Title, Body) VALUES (new.Id * 8 + 3, 'postmortem', new.IncidentId, new.IncidentId, '', {PostmortemBody});
        END;
        """,
        """
        CREATE TRIGGER "Search_PostmortemDelete" AFTER DELETE ON "Postmortems" BEGIN
            DELETE FROM "SearchIndex" WHERE rowid = old.Id * 8 + 3;
        END;
        """,
        """
        CREATE TRIGGER "Search_ActionItemInsert" AFTER INSERT ON "ActionItems" BEGIN
            INSERT INTO "SearchIndex"(rowid, Kind, Ref, IncidentId, Title, Body) VALUES (new.Id * 8 + 4, 'action', new.Id, new.IncidentId, new.Title, coalesce(new.WontDoReason, ''));
        END;
        """,
        """
        CREATE TRIGGER "Search_ActionItemUpdate" AFTER UPDATE ON "ActionItems" BEGIN
            DELETE FROM "SearchIndex" WHERE rowid = old.Id * 8 + 4;
            INSERT INTO "SearchIndex"(rowid, Kind, Ref, IncidentId, Title, Body) VALUES (new.Id * 8 + 4, 'action', new.Id, new.IncidentId, new.Title, coalesce(new.WontDoReason, ''));
        END;
        """,
        """
        CREATE TRIGGER "Search_ActionItemDelete" AFTER DELETE ON "ActionItems" BEGIN
            DELETE FROM "SearchIndex" WHERE rowid = old.Id * 8 + 4;
        END;
        """,
        """
        CREATE TRIGGER "Search_PlaybookVersionInsert" AFTER INSERT ON "PlaybookVersions" BEGIN
            DELETE FROM "SearchIndex" WHERE rowid IN (SELECT Id * 8 + 5 FROM "PlaybookVersions" WHERE PlaybookId = new.PlaybookId AND Id <> new.Id);
            INSERT INTO "SearchIndex"(rowid, Kind, Ref, IncidentId, Title, Body)
                SELECT new.Id * 8 + 5, 'playbook', p.Archetype, NULL, p.Archetype, new.ChangeNote || ' ' || new.Content FROM "Playbooks" p WHERE p.Id = new.PlaybookId;
        END;
        """,
    ];

    private static readonly string[] TriggerNames =
    [
        "Search_IncidentInsert", "Search_IncidentUpdate", "Search_IncidentDelete", "Search_TimelineInsert", "Search_PostmortemInsert",
        "Search_PostmortemUpdate", "Search_PostmortemDelete", "Search_ActionItemInsert", "Search_ActionItemUpdate", "Search_ActionItemDelete",
        "Search_PlaybookVersionInsert",
    ];

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var name in TriggerNames)
        {
            migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{name}";""");
        }
        migrationBuilder.Sql("""DROP TABLE IF EXISTS "SearchIndex";""");
        migrationBuilder.DropTable("ActionItems");
        migrationBuilder.DropTable("Postmortems");
    }
}
