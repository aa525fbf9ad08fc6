using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommandCenter.Core.Persistence.Migrations;

/// <summary>
/// The audit trail (append-only, MAC-chained) and the timeline's keyed MAC. Both tables refuse UPDATE and DELETE, and an
/// INSERT over an existing entry: <c>INSERT OR REPLACE</c> deletes the old row without firing delete triggers, so the
/// BEFORE INSERT trigger is what closes it. Existing timeline rows get their MAC at start-up, right after this migration
/// is applied (<see cref="CommandCenter.Core.Audit.IntegrityCheck"/>): the key is not in the database, so SQL cannot compute it.
/// </summary>
[DbContext(typeof(CommandCenterDbContext))]
[Migration("20261202121000_Audit")]
public sealed class AuditChain : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AuditEntries",
            columns: table => new
            {
                Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                At = table.Column<DateTime>(type: "TEXT", nullable: false),
                UserName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                DisplayName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                Role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                Command = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                Arguments = table.Column<string>(type: "TEXT", nullable: false),
                Target = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                Address = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                UserAgent = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                ApiKeyPrefix = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                Reason = table.Column<string>(type: "TEXT", nullable: true),
                PreviousMac = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Mac = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_AuditEntries", x => x.Sequence));
        migrationBuilder.CreateIndex("IX_AuditEntries_At", "AuditEntries", "At");
        migrationBuilder.CreateIndex("IX_AuditEntries_Target", "AuditEntries", "Target");
        migrationBuilder.Sql("""
            CREATE TRIGGER "AuditEntries_NoUpdate" BEFORE UPDATE ON "AuditEntries"
            BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "AuditEntries_NoDelete" BEFORE DELETE ON "AuditEntries"
            BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
            """);
        // Only the next sequence may be inserted: no replacing an entry (INSERT OR REPLACE), no gaps.
        migrationBuilder.Sql("""
            CREATE TRIGGER "AuditEntries_AppendOnly" BEFORE INSERT ON "AuditEntries"
            WHEN NEW."Sequence" <> COALESCE((SELECT MAX("Sequence") FROM "AuditEntries"), 0) + 1
            BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: only the next sequence may be inserted'); END;
            """);

        migrationBuilder.AddColumn<string>(name: "Mac", table: "TimelineEntries", type: "TEXT", maxLength: 64, nullable: false, defaultValue: "");
        migrationBuilder.Sql("""
            CREATE TRIGGER "TimelineEntries_AppendOnly" BEFORE INSERT ON "TimelineEntries"
            WHEN EXISTS (SELECT 1 FROM "TimelineEntries" WHERE "Id" = NEW."Id" OR ("IncidentId" = NEW."IncidentId" AND "Sequence" = NEW."Sequence"))
            BEGIN SELECT RAISE(ABORT, 'timeline entries are append-only: record a correction instead'); END;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TimelineEntries_AppendOnly";""");
        migrationBuilder.DropColumn(name: "Mac", table: "TimelineEntries");
        migrationBuilder.DropTable("AuditEntries");
    }
}
