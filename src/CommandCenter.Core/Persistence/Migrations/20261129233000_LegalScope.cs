using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommandCenter.Core.Persistence.Migrations;

/// <summary>The Legal liaison's records on an incident: the data-exposure scope and a legal hold.</summary>
[DbContext(typeof(CommandCenterDbContext))]
[Migration("20261129233000_LegalScope")]
public sealed class LegalScope : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "Exposure", table: "Incidents", type: "TEXT", nullable: false, defaultValueSql: "'{}'");
        migrationBuilder.AddColumn<bool>(name: "LegalHold", table: "Incidents", type: "INTEGER", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<string>(name: "LegalHoldBy", table: "Incidents", type: "TEXT", maxLength: 100, nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "LegalHoldAt", table: "Incidents", type: "TEXT", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "Exposure", table: "Incidents");
        migrationBuilder.DropColumn(name: "LegalHold", table: "Incidents");
        migrationBuilder.DropColumn(name: "LegalHoldBy", table: "Incidents");
        migrationBuilder.DropColumn(name: "LegalHoldAt", table: "Incidents");
    }
}
