using System.Security.Cryptography;

namespace CommandCenter.Core.Evidence;

/// <summary>What the store kept: the SHA-256 of the bytes (their address), their size and type.</summary>
public sealed record StoredContent(string Sha256, long Size, string ContentType);

/// <summary>
/// Content-addressed, write-once storage of evidence bytes. The folder store is the default; a blob store (with
/// immutability policies) can replace it behind this interface.
/// </summary>
public interface IEvidenceStore
{
    /// <summary>Stores <paramref name="content"/> (at most <paramref name="maxBytes"/>) and returns its address; storing the same bytes twice keeps one copy.</summary>
    Task<StoredContent?> PutAsync(Stream content, string contentType, long maxBytes, CancellationToken cancellationToken);

    /// <summary>The bytes stored under <paramref name="sha256"/>, or null.</summary>
    Stream? Open(string sha256);

    /// <summary>Removes the bytes stored under <paramref name="sha256"/> (nothing if absent). Only evidence deletion and retention call it.</summary>
    void Delete(string sha256);
}

/// <summary>
/// Stores each artefact as a read-only file named by its SHA-256 (<c>ab/abcdef…</c>) in <c>Evidence:Path</c>, by default
/// a folder next to the database. Written to a temporary file while hashing, then moved into place, so a half-written
/// upload never sits under a valid address.
/// </summary>
public sealed class FolderEvidenceStore(string root) : IEvidenceStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public async Task<StoredContent?> PutAsync(Stream content, string contentType, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        Directory.CreateDirectory(Root);
        var temp = Path.Combine(Root, $".upload-{Guid.NewGuid():N}");
        try
        {
            long size = 0;
            string sha256;
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                    {
                        return null;
                    }
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
                sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            var target = PathOf(sha256);
            if (!File.Exists(target))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(temp, target);
                File.SetAttributes(target, FileAttributes.ReadOnly);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(target, UnixFileMode.UserRead);
                }
            }
            return new StoredContent(sha256, size, contentType);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    public Stream? Open(string sha256)
    {
        var path = PathOf(sha256);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read) : null;
    }

    public void Delete(string sha256)
    {
        var path = PathOf(sha256);
        if (File.Exists(path))
        {
            File.SetAttributes(path, FileAttributes.Normal);
            File.Delete(path);
        }
    }

    private string PathOf(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
        {
            throw new ArgumentException("Not a SHA-256.", nameof(sha256));
        }
        return Path.Combine(Root, sha256[..2], sha256);
    }
}
