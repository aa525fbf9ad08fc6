using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommandCenter.Core.Persistence.Migrations;

/// <summary>Control webhooks of AI systems, and the containment actions run on incidents (webhook attempts or manual checklists).</summary>
[DbContext(typeof(CommandCenterDbContext))]
[Migration("20261129231000_Containment")]
public sealed class Containment : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "SystemControls",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                AiSystemId = table.Column<int>(type: "INTEGER", nullable: false),
                WebhookUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                Secret = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_SystemControls", x => x.Id);
                table.ForeignKey("FK_SystemControls_AiSystems_AiSystemId", x => x.AiSystemId, "AiSystems", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_SystemControls_AiSystemId", table: "SystemControls", column: "AiSystemId", unique: true);

        migrationBuilder.CreateTable(
            name: "ContainmentActions",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                IncidentId = table.Column<int>(type: "INTEGER", nullable: false),
                Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                Reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                RequestedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                RequestedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                Mode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                RequestJson = table.Column<string>(type: "TEXT", nullable: true),
                Attempts = table.Column<string>(type: "TEXT", nullable: false),
                FinalStatus = table.Column<int>(type: "INTEGER", nullable: true),
                Summary = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                CompletedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                Checklist = table.Column<string>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ContainmentActions", x => x.Id);
                table.ForeignKey("FK_ContainmentActions_Incidents_IncidentId", x => x.IncidentId, "Incidents", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex(name: "IX_ContainmentActions_IncidentId", table: "ContainmentActions", column: "IncidentId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "ContainmentActions");
        migrationBuilder.DropTable(name: "SystemControls");
    }
}
