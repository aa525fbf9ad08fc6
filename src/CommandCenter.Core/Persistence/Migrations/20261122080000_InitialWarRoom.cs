using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommandCenter.Core.Persistence.Migrations;

/// <summary>
/// The war room schema: AI systems, incidents with their roles and append-only timeline, and the key counter.
/// Written by hand (see docs/decisions/0002-migrations-without-ef-design.md); MigrationsTests checks it equals the model.
/// </summary>
[DbContext(typeof(CommandCenterDbContext))]
[Migration("20261122080000_InitialWarRoom")]
public sealed class InitialWarRoom : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AiSystems",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Slug = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                OwnerTeam = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                RiskTier = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                CurrentModelVersion = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                PreviousStableModelVersion = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                HasFallback = table.Column<bool>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_AiSystems", x => x.Id));

        migrationBuilder.CreateTable(
            name: "IncidentKeyCounters",
            columns: table => new
            {
                Year = table.Column<int>(type: "INTEGER", nullable: false),
                Next = table.Column<int>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_IncidentKeyCounters", x => x.Year));

        migrationBuilder.CreateTable(
            name: "Incidents",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Key = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                Summary = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                Archetype = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                AiSystemId = table.Column<int>(type: "INTEGER", nullable: false),
                DeclaredBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                ImpactStartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                DetectedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                TriagedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                ContainedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                RecoveredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                ResolvedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                TimelineHeadSequence = table.Column<int>(type: "INTEGER", nullable: false),
                TimelineHeadHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Version = table.Column<int>(type: "INTEGER", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Incidents", x => x.Id);
                table.ForeignKey("FK_Incidents_AiSystems_AiSystemId", x => x.AiSystemId, "AiSystems", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "RoleAssignments",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                IncidentId = table.Column<int>(type: "INTEGER", nullable: false),
                Role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                Person = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                AssignedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_RoleAssignments", x => x.Id);
                table.ForeignKey("FK_RoleAssignments_Incidents_IncidentId", x => x.IncidentId, "Incidents", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "TimelineEntries",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                IncidentId = table.Column<int>(type: "INTEGER", nullable: false),
                Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                Author = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                AuthorRole = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                CorrectsSequence = table.Column<int>(type: "INTEGER", nullable: true),
                PreviousHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_TimelineEntries", x => x.Id);
                table.ForeignKey("FK_TimelineEntries_Incidents_IncidentId", x => x.IncidentId, "Incidents", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex("IX_AiSystems_Slug", "AiSystems", "Slug", unique: true);
        migrationBuilder.CreateIndex("IX_Incidents_AiSystemId", "Incidents", "AiSystemId");
        migrationBuilder.CreateIndex("IX_Incidents_Key", "Incidents", "Key", unique: true);
        migrationBuilder.CreateIndex("IX_Incidents_Status", "Incidents", "Status");
        migrationBuilder.CreateIndex("IX_RoleAssignments_IncidentId_Role", "RoleAssignments", ["IncidentId", "Role"], unique: true);
        migrationBuilder.CreateIndex("IX_TimelineEntries_IncidentId_Sequence", "TimelineEntries", ["IncidentId", "Sequence"], unique: true);

        // The timeline is append-only in the database too, not only in the domain: nothing may rewrite history.
        migrationBuilder.Sql("""
            CREATE TRIGGER "TimelineEntries_NoUpdate" BEFORE UPDATE ON "TimelineEntries"
            BEGIN SELECT RAISE(ABORT, 'timeline entries are append-only: record a correction instead'); END;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "TimelineEntries_NoDelete" BEFORE DELETE ON "TimelineEntries"
            BEGIN SELECT RAISE(ABORT, 'timeline entries are append-only: record a correction instead'); END;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TimelineEntries_NoDelete";""");
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TimelineEntries_NoUpdate";""");
        migrationBuilder.DropTable("TimelineEntries");
        migrationBuilder.DropTable("RoleAssignments");
        migrationBuilder.DropTable("Incidents");
        migrationBuilder.DropTable("IncidentKeyCounters");
        migrationBuilder.DropTable("AiSystems");
    }
}
