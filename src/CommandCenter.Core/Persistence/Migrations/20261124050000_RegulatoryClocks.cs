using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommandCenter.Core.Persistence.Migrations;

/// <summary>Regulatory clocks (GDPR, EU AI Act, NIS2) running on incidents from a recorded moment of awareness.</summary>
[DbContext(typeof(CommandCenterDbContext))]
[Migration("20261124050000_RegulatoryClocks")]
public sealed class RegulatoryClocks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "RegulatoryClock",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                IncidentId = table.Column<int>(type: "INTEGER", nullable: false),
                Code = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                Obligation = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                Trigger = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                AwareAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                Deadline = table.Column<DateTime>(type: "TEXT", nullable: false),
                StartedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                MetAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                MetBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_RegulatoryClock", x => x.Id);
                table.ForeignKey("FK_RegulatoryClock_Incidents_IncidentId", x => x.IncidentId, "Incidents", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_RegulatoryClock_IncidentId_Code", table: "RegulatoryClock", columns: ["IncidentId", "Code"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "RegulatoryClock");
}
