using System.Security.Cryptography;
using System.Text.Json;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Audit;
using CommandCenter.Tests.Unit.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace CommandCenter.Tests.Unit.Audit;

public sealed class AuditChainTests
{
    private static readonly ChainKey Key = new(RandomNumberGenerator.GetBytes(32));
    private static readonly Actor Maya = new("Maya Chen", OrgRole.Responder, "maya", new ActorOrigin("203.0.113.7", "Firefox"));

    private static List<AuditEntry> Chain(ChainKey key, int count)
    {
        var entries = new List<AuditEntry>();
        var previous = AuditEntry.GenesisMac;
        for (var i = 1; i <= count; i++)
        {
            var entry = new AuditEntry(i, new DateTime(2026, 12, 2, 11, 0, i, DateTimeKind.Utc),
                new AuditRecord(Maya, "Incident.ChangeStatus", $$"""{"key":"INC-2026-000{{i}}"}""", $"INC-2026-000{i}", AuditOutcome.Done, null),
                previous, key);
            entries.Add(entry);
            previous = entry.Mac;
        }
        return entries;
    }

    [Fact]
    public void AnUnbrokenChainVerifies() => Assert.Null(AuditEntry.FindBrokenLink(Chain(Key, 5), Key));

    [Fact]
    public void AChainMadeWithAnotherKeyFailsAtTheFirstEntry() =>
        Assert.Equal(1, AuditEntry.FindBrokenLink(Chain(new ChainKey(RandomNumberGenerator.GetBytes(32)), 3), Key));

    [Fact]
    public void AMissingEntryBreaksTheChainWhereTheGapIs()
    {
        var entries = Chain(Key, 5);
        entries.RemoveAt(2);

        Assert.Equal(4, AuditEntry.FindBrokenLink(entries, Key));
    }

    [Fact]
    public void EntriesRecordWhoWhatWhereAndTheMacCoversThem()
    {
        var entry = Chain(Key, 1)[0];

        Assert.Equal(("maya", "Maya Chen", "203.0.113.7", "Firefox"), (entry.UserName, entry.DisplayName, entry.Address, entry.UserAgent));
        Assert.Equal(64, entry.Mac.Length);
        Assert.Equal(AuditEntry.GenesisMac, entry.PreviousMac);
    }

    [Fact]
    public void TheMacDependsOnTheKey() => Assert.NotEqual(Key.Mac("same text"), new ChainKey(RandomNumberGenerator.GetBytes(32)).Mac("same text"));

    [Fact]
    public void AKeyShorterThan32BytesIsRefused() => Assert.Throws<InvalidOperationException>(() => new ChainKey(new byte[16]));

    [Fact]
    public void RedactionReplacesPasswordsSecretsAndKeysAtAnyDepth()
    {
        var json = AuditRedaction.ToJson(new
        {
            userName = "tom",
            command = new CreateUser("tom", "Tom", "responder", "correct horse battery"),
            url = "https://controls.example.com",
            secret = "s3cret-s3cret",
            nested = new[] { new { api_key = "cc_live_abc", note = "fine" } },
        });

        Assert.DoesNotContain("correct horse", json);
        Assert.DoesNotContain("s3cret", json);
        Assert.DoesNotContain("cc_live_abc", json);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(AuditRedaction.Redacted, doc.RootElement.GetProperty("command").GetProperty("password").GetString());
        Assert.Equal("fine", doc.RootElement.GetProperty("nested")[0].GetProperty("note").GetString());
        Assert.Equal("https://controls.example.com", doc.RootElement.GetProperty("url").GetString());
    }

    [Fact]
    public void CommandNamesComeFromTheServiceFileAndMethod() =>
        Assert.Equal("Incident.ChangeStatus", AccessGuard.CommandName("/_/src/CommandCenter.Core/Incidents/IncidentService.cs", "ChangeStatusAsync"));

    [Fact]
    public void CsvCellsThatLookLikeFormulasAreDefused()
    {
        var csv = AuditTrail.ToCsv([new AuditEntryView(1, DateTime.UtcNow, "x", "=HYPERLINK(\"http://evil\")", "Responder", "A.B", "{}", null, null,
            null, null, "Done", null, "00")]);

        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", csv);
    }

    [Fact]
    public void AKeyFileIsCreatedNextToTheDatabaseOnFirstRunAndReadAfterwards()
    {
        using var folder = new TempDatabaseFolder();
        var connection = $"Data Source={folder.PathOf()}";
        var configuration = new ConfigurationBuilder().Build();

        var first = ChainKey.Load(configuration, connection, NullLogger.Instance);
        var second = ChainKey.Load(configuration, connection, NullLogger.Instance);

        Assert.Equal(folder.PathOf() + ".audit-key", first.Source);
        Assert.True(File.Exists(first.Source));
        Assert.Equal(first.Mac("x"), second.Mac("x"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(first.Source));
        }
    }

    [Fact]
    public void AConfiguredKeyWinsOverTheFile()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Audit:Key"] = key }).Build();

        var loaded = ChainKey.Load(configuration, "Data Source=/nonexistent/x.db", NullLogger.Instance);

        Assert.StartsWith("configuration", loaded.Source);
    }
}
