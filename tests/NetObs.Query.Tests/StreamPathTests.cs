using NetObs.Query.Model;
using NetObs.Query.Streaming;

namespace NetObs.Query.Tests;

public sealed class StreamPathTests
{
    [Theory]
    [InlineData("", "flows/6c62272e07bb014262b821756295c58d")]
    [InlineData("a", "flows/d228cb696f1a8caf78912b704e4a8964")]
    [InlineData("foobar", "flows/343e1662793c64bf6f0d3597ba446f18")]
    public void Stream_path_is_the_128_bit_fnv_1a_of_the_filter_utf8_in_hex(string filter, string path)
    {
        // Expected values: FNV-1a 128 test vectors (offset basis for "", and the published hashes of "a" and "foobar").
        Assert.Equal(path, LiveChannelPath.Of(filter));
    }

    [Fact]
    public void Different_filters_get_different_channels_and_the_same_filter_the_same_one()
    {
        Assert.NotEqual(LiveChannelPath.Of("--namespace pets"), LiveChannelPath.Of("--namespace shop"));
        Assert.Equal(LiveChannelPath.Of("--verdict DROPPED"), LiveChannelPath.Of("--verdict DROPPED"));

        // UTF-8, not UTF-16 code units: a non-ASCII name hashes its encoded bytes.
        Assert.NotEqual(LiveChannelPath.Of("--pod é"), LiveChannelPath.Of("--pod \u00e9\u0000"));
    }

    [Fact]
    public void Realistic_namespace_and_pod_filters_do_not_collide()
    {
        // The frontend's former 32-bit paths collided within 235,778 such names; 128 bits do not within far more.
        var paths = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 300_000; i++)
        {
            Assert.True(paths.Add(LiveChannelPath.Of($"--namespace ns-{i % 997} --pod app-{i}")), $"collision at {i}");
        }
    }

    private static CompiledFilter Filter(string text) => CompiledFilter.Everything with { Text = text, Canonical = text };

    [Fact]
    public void Registry_finds_the_filter_of_a_registered_path_and_nothing_for_others()
    {
        var registry = new LiveChannelRegistry(8);
        var shop = Filter("--namespace shop");

        var path = registry.Register(shop);

        Assert.Equal(LiveChannelPath.Of("--namespace shop"), path);
        Assert.Same(shop, registry.Find(path!));
        Assert.Null(registry.Find(LiveChannelPath.Of("--namespace pets")));
        Assert.Null(registry.Find("flows/abc"));
    }

    [Fact]
    public void Registry_refuses_a_second_filter_on_a_colliding_path_and_keeps_the_first()
    {
        var registry = new LiveChannelRegistry(8, _ => "flows/same");
        var shop = Filter("--namespace shop");

        Assert.Equal("flows/same", registry.Register(shop));
        Assert.Null(registry.Register(Filter("--namespace pets")));
        Assert.Equal("flows/same", registry.Register(Filter("--namespace shop")));
        Assert.Same(shop, registry.Find("flows/same"));
    }

    [Fact]
    public void Registry_is_bounded_and_forgets_the_least_recently_used_path_first()
    {
        var registry = new LiveChannelRegistry(2);
        var a = registry.Register(Filter("--namespace a"))!;
        var b = registry.Register(Filter("--namespace b"))!;
        registry.Register(Filter("--namespace a"));
        var c = registry.Register(Filter("--namespace c"))!;

        Assert.Equal(2, registry.Count);
        Assert.NotNull(registry.Find(a));
        Assert.Null(registry.Find(b));
        Assert.NotNull(registry.Find(c));
    }
}
