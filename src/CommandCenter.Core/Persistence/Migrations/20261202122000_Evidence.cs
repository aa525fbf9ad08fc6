using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommandCenter.Core.Persistence.Migrations;

/// <summary>Evidence metadata and its custody log (the bytes live in the evidence store). Both append-only: custody is never rewritten.</summary>
[DbContext(typeof(CommandCenterDbContext))]
[Migration("20261202122000_Evidence")]
public sealed class EvidenceCustody : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "EvidenceItems",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                IncidentId = table.Column<int>(type: "INTEGER", nullable: false),
                Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                Title = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                Source = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Size = table.Column<long>(type: "INTEGER", nullable: false),
                ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: true),
                CollectedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                CollectedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                RedactedFromId = table.Column<long>(type: "INTEGER", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_EvidenceItems", x => x.Id);
                table.ForeignKey("FK_EvidenceItems_Incidents_IncidentId", x => x.IncidentId, "Incidents", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateTable(
            name: "CustodyEvents",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                EvidenceItemId = table.Column<long>(type: "INTEGER", nullable: false),
                Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                Who = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                At = table.Column<DateTime>(type: "TEXT", nullable: false),
                Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CustodyEvents", x => x.Id);
                table.ForeignKey("FK_CustodyEvents_EvidenceItems_EvidenceItemId", x => x.EvidenceItemId, "EvidenceItems", "Id",
                    onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_EvidenceItems_IncidentId", "EvidenceItems", "IncidentId");
        migrationBuilder.CreateIndex("IX_CustodyEvents_EvidenceItemId", "CustodyEvents", "EvidenceItemId");
        foreach (var table in new[] { "EvidenceItems", "CustodyEvents" })
        {
            migrationBuilder.Sql($"""
                CREATE TRIGGER "{table}_NoUpdate" BEFORE UPDATE ON "{table}"
                BEGIN SELECT RAISE(ABORT, 'evidence and its custody log are append-only'); END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "{table}_NoReplace" BEFORE INSERT ON "{table}"
                WHEN EXISTS (SELECT 1 FROM "{table}" WHERE "Id" = NEW."Id")
                BEGIN SELECT RAISE(ABORT, 'evidence and its custody log are append-only'); END;
                """);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("CustodyEvents");
        migrationBuilder.DropTable("EvidenceItems");
    }
}
