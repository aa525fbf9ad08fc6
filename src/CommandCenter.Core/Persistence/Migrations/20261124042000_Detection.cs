using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommandCenter.Core.Persistence.Migrations;

/// <summary>
/// Detection: incident candidates, the signals grouped into them, change events for the triage pack, and the times an
/// incident's first signal arrived and its triage pack was complete (time to context).
/// </summary>
[DbContext(typeof(CommandCenterDbContext))]
[Migration("20261124042000_Detection")]
public sealed class Detection : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTime>(name: "FirstSignalAt", table: "Incidents", type: "TEXT", nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "ContextAssembledAt", table: "Incidents", type: "TEXT", nullable: true);

        migrationBuilder.CreateTable(
            name: "Candidates",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                GroupKey = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                AiSystemId = table.Column<int>(type: "INTEGER", nullable: false),
                SystemSlug = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                SystemName = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                Source = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                IdentifyingLabels = table.Column<string>(type: "TEXT", nullable: false),
                Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                Archetype = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                ArchetypeReason = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                SeverityReasons = table.Column<string>(type: "TEXT", nullable: false),
                FirstSignalAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                LastSignalAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                LastTriggerReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                SignalCount = table.Column<int>(type: "INTEGER", nullable: false),
                Evidence = table.Column<string>(type: "TEXT", nullable: false),
                Unreported = table.Column<string>(type: "TEXT", nullable: false),
                LastReportedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                FiringAlerts = table.Column<string>(type: "TEXT", nullable: false),
                AcknowledgedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                ResolvedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                ResolvedReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                IncidentId = table.Column<int>(type: "INTEGER", nullable: true),
                IncidentKey = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                Decision = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                DecidedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                DismissReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Candidates", x => x.Id);
                table.ForeignKey("FK_Candidates_AiSystems_AiSystemId", x => x.AiSystemId, "AiSystems", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_Candidates_Incidents_IncidentId", x => x.IncidentId, "Incidents", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex(name: "IX_Candidates_AiSystemId", table: "Candidates", column: "AiSystemId");
        migrationBuilder.CreateIndex(name: "IX_Candidates_GroupKey", table: "Candidates", column: "GroupKey");
        migrationBuilder.CreateIndex(name: "IX_Candidates_IncidentId", table: "Candidates", column: "IncidentId");
        migrationBuilder.CreateIndex(name: "IX_Candidates_ResolvedAt", table: "Candidates", column: "ResolvedAt");

        migrationBuilder.CreateTable(
            name: "Signals",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Source = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                KeyHash = table.Column<long>(type: "INTEGER", nullable: false),
                CandidateId = table.Column<long>(type: "INTEGER", nullable: false),
                AiSystemId = table.Column<int>(type: "INTEGER", nullable: false),
                Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                RawKind = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                Value = table.Column<double>(type: "REAL", nullable: true),
                Threshold = table.Column<double>(type: "REAL", nullable: true),
                LabelsJson = table.Column<string>(type: "TEXT", nullable: false),
                Fingerprint = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                Action = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                Summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Signals", x => x.Id);
                table.ForeignKey("FK_Signals_AiSystems_AiSystemId", x => x.AiSystemId, "AiSystems", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_Signals_Candidates_CandidateId", x => x.CandidateId, "Candidates", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex(name: "IX_Signals_AiSystemId", table: "Signals", column: "AiSystemId");
        migrationBuilder.CreateIndex(name: "IX_Signals_CandidateId_OccurredAt", table: "Signals", columns: ["CandidateId", "OccurredAt"]);
        migrationBuilder.CreateIndex(name: "IX_Signals_KeyHash", table: "Signals", column: "KeyHash");

        migrationBuilder.CreateTable(
            name: "Changes",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                AiSystemId = table.Column<int>(type: "INTEGER", nullable: false),
                Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                Summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                FromVersion = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                ToVersion = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                Author = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                Source = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Changes", x => x.Id);
                table.ForeignKey("FK_Changes_AiSystems_AiSystemId", x => x.AiSystemId, "AiSystems", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex(name: "IX_Changes_AiSystemId_OccurredAt", table: "Changes", columns: ["AiSystemId", "OccurredAt"]);
        migrationBuilder.CreateIndex(name: "IX_Changes_Source_IdempotencyKey", table: "Changes", columns: ["Source", "IdempotencyKey"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "Signals");
        migrationBuilder.DropTable(name: "Changes");
        migrationBuilder.DropTable(name: "Candidates");
        migrationBuilder.DropColumn(name: "ContextAssembledAt", table: "Incidents");
        migrationBuilder.DropColumn(name: "FirstSignalAt", table: "Incidents");
    }
}
