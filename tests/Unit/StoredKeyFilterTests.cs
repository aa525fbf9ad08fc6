using CommandCenter.Core.Detection;

namespace CommandCenter.Tests.Unit;

/// <summary>The Bloom filter that lets senders skip the database lookup for keys that cannot be stored yet.</summary>
public sealed class StoredKeyFilterTests
{
    private static long[] Keys(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => random.NextInt64(long.MinValue, long.MaxValue))];
    }

    [Fact]
    public void EveryAddedKeyMayBeContained()
    {
        var filter = StoredKeyFilter.For(0);
        var keys = Keys(200_000, seed: 1);
        foreach (var key in keys)
        {
            filter.Add(key);
        }

        Assert.All(keys, key => Assert.True(filter.MayContain(key)));
    }

    [Fact]
    public void AtCapacityAboutOnePercentOfNewKeysAreFalsePositives()
    {
        var filter = StoredKeyFilter.For(0);
        foreach (var key in Keys((int)filter.Capacity, seed: 2))
        {
            filter.Add(key);
        }

        var falsePositives = Keys(100_000, seed: 3).Count(filter.MayContain);

        Assert.InRange(falsePositives, 1, 2_000);
        Assert.False(filter.IsFull);
        filter.Add(42);
        Assert.True(filter.IsFull);
    }

    [Fact]
    public void AnEmptyFilterContainsNothingAndIsSizedForTwiceWhatIsStored()
    {
        Assert.False(StoredKeyFilter.For(0).MayContain(12345));
        Assert.Equal(1 << 20, StoredKeyFilter.For(10).Capacity);
        Assert.Equal(6_000_000, StoredKeyFilter.For(3_000_000).Capacity);
    }
}
