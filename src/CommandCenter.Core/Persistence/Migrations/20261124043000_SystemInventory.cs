using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommandCenter.Core.Persistence.Migrations;

/// <summary>
/// The AI system inventory and risk register: purpose, on-call, EU AI Act role, data categories, system-prompt versions,
/// retrieval indexes, agent tools and dependencies. Defaults keep systems registered before it valid.
/// </summary>
[DbContext(typeof(CommandCenterDbContext))]
[Migration("20261124043000_SystemInventory")]
public sealed class SystemInventory : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "Purpose", table: "AiSystems", type: "TEXT", maxLength: 1000, nullable: false, defaultValueSql: "''");
        migrationBuilder.AddColumn<string>(name: "OnCallContact", table: "AiSystems", type: "TEXT", maxLength: 200, nullable: false, defaultValueSql: "''");
        migrationBuilder.AddColumn<string>(name: "EuAiActRole", table: "AiSystems", type: "TEXT", maxLength: 16, nullable: false, defaultValueSql: "'Deployer'");
        migrationBuilder.AddColumn<string>(name: "DataCategories", table: "AiSystems", type: "TEXT", maxLength: 60, nullable: false, defaultValueSql: "'None'");
        migrationBuilder.AddColumn<string>(name: "CurrentSystemPromptVersion", table: "AiSystems", type: "TEXT", maxLength: 80, nullable: true);
        migrationBuilder.AddColumn<string>(name: "PreviousSystemPromptVersion", table: "AiSystems", type: "TEXT", maxLength: 80, nullable: true);
        migrationBuilder.AddColumn<string>(name: "RetrievalIndexes", table: "AiSystems", type: "TEXT", nullable: false, defaultValueSql: "'[]'");
        migrationBuilder.AddColumn<string>(name: "AgentTools", table: "AiSystems", type: "TEXT", nullable: false, defaultValueSql: "'[]'");
        migrationBuilder.AddColumn<string>(name: "Dependencies", table: "AiSystems", type: "TEXT", nullable: false, defaultValueSql: "'[]'");
        migrationBuilder.AddColumn<DateTime>(name: "UpdatedAt", table: "AiSystems", type: "TEXT", nullable: true);
        migrationBuilder.AddColumn<string>(name: "UpdatedBy", table: "AiSystems", type: "TEXT", maxLength: 100, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var column in new[] { "Purpose", "OnCallContact", "EuAiActRole", "DataCategories", "CurrentSystemPromptVersion",
                     "PreviousSystemPromptVersion", "RetrievalIndexes", "AgentTools", "Dependencies", "UpdatedAt", "UpdatedBy" })
        {
            migrationBuilder.DropColumn(name: column, table: "AiSystems");
        }
    }
}
