using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace CommandCenter.Core.Detection;

/// <summary>One accepted signal as the journal holds it: its id, the time it was journaled (the clock it is placed with) and the signal.</summary>
internal sealed record JournalRecord(long Id, DateTime JournaledAt, PreparedSignal Signal);

/// <summary>
/// The durable record of accepted signals, ahead of the database: append-only files of framed records (length, CRC-32,
/// payload) in a folder beside the database file. A sender's signals are written here with one write() to the operating
/// system (and an fsync under <see cref="IngestionDurability.Full"/>) before it is answered; the detection loop places them
/// in their candidates and applies them to the database behind the answers. At start-up the records the database does not
/// hold yet (an id above the largest stored signal id) are read back and applied. A process killed mid-write leaves at most
/// one torn record at the end, which was never answered and is ignored.
/// A new segment file is begun at every start and after 64 MB; a segment is deleted once every record in it is applied.
/// Not thread-safe: its owner serializes <see cref="Append"/> and <see cref="Trim"/>.
/// </summary>
internal sealed class SignalJournal : IDisposable
{
    private const long SegmentBytes = 64L << 20;
    private const string Extension = ".journal";
    private const int HeaderBytes = 8;

    private readonly string _folder;
    private readonly bool _fsync;
    private readonly List<(long FirstId, string Path)> _segments;
    private readonly MemoryStream _buffer = new();
    private readonly BinaryWriter _writer;
    private SafeFileHandle? _current;
    private long _offset;

    // Full durability: senders fsync after the append lock is released, and one fsync covers every write before it.
    private readonly Lock _flushLock = new();
    private Tail? _tail;
    private long _flushed;

    /// <summary>What has been written so far: the segment being written and the total bytes ever appended (monotonic).</summary>
    private sealed record Tail(SafeFileHandle Handle, long Written);

    private SignalJournal(string folder, bool fsync, List<(long FirstId, string Path)> segments)
    {
        _folder = folder;
        _fsync = fsync;
        _segments = segments;
        _writer = new BinaryWriter(_buffer);
    }

    /// <summary>The journal folder of a SQLite database file.</summary>
    public static string FolderFor(string databasePath) => Path.GetFullPath(databasePath) + ".signals";

    /// <summary>Opens the journal in <paramref name="folder"/>; the segments already there stay until their records are applied.</summary>
    public static SignalJournal Open(string folder, bool fsync)
    {
        Directory.CreateDirectory(folder);
        return new SignalJournal(folder, fsync, Segments(folder));
    }

    /// <summary>Bytes in the segment being written (for tests and the bench).</summary>
    public long CurrentBytes => _offset;

    /// <summary>Segment files not yet deleted, the one being written included.</summary>
    public int SegmentCount => _segments.Count;

    /// <summary>
    /// Writes the records (at least one, in id order) with one write; durable against a process crash when it returns.
    /// Returns the journal's position after them, for <see cref="FlushThrough"/>.
    /// </summary>
    public long Append(IReadOnlyList<JournalRecord> records)
    {
        _buffer.SetLength(0);
        foreach (var record in records)
        {
            var start = _buffer.Position;
            _writer.Write(0L); // header, filled in below
            Encode(_writer, record);
            _writer.Flush();
            var payload = _buffer.GetBuffer().AsSpan((int)start + HeaderBytes, (int)(_buffer.Position - start - HeaderBytes));
            var header = _buffer.GetBuffer().AsSpan((int)start, HeaderBytes);
            BinaryPrimitives.WriteInt32LittleEndian(header, payload.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32.HashToUInt32(payload));
        }
        if (_current is null || _offset >= SegmentBytes)
        {
            StartSegment(records[0].Id);
        }
        var bytes = _buffer.GetBuffer().AsSpan(0, (int)_buffer.Length);
        RandomAccess.Write(_current!, bytes, _offset);
        // Only now: a failed write is overwritten by the next one, so the file never holds a gap.
        _offset += bytes.Length;
        var tail = new Tail(_current!, (_tail?.Written ?? 0) + bytes.Length);
        Volatile.Write(ref _tail, tail);
        return tail.Written;
    }

