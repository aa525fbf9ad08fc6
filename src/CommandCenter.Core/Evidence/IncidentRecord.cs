using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CommandCenter.Core.Accounts;
using CommandCenter.Core.Communications;
using CommandCenter.Core.Containment;
using CommandCenter.Core.Incidents;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Core.Evidence;

/// <summary>One artefact in an export's manifest: what it is and the SHA-256 a third party checks the file against.</summary>
/// <remarks><see cref="File"/> is null when the content was deleted (by a person or by retention): the hash and custody stay on record.</remarks>
public sealed record EvidenceManifestEntry(long Id, string Kind, string Title, string Source, string Sha256, long Size, string ContentType,
    string CollectedBy, DateTime CollectedAt, long? RedactedFromId, string? File, bool ContentRemoved = false);

/// <summary>Everything a regulator, a court or the postmortem asks for about one incident, as of <see cref="ExportedAt"/>.</summary>
public sealed record IncidentRecord(
    IncidentDetail Incident,
    IReadOnlyList<TimelineEntryView> Timeline,
    IReadOnlyList<TimelineEntryView> Decisions,
    IReadOnlyList<StatusUpdateView> UpdatesSent,
    IReadOnlyList<ContainmentActionView> Containment,
    IReadOnlyList<Regulatory.RegulatoryClockView> Clocks,
    IReadOnlyList<EvidenceManifestEntry> Evidence,
    int? TimelineBrokenAt,
    DateTime ExportedAt,
    string ExportedBy);

