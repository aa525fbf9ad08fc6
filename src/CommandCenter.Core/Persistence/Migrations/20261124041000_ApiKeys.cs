using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommandCenter.Core.Persistence.Migrations;

/// <summary>API keys of monitoring sources: a hash of each secret, never the secret.</summary>
[DbContext(typeof(CommandCenterDbContext))]
[Migration("20261124041000_ApiKeys")]
public sealed class ApiKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "ApiKeys",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                Source = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                Prefix = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                RequestsPerMinute = table.Column<int>(type: "INTEGER", nullable: false),
                CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                RevokedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_ApiKeys", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_ApiKeys_Hash", table: "ApiKeys", column: "Hash", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "ApiKeys");
}