    /// <summary>
    /// Under Full durability: returns once everything up to <paramref name="position"/> is fsynced. Called outside the
    /// owner's lock, so senders that wrote meanwhile share one fsync (group commit); a no-op otherwise.
    /// </summary>
    public void FlushThrough(long position)
    {
        if (!_fsync)
        {
            return;
        }
        lock (_flushLock)
        {
            while (Volatile.Read(ref _flushed) < position)
            {
                var tail = Volatile.Read(ref _tail)!;
                try
                {
                    RandomAccess.FlushToDisk(tail.Handle);
                }
                catch (ObjectDisposedException) when (!ReferenceEquals(Volatile.Read(ref _tail), tail) || _current is null)
                {
                    if (_current is null)
                    {
                        throw new ObjectDisposedException(nameof(SignalJournal), "The signal journal was closed before the write was synced.");
                    }
                    // The segment was closed by a rotation, which fsynced it first: look at the new one.
                    continue;
                }
                if (tail.Written > Volatile.Read(ref _flushed))
                {
                    Volatile.Write(ref _flushed, tail.Written);
                }
            }
        }
    }

    /// <summary>Deletes every segment whose records all have ids up to <paramref name="appliedThroughId"/> (never the one being written).</summary>
    public void Trim(long appliedThroughId)
    {
        while (_segments.Count > 1 && _segments[1].FirstId <= appliedThroughId + 1)
        {
            File.Delete(_segments[0].Path);
            _segments.RemoveAt(0);
        }
    }

    /// <summary>After a replay was applied: deletes every segment but the one being written (if any).</summary>
    public void DeleteReplayed()
    {
        var keep = _current is null ? 0 : 1;
        while (_segments.Count > keep)
        {
            File.Delete(_segments[0].Path);
            _segments.RemoveAt(0);
        }
    }

