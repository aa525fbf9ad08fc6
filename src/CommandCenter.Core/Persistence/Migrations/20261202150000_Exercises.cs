using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommandCenter.Core.Persistence.Migrations;

/// <summary>
/// Tabletop exercises: versioned scenarios (each version's content one JSON column), exercises (one per exercise
/// incident, the clock, injects and decisions as one JSON log), and the exercise flag on incidents.
/// </summary>
[DbContext(typeof(CommandCenterDbContext))]
[Migration("20261202150000_Exercises")]
public sealed class Exercises : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>(name: "IsExercise", table: "Incidents", type: "INTEGER", nullable: false, defaultValue: false);

        migrationBuilder.CreateTable(
            name: "Scenarios",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Slug = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                CurrentVersion = table.Column<int>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Scenarios", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_Scenarios_Slug", table: "Scenarios", column: "Slug", unique: true);

        migrationBuilder.CreateTable(
            name: "ScenarioVersions",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                ScenarioId = table.Column<int>(type: "INTEGER", nullable: false),
                Number = table.Column<int>(type: "INTEGER", nullable: false),
                Content = table.Column<string>(type: "TEXT", nullable: false),
                EditedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                EditedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                ChangeNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ScenarioVersions", x => x.Id);
                table.ForeignKey("FK_ScenarioVersions_Scenarios_ScenarioId", x => x.ScenarioId, "Scenarios", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_ScenarioVersions_ScenarioId_Number", table: "ScenarioVersions", columns: ["ScenarioId", "Number"], unique: true);

        migrationBuilder.CreateTable(
            name: "Exercises",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                IncidentId = table.Column<int>(type: "INTEGER", nullable: false),
                IncidentKey = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                ScenarioVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                ScenarioTitle = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                Facilitator = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                OpenedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                FollowUpOn = table.Column<DateTime>(type: "TEXT", nullable: true),
                Log = table.Column<string>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Exercises", x => x.Id);
                table.ForeignKey("FK_Exercises_Incidents_IncidentId", x => x.IncidentId, "Incidents", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_Exercises_ScenarioVersions_ScenarioVersionId", x => x.ScenarioVersionId, "ScenarioVersions", "Id",
                    onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex(name: "IX_Exercises_IncidentId", table: "Exercises", column: "IncidentId", unique: true);
        migrationBuilder.CreateIndex(name: "IX_Exercises_IncidentKey", table: "Exercises", column: "IncidentKey", unique: true);
        migrationBuilder.CreateIndex(name: "IX_Exercises_ScenarioVersionId", table: "Exercises", column: "ScenarioVersionId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "Exercises");
        migrationBuilder.DropTable(name: "ScenarioVersions");
        migrationBuilder.DropTable(name: "Scenarios");
        migrationBuilder.DropColumn(name: "IsExercise", table: "Incidents");
    }
}