/// <summary>
/// Builds the incident record and writes it as Markdown (every person's text escaped with <see cref="UpdateExport"/>),
/// as a JSON bundle, and as a zip of the evidence files plus <c>manifest.json</c> signed with the installation's ECDSA
/// P-256 key (<c>manifest.sig</c>, DER, verifiable with <c>openssl dgst -sha256 -verify public-key.pem -signature manifest.sig manifest.json</c>).
/// </summary>
public sealed class IncidentRecordService(
    IncidentService incidents,
    StatusUpdateService updates,
    ContainmentService containment,
    EvidenceService evidence,
    ExportSigner signer,
    TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public async Task<IncidentRecord> BuildAsync(string key, Actor actor, CancellationToken cancellationToken = default)
    {
        var detail = await incidents.GetAsync(key, cancellationToken);
        var timeline = (await incidents.GetTimelineAsync(key, take: int.MaxValue, cancellationToken: cancellationToken)).OrderBy(e => e.Sequence).ToList();
        var sent = (await updates.ListAsync(key, cancellationToken)).Updates.Where(u => u.State == StatusUpdateState.Sent).OrderBy(u => u.SentAt).ToList();
        var actions = (await containment.ListAsync(key, cancellationToken)).OrderBy(a => a.RequestedAt).ToList();
        var items = await evidence.ListAsync(key, cancellationToken);
        var manifest = items.OrderBy(e => e.Id).Select(e => new EvidenceManifestEntry(e.Id, e.Kind, e.Title, e.Source, e.Sha256, e.Size, e.ContentType,
            e.CollectedBy, e.CollectedAt, e.RedactedFromId, e.ContentRemoved ? null : $"evidence/{e.Sha256}", e.ContentRemoved)).ToList();
        return new IncidentRecord(detail, timeline, timeline.Where(e => e.Kind == TimelineEntryKind.Decision).ToList(), sent, actions, detail.Clocks,
            manifest, await incidents.VerifyTimelineAsync(key, cancellationToken), clock.GetUtcNow().UtcDateTime, actor.UserName ?? actor.Name);
    }

    public static string ToJson(IncidentRecord record) => JsonSerializer.Serialize(record, Json);

    public static string ToMarkdown(IncidentRecord r)
    {
        var i = r.Incident.Incident;
        var md = new StringBuilder();
        md.Append("# Incident record: ").Append(UpdateExport.Inline(i.Key)).Append(" — ").Append(UpdateExport.Inline(i.Title)).Append("\n\n");
        md.Append("Exported ").Append(Utc(r.ExportedAt)).Append(" by ").Append(UpdateExport.Inline(r.ExportedBy)).Append(". Timeline chain: ")
            .Append(r.TimelineBrokenAt is { } broken ? $"**broken at entry {broken}**" : "intact").Append(".\n\n");
        md.Append("- Severity: ").Append(i.Severity).Append("\n- Status: ").Append(i.Status).Append("\n- System: ")
            .Append(UpdateExport.Inline(r.Incident.System.Name)).Append("\n- Declared by: ").Append(UpdateExport.Inline(r.Incident.DeclaredBy)).Append('\n');
        foreach (var role in r.Incident.Roles)
        {
            md.Append("- ").Append(role.Role.Title()).Append(": ").Append(UpdateExport.Inline(role.Person)).Append('\n');
        }
        md.Append("\n## Summary\n\n").Append(UpdateExport.Block(r.Incident.Summary)).Append('\n');
        Section(md, "Decisions", r.Decisions, e => $"{Utc(e.OccurredAt)} — {UpdateExport.Inline(e.Author)}: {UpdateExport.Inline(e.Text)}");
        Section(md, "Regulatory clocks", r.Clocks, c =>
            $"{UpdateExport.Inline(c.Name)}: aware {Utc(c.AwareAt)}, deadline {Utc(c.Deadline)}, " +
            (c.MetAt is { } met ? $"met {Utc(met)} by {UpdateExport.Inline(c.MetBy)}" : "not met"));
        Section(md, "Containment", r.Containment, a =>
            $"{Utc(a.RequestedAt)} — {UpdateExport.Inline(a.Title)} by {UpdateExport.Inline(a.RequestedBy)}: {a.State}" +
            (a.Summary is null ? "" : $" ({UpdateExport.Inline(a.Summary)})"));
        Section(md, "Updates sent", r.UpdatesSent, u =>
            $"{Utc(u.SentAt ?? u.DraftedAt)} — {u.Audience} update by {UpdateExport.Inline(u.SentBy)}" +
            (u.ApprovedBy is null ? "" : $", approved by {UpdateExport.Inline(u.ApprovedBy)}") + $": {UpdateExport.Inline(u.WhatHappened)}");
        Section(md, "Evidence manifest", r.Evidence, e =>
            $"#{e.Id} {UpdateExport.Inline(e.Kind)} “{UpdateExport.Inline(e.Title)}” from {UpdateExport.Inline(e.Source)}, {e.Size} bytes, " +
            $"SHA-256 `{e.Sha256}`, collected by {UpdateExport.Inline(e.CollectedBy)} {Utc(e.CollectedAt)}" + (e.ContentRemoved ? " (content deleted)" : ""));
        Section(md, "Timeline", r.Timeline, e =>
            $"#{e.Sequence} {Utc(e.OccurredAt)} [{e.Kind}] {UpdateExport.Inline(e.Author)}: {UpdateExport.Inline(e.Text)}" +
            (e.CorrectsSequence is { } c ? $" (corrects #{c})" : ""));
        return md.ToString();
    }

    /// <summary>The zip: record.md, manifest.json (the JSON record), manifest.sig, public-key.pem, VERIFY.txt and evidence/&lt;sha256&gt; files (each download logged).</summary>
    public async Task WriteZipAsync(IncidentRecord record, Stream output, Actor actor, CancellationToken cancellationToken = default)
    {
        var manifest = Encoding.UTF8.GetBytes(ToJson(record));
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        await AddAsync(zip, "manifest.json", manifest, cancellationToken);
        await AddAsync(zip, "manifest.sig", signer.Sign(manifest), cancellationToken);
        await AddAsync(zip, "public-key.pem", Encoding.ASCII.GetBytes(signer.PublicKeyPem), cancellationToken);
        await AddAsync(zip, "record.md", Encoding.UTF8.GetBytes(ToMarkdown(record)), cancellationToken);
        await AddAsync(zip, "VERIFY.txt", Encoding.UTF8.GetBytes(VerifyInstructions), cancellationToken);
        foreach (var entry in record.Evidence.Where(e => e.File is not null).DistinctBy(e => e.Sha256))
        {
            var (_, content) = await evidence.OpenAsync(record.Incident.Incident.Key, entry.Id, actor, cancellationToken);
            await using (content)
            {
                var zipped = zip.CreateEntry(entry.File!, CompressionLevel.Optimal);
                await using var target = await zipped.OpenAsync(cancellationToken);
                await content.CopyToAsync(target, cancellationToken);
            }
        }
    }

    public const string VerifyInstructions = """
        1. The manifest was signed by this CommandCenter installation (ECDSA P-256, SHA-256):
           openssl dgst -sha256 -verify public-key.pem -signature manifest.sig manifest.json
           ("Verified OK"). Compare public-key.pem with the key the installation publishes (docs/security.md).
        2. Each evidence file matches the manifest: sha256sum evidence/*  (each file is named by its SHA-256).
        """;

    private static async Task AddAsync(ZipArchive zip, string name, byte[] bytes, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using var stream = await entry.OpenAsync(cancellationToken);
        await stream.WriteAsync(bytes, cancellationToken);
    }

    private static void Section<T>(StringBuilder md, string heading, IReadOnlyList<T> items, Func<T, string> line)
    {
        md.Append("\n## ").Append(heading).Append("\n\n");
        if (items.Count == 0)
        {
            md.Append("None.\n");
            return;
        }
        foreach (var item in items)
        {
            md.Append("- ").Append(line(item)).Append('\n');
        }
    }

    private static string Utc(DateTime? at) => at is { } t ? t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "—";
}

/// <summary>
/// The installation's ECDSA P-256 export key: PEM from <c>Export:SigningKeyFile</c>, by default <c>&lt;database&gt;.export-key.pem</c>
/// next to the database, created on first use.
/// </summary>
public sealed class ExportSigner : IDisposable
{
    private readonly ECDsa _key;

    private ExportSigner(ECDsa key)
    {
        _key = key;
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem() + "\n";
    }

    public string PublicKeyPem { get; }

    /// <summary>DER-encoded (RFC 3279) ECDSA signature over SHA-256 of <paramref name="data"/>, the format openssl verifies.</summary>
    public byte[] Sign(byte[] data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public static ExportSigner Load(string? keyFile, ILogger logger)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (keyFile is null)
        {
            return new ExportSigner(key);
        }
        if (File.Exists(keyFile))
        {
            key.ImportFromPem(File.ReadAllText(keyFile));
            return new ExportSigner(key);
        }
        Audit.ChainKey.WriteSecretFile(keyFile, key.ExportPkcs8PrivateKeyPem());
        logger.LogWarning("Generated a new export signing key in {KeyFile}; publish its public key so recipients can verify exports", keyFile);
        return new ExportSigner(key);
    }

    public void Dispose() => _key.Dispose();
}