    /// <summary>
    /// Every intact record in the folder's segments with an id above <paramref name="afterId"/>, in id order. Reading stops
    /// at a segment's first torn or corrupt frame: only the last write of a killed process can be torn, and it was not answered.
    /// </summary>
    public static List<JournalRecord> Read(string folder, long afterId, IReadOnlyDictionary<int, SystemRisk> systems)
    {
        var records = new List<JournalRecord>();
        if (!Directory.Exists(folder))
        {
            return records;
        }
        foreach (var (_, path) in Segments(folder))
        {
            byte[] bytes;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
            }
            var offset = 0;
            while (offset + HeaderBytes <= bytes.Length)
            {
                var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
                if (length <= 0 || offset + HeaderBytes + length > bytes.Length)
                {
                    break;
                }
                var payload = bytes.AsSpan(offset + HeaderBytes, length);
                if (Crc32.HashToUInt32(payload) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 4)))
                {
                    break;
                }
                // The id leads the payload: records already applied are skipped without decoding them.
                if (BinaryPrimitives.ReadInt64LittleEndian(payload) > afterId)
                {
                    using var reader = new BinaryReader(new MemoryStream(bytes, offset + HeaderBytes, length, writable: false));
                    records.Add(Decode(reader, records.Count, systems));
                }
                offset += HeaderBytes + length;
            }
        }
        return records;
    }

    private void StartSegment(long firstId)
    {
        if (_current is not null && _fsync)
        {
            RandomAccess.FlushToDisk(_current);
            lock (_flushLock)
            {
                Volatile.Write(ref _flushed, Math.Max(Volatile.Read(ref _flushed), _tail?.Written ?? 0));
            }
        }
        _current?.Dispose();
        var path = Path.Combine(_folder, firstId.ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + Extension);
        _current = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete);
        _offset = 0;
        _segments.Add((firstId, path));
        if (_fsync)
        {
            // The new file's directory entry must survive a power cut too.
            Directories.Sync(_folder);
        }
    }

    private static List<(long FirstId, string Path)> Segments(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*" + Extension)
            .Select(path => (FirstId: long.Parse(Path.GetFileNameWithoutExtension(path), System.Globalization.CultureInfo.InvariantCulture), Path: path))
            .OrderBy(s => s.FirstId)];

    private static void Encode(BinaryWriter w, JournalRecord record)
    {
        var s = record.Signal;
        w.Write(record.Id);
        w.Write(record.JournaledAt.Ticks);
        w.Write(s.Source);
        w.Write(s.IdempotencyKey);
        w.Write(s.KeyHash);
        w.Write(s.System?.Id ?? -1);
        w.Write((int)s.Kind);
        WriteText(w, s.RawKind);
        WriteNumber(w, s.Value);
        WriteNumber(w, s.Threshold);
        w.Write(s.LabelsJson);
        WriteText(w, s.Fingerprint);
        w.Write((int)s.Action);
        WriteText(w, s.Summary);
        w.Write(s.OccurredAt.Ticks);
        w.Write(s.ReceivedAt.Ticks);
    }

    private static JournalRecord Decode(BinaryReader r, int index, IReadOnlyDictionary<int, SystemRisk> systems)
    {
        var id = r.ReadInt64();
        var journaledAt = new DateTime(r.ReadInt64(), DateTimeKind.Utc);
        var source = r.ReadString();
        var key = r.ReadString();
        var keyHash = r.ReadInt64();
        var systemId = r.ReadInt32();
        var kind = (SignalKind)r.ReadInt32();
        var rawKind = ReadText(r);
        var value = ReadNumber(r);
        var threshold = ReadNumber(r);
        var labelsJson = r.ReadString();
        var fingerprint = ReadText(r);
        var action = (SignalAction)r.ReadInt32();
        var summary = ReadText(r);
        var occurredAt = new DateTime(r.ReadInt64(), DateTimeKind.Utc);
        var receivedAt = new DateTime(r.ReadInt64(), DateTimeKind.Utc);
        var signal = new PreparedSignal(index, source, key, keyHash, systems.GetValueOrDefault(systemId), kind, rawKind, value, threshold,
            JsonSerializer.Deserialize<Dictionary<string, string>>(labelsJson) ?? [], labelsJson, fingerprint, action, summary,
            occurredAt, receivedAt, Warning: null);
        return new JournalRecord(id, journaledAt, signal);
    }

    private static void WriteText(BinaryWriter w, string? text)
    {
        w.Write(text is not null);
        if (text is not null)
        {
            w.Write(text);
        }
    }

    private static string? ReadText(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    private static void WriteNumber(BinaryWriter w, double? number)
    {
        w.Write(number.HasValue);
        if (number is { } n)
        {
            w.Write(n);
        }
    }

    private static double? ReadNumber(BinaryReader r) => r.ReadBoolean() ? r.ReadDouble() : null;

    /// <summary>fsync of a directory (.NET opens no directory handles): on Linux and macOS; elsewhere the file system journals it.</summary>
    private static class Directories
    {
        public static void Sync(string path)
        {
            if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            {
                return;
            }
            var fd = Open(path, 0 /* O_RDONLY */);
            if (fd < 0)
            {
                throw new IOException($"Could not open {path} to sync it (errno {Marshal.GetLastPInvokeError()}).");
            }
            try
            {
                if (Fsync(fd) != 0)
                {
                    throw new IOException($"Could not sync {path} (errno {Marshal.GetLastPInvokeError()}).");
                }
            }
            finally
            {
                _ = Close(fd);
            }
        }

        // DllImport, not LibraryImport: the generated marshalling would need unsafe code for three plain calls.
#pragma warning disable SYSLIB1054
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        private static extern int Fsync(int fd);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        private static extern int Close(int fd);
#pragma warning restore SYSLIB1054
    }

    public void Dispose()
    {
        _current?.Dispose();
        _current = null;
        _writer.Dispose();
    }
}
