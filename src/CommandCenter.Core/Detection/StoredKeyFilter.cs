using System.Numerics;

namespace CommandCenter.Core.Detection;

/// <summary>
/// Which signal key hashes may already be in the signal table: a Bloom filter over <see cref="Signal.KeyHash"/>. "No" is
/// certain, so a sender's new signals skip the database lookup; "maybe" (a replay, or about 1 % of new keys at capacity) is
/// confirmed against the table. About 1.25 bytes per stored signal; when it holds more than it was sized for, the loop
/// builds a larger one from the table (<see cref="IsFull"/>). Not thread-safe: its owner locks.
/// </summary>
internal sealed class StoredKeyFilter
{
    private const int BitsPerKey = 10;
    private const int Probes = 7;

    private readonly ulong[] _words;
    private readonly ulong _mask;

    private StoredKeyFilter(long capacity)
    {
        Capacity = capacity;
        var bits = BitOperations.RoundUpToPowerOf2((ulong)Math.Max(capacity * BitsPerKey, 1 << 16));
        _words = new ulong[bits / 64];
        _mask = bits - 1;
    }

    /// <summary>Sized for twice <paramref name="stored"/> keys (at least a million), so it fills slowly.</summary>
    public static StoredKeyFilter For(long stored) => new(Math.Max(2 * stored, 1 << 20));

    public long Capacity { get; }

    public long Count { get; private set; }

    /// <summary>More keys than it was sized for: false positives climb past ~1 %, time for a larger one.</summary>
    public bool IsFull => Count > Capacity;

    public void Add(long keyHash)
    {
        var (h1, h2) = Split(keyHash);
        for (ulong i = 0; i < Probes; i++)
        {
            var bit = (h1 + (i * h2)) & _mask;
            _words[bit >> 6] |= 1UL << (int)(bit & 63);
        }
        Count++;
    }

    public bool MayContain(long keyHash)
    {
        var (h1, h2) = Split(keyHash);
        for (ulong i = 0; i < Probes; i++)
        {
            var bit = (h1 + (i * h2)) & _mask;
            if ((_words[bit >> 6] & (1UL << (int)(bit & 63))) == 0)
            {
                return false;
            }
        }
        return true;
    }

    // The key hash is already 64 uniform bits (SHA-256): its halves give the two hashes of double hashing.
    private static (ulong H1, ulong H2) Split(long keyHash) => ((uint)keyHash, ((ulong)keyHash >> 32) | 1);
}
