using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommandCenter.Core.Persistence.Migrations;

/// <summary>"What We Know" status updates per incident and audience, with their approval and sending record.</summary>
[DbContext(typeof(CommandCenterDbContext))]
[Migration("20261129232000_StatusUpdates")]
public sealed class StatusUpdates : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "StatusUpdates",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                IncidentId = table.Column<int>(type: "INTEGER", nullable: false),
                Audience = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                State = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                WhatHappened = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                WhatWeAreTesting = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                WhatWeAreDoing = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                WhatWeDontKnowYet = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                NextUpdateAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                DraftedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                DraftedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                RevisedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                RevisedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                ApprovedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                ApprovedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                ApprovedByAuthor = table.Column<bool>(type: "INTEGER", nullable: false),
                RejectionReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                RejectedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                RejectedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                SentBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                SentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_StatusUpdates", x => x.Id);
                table.ForeignKey("FK_StatusUpdates_Incidents_IncidentId", x => x.IncidentId, "Incidents", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_StatusUpdates_IncidentId_State", table: "StatusUpdates", columns: ["IncidentId", "State"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "StatusUpdates");
}
