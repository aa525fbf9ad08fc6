using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommandCenter.Core.Persistence.Migrations;

/// <summary>
/// Versioned playbooks (one per archetype, each version's content one JSON column), the version each incident runs,
/// and what happened to each of its steps.
/// </summary>
[DbContext(typeof(CommandCenterDbContext))]
[Migration("20261129230000_Playbooks")]
public sealed class Playbooks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Playbooks",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Archetype = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                CurrentVersion = table.Column<int>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Playbooks", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_Playbooks_Archetype", table: "Playbooks", column: "Archetype", unique: true);

        migrationBuilder.CreateTable(
            name: "PlaybookVersions",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                PlaybookId = table.Column<int>(type: "INTEGER", nullable: false),
                Number = table.Column<int>(type: "INTEGER", nullable: false),
                Content = table.Column<string>(type: "TEXT", nullable: false),
                EditedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                EditedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                ChangeNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PlaybookVersions", x => x.Id);
                table.ForeignKey("FK_PlaybookVersions_Playbooks_PlaybookId", x => x.PlaybookId, "Playbooks", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_PlaybookVersions_PlaybookId_Number", table: "PlaybookVersions", columns: ["PlaybookId", "Number"], unique: true);

        migrationBuilder.CreateTable(
            name: "IncidentPlaybooks",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                IncidentId = table.Column<int>(type: "INTEGER", nullable: false),
                PlaybookVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                AttachedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_IncidentPlaybooks", x => x.Id);
                table.ForeignKey("FK_IncidentPlaybooks_Incidents_IncidentId", x => x.IncidentId, "Incidents", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_IncidentPlaybooks_PlaybookVersions_PlaybookVersionId", x => x.PlaybookVersionId, "PlaybookVersions", "Id",
                    onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex(name: "IX_IncidentPlaybooks_IncidentId", table: "IncidentPlaybooks", column: "IncidentId", unique: true);
        migrationBuilder.CreateIndex(name: "IX_IncidentPlaybooks_PlaybookVersionId", table: "IncidentPlaybooks", column: "PlaybookVersionId");

        migrationBuilder.CreateTable(
            name: "PlaybookStepRecords",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                IncidentId = table.Column<int>(type: "INTEGER", nullable: false),
                StepId = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                By = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                At = table.Column<DateTime>(type: "TEXT", nullable: false),
                Note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                GateAnswer = table.Column<bool>(type: "INTEGER", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PlaybookStepRecords", x => x.Id);
                table.ForeignKey("FK_PlaybookStepRecords_Incidents_IncidentId", x => x.IncidentId, "Incidents", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_PlaybookStepRecords_IncidentId_StepId", table: "PlaybookStepRecords", columns: ["IncidentId", "StepId"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "PlaybookStepRecords");
        migrationBuilder.DropTable(name: "IncidentPlaybooks");
        migrationBuilder.DropTable(name: "PlaybookVersions");
        migrationBuilder.DropTable(name: "Playbooks");
    }
}
