using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommandCenter.Core.Persistence.Migrations;

/// <summary>
/// Accepted signals are now journaled in a file beside the database (see SignalJournal) instead of the SignalInbox table.
/// Rows a crash of the previous build left in the inbox are moved into Signals first, so no acknowledged signal is lost;
/// their candidates' counters are not replayed (the candidates keep the state they had at the crash).
/// </summary>
[DbContext(typeof(CommandCenterDbContext))]
[Migration("20261203080000_SignalJournal")]
public sealed class SignalJournal : Migration
{
    private const string Columns =
        "Id, Source, IdempotencyKey, KeyHash, CandidateId, AiSystemId, Kind, RawKind, Value, Threshold, LabelsJson, Fingerprint, Action, Summary, OccurredAt, ReceivedAt";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($"INSERT OR IGNORE INTO Signals ({Columns}) SELECT {Columns} FROM SignalInbox ORDER BY Id;");
        migrationBuilder.DropTable(name: "SignalInbox");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => SignalInbox.Create(migrationBuilder);
}
