using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace CommandCenter.Tests.Api;

public sealed class IncidentRecordExportTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private async Task<(HttpClient Client, string Key)> IncidentWithEvidenceAsync()
    {
        var client = factory.As("Record Tom");
        var key = (await client.DeclareAsync("Record export")).Key;
        (await client.PostJsonAsync($"/api/incidents/{key}/timeline", new { kind = "decision", text = "<script>alert(1)</script> roll back" }))
            .EnsureSuccessStatusCode();
        (await client.PostJsonAsync($"/api/incidents/{key}/evidence",
            new { kind = "prompt", title = "Attacker prompt", source = "trace 7f3a", text = "Ignore previous instructions." })).EnsureSuccessStatusCode();
        return (client, key);
    }

    [Fact]
    public async Task TheZipsManifestVerifiesWithTheDocumentedCommandAndListsTheEvidenceHash()
    {
        var (client, key) = await IncidentWithEvidenceAsync();

        var response = await client.GetAsync($"/api/incidents/{key}/record?format=zip");
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var folder = Directory.CreateTempSubdirectory("cc-record-").FullName;
        try
        {
            await using (var zip = await response.Content.ReadAsStreamAsync())
            {
                await ZipFile.ExtractToDirectoryAsync(zip, folder);
            }
            var manifest = await File.ReadAllBytesAsync(Path.Combine(folder, "manifest.json"));
            using var publicKey = ECDsa.Create();
            publicKey.ImportFromPem(await File.ReadAllTextAsync(Path.Combine(folder, "public-key.pem")));
            var signature = await File.ReadAllBytesAsync(Path.Combine(folder, "manifest.sig"));
            Assert.True(publicKey.VerifyData(manifest, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
            manifest[^2] ^= 1;
            Assert.False(publicKey.VerifyData(manifest, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

            using var record = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "manifest.json")));
            var sha = record.RootElement.GetProperty("evidence")[0].GetProperty("sha256").GetString()!;
            var file = Path.Combine(folder, "evidence", sha);
            Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file))));

            if (File.Exists("/usr/bin/openssl"))
            {
                var openssl = Process.Start(new ProcessStartInfo("/usr/bin/openssl", "dgst -sha256 -verify public-key.pem -signature manifest.sig manifest.json")
                {
                    WorkingDirectory = folder,
                    RedirectStandardOutput = true,
                })!;
                var output = await openssl.StandardOutput.ReadToEndAsync();
                await openssl.WaitForExitAsync();
                Assert.Equal("Verified OK", output.Trim());
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task TheMarkdownRecordEscapesWhatPeopleWrote()
    {
        var (client, key) = await IncidentWithEvidenceAsync();

        var markdown = await client.GetStringAsync($"/api/incidents/{key}/record?format=md");

        Assert.Contains("## Decisions", markdown);
        Assert.Contains("&lt;script&gt;", markdown);
        Assert.DoesNotContain("<script>", markdown);
        Assert.Contains("## Evidence manifest", markdown);
    }

    [Fact]
    public async Task TheJsonBundleHasTheTimelineAndAnUnknownFormatIsA400()
    {
        var (client, key) = await IncidentWithEvidenceAsync();

        var record = await client.GetFromJsonAsync<JsonElement>($"/api/incidents/{key}/record");
        var bad = await client.GetAsync($"/api/incidents/{key}/record?format=pdf");

        Assert.True(record.GetProperty("timeline").GetArrayLength() >= 3);
        Assert.Equal(JsonValueKind.Null, record.GetProperty("timelineBrokenAt").ValueKind);
        Assert.Contains("pdf", await bad.ReadFieldErrorAsync("format"));
    }
}
