using System.Text;
using NetObs.History.Following;

namespace NetObs.History.Tests.Following;

public sealed class Utf8NameCacheTests
{
    [Fact]
    public void The_same_bytes_give_the_same_string_instance()
    {
        var cache = new Utf8NameCache();

        var first = cache.Get("kind-worker-2"u8.ToArray());
        var second = cache.Get("kind-worker-2"u8.ToArray());

        Assert.Equal("kind-worker-2", first);
        Assert.Same(first, second);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void The_cache_stays_bounded_and_every_name_still_decodes_right()
    {
        var cache = new Utf8NameCache();

        for (var i = 0; i < 5 * Utf8NameCache.Slots; i++)
        {
            var name = $"node-{i}-é";
            Assert.Equal(name, cache.Get(Encoding.UTF8.GetBytes(name)));
        }

        Assert.InRange(cache.Count, Utf8NameCache.Slots / 2, Utf8NameCache.Slots);
    }

    [Fact]
    public void Names_too_long_to_cache_are_decoded_and_not_kept()
    {
        var cache = new Utf8NameCache();
        var name = new string('n', Utf8NameCache.MaxNameBytes + 1);

        Assert.Equal(name, cache.Get(Encoding.UTF8.GetBytes(name)));
        Assert.Equal(0, cache.Count);
        Assert.Equal(string.Empty, cache.Get([]));
    }
}
