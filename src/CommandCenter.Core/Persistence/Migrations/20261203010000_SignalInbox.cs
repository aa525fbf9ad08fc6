using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommandCenter.Core.Persistence.Migrations;

/// <summary>
/// The signal inbox: accepted signals are appended here (no secondary index, no foreign key) before their senders are
/// answered, and moved into the indexed Signals table in large batches behind it.
/// </summary>
[DbContext(typeof(CommandCenterDbContext))]
[Migration("20261203010000_SignalInbox")]
public sealed class SignalInbox : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => Create(migrationBuilder);

    /// <summary>Also the way back from <see cref="SignalJournal"/>.</summary>
    internal static void Create(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "SignalInbox",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false),
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
                PlacedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_SignalInbox", x => x.Id));
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "SignalInbox");
}
