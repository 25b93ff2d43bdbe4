using NetObs.History.Following;

namespace NetObs.History.Tests.Following;

public sealed class NodeWatermarkTests
{
    [Fact]
    public void Flows_at_the_newest_time_are_recognised_by_their_bytes_and_older_ones_by_time()
    {
        var watermark = new NodeWatermark(100, [new byte[] { 1, 2, 3 }]);
        watermark.Advance(100, new byte[] { 4, 5 });

        Assert.Equal(2, watermark.FlowsAtNewest);
        Assert.True(watermark.AlreadyHas(99, [9]));
        Assert.True(watermark.AlreadyHas(100, [1, 2, 3]));
        Assert.True(watermark.AlreadyHas(100, [4, 5]));
        Assert.False(watermark.AlreadyHas(100, [1, 2]));
        Assert.False(watermark.AlreadyHas(101, [1, 2, 3]));

        watermark.Advance(101, new byte[] { 7 });
        Assert.Equal(1, watermark.FlowsAtNewest);
        Assert.True(watermark.AlreadyHas(100, [4, 5]));
        Assert.False(watermark.AlreadyHas(101, [1, 2, 3]));
        Assert.True(watermark.AlreadyHas(101, [7]));
    }

    [Fact]
    public void The_watermark_keeps_its_own_copy_so_the_memory_a_flow_arrived_in_can_be_reused()
    {
        // A flow read off the wire lives in a receive slab that later messages overwrite or that the GC frees.
        var slab = new byte[] { 10, 11, 12, 13, 14, 15 };
        var watermark = new NodeWatermark(0, []);
        watermark.Advance(200, slab.AsMemory(1, 3));

        slab.AsSpan().Fill(0);

        Assert.True(watermark.AlreadyHas(200, [11, 12, 13]));
        Assert.False(watermark.AlreadyHas(200, [0, 0, 0]));
    }

    [Fact]
    public void A_larger_flow_after_a_smaller_one_at_a_new_time_is_kept_whole()
    {
        var watermark = new NodeWatermark(0, []);
        watermark.Advance(1, new byte[] { 1 });
        watermark.Advance(2, new byte[] { 2, 3, 4, 5 });

        Assert.True(watermark.AlreadyHas(2, [2, 3, 4, 5]));
        Assert.False(watermark.AlreadyHas(2, [2]));
        Assert.False(watermark.AlreadyHas(2, [1]));
    }
}
