using Cilium.Flow;
using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;

namespace NetObs.History.Tests.Storage;

public sealed class OriginalBlockCodecTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public void A_block_decoded_through_any_row_returns_those_rows_byte_for_byte()
    {
        var flows = ScenarioFlows.All.Take(OriginalBlockCodec.FlowsPerBlock).ToList();
        var block = OriginalBlockCodec.Encode(flows, 0, flows.Count);

        foreach (var rowsNeeded in new[] { 1, 2, 17, flows.Count - 1, flows.Count, int.MaxValue })
        {
            var decoded = OriginalBlockCodec.Decode(block, rowsNeeded);
            Assert.Equal(flows.Count, decoded.Count);
            Assert.InRange(decoded.Available, Math.Min(rowsNeeded, flows.Count), flows.Count);
            for (var row = 0; row < decoded.Available; row++)
            {
                Assert.Equal(flows[row].Original.ToArray(), decoded.Copy(row));
            }
        }
    }

    [Fact]
    public void Blocks_written_at_the_earlier_quality_still_decode()
    {
        // Files written before the default became quality 1 hold quality 4 blocks; one decoder reads both.
        var flows = ScenarioFlows.All.Take(OriginalBlockCodec.FlowsPerBlock).ToList();
        var earlier = OriginalBlockCodec.Encode(flows, 0, flows.Count, quality: 4);
        var current = OriginalBlockCodec.Encode(flows, 0, flows.Count);

        Assert.NotEqual(earlier, current);
        foreach (var block in new[] { earlier, current })
        {
            var decoded = OriginalBlockCodec.Decode(block);
            Assert.Equal(flows.Select(f => f.Original.ToArray()), Enumerable.Range(0, decoded.Count).Select(decoded.Copy));
        }
    }

    [Fact]
    public void Messages_larger_than_a_decode_step_are_decoded_whole()
    {
        // Incompressible messages of 40 KB each: the first row alone spans several steps of the partial decode.
        var random = new Random(7);
        var flows = Enumerable.Range(0, 5).Select(i =>
        {
            var bytes = new byte[40_000 + i];
            random.NextBytes(bytes);
            return new StoredFlow("c", "n", i, new Flow(), bytes);
        }).ToList();
        var block = OriginalBlockCodec.Encode(flows, 0, flows.Count);

        var first = OriginalBlockCodec.Decode(block, 1);
        Assert.Equal(flows[0].Original.ToArray(), first.Copy(0));
        Assert.True(first.Available < flows.Count, "a one-row decode stops before the end of a 200 KB block");
        Assert.Throws<InvalidOperationException>(() => first.Copy(flows.Count - 1));

        var whole = OriginalBlockCodec.Decode(block);
        Assert.Equal(flows.Count, whole.Available);
        Assert.Equal(flows[^1].Original.ToArray(), whole.Copy(flows.Count - 1));
    }

    [Fact]
    public void A_truncated_block_is_reported_as_damaged()
    {
        var flows = ScenarioFlows.All.Take(OriginalBlockCodec.FlowsPerBlock).ToList();
        var block = OriginalBlockCodec.Encode(flows, 0, flows.Count);

        Assert.Throws<InvalidDataException>(() => OriginalBlockCodec.Decode(block.AsSpan(0, block.Length / 2)));
    }

    [Fact]
    public async Task Selective_reads_that_take_rows_from_inside_blocks_return_the_stored_bytes_in_either_order()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        var flows = ScenarioFlows.All;
        await temp.Store.AppendAsync(flows, None);
        var filter = new FlowFilter { Verdict = { Verdict.Dropped } };
        var expected = flows.Where(f => f.Flow.Verdict == Verdict.Dropped).ToList();
        Assert.InRange(expected.Count, 2, flows.Count / 2);
        Assert.Equal(expected.Count, expected.Select(f => f.TimeNs).Distinct().Count()); // so newest-first order is one order

        // Newest first with a limit reads the blocks' heads only; oldest first continues the same blocks on later pages.
        var newest = await DuckDbFlowStoreTests.ReadAllAsync(temp.Store, new FlowReadRequest { Allow = [filter], Limit = 50, Order = FlowReadOrder.NewestFirst });
        var oldest = await DuckDbFlowStoreTests.ReadAllAsync(temp.Store, new FlowReadRequest { Allow = [filter] });
        var all = await DuckDbFlowStoreTests.ReadAllAsync(temp.Store, new FlowReadRequest());

        var byTime = expected.OrderByDescending(f => f.TimeNs).Take(50).ToList();
        Assert.Equal(byTime.Select(f => f.TimeNs), newest.Select(f => f.TimeNs));
        Assert.All(newest.Zip(byTime), pair => Assert.Equal(pair.Second.Original.ToArray(), pair.First.Original.ToArray()));
        Assert.Equal(expected.Select(f => f.Original.ToArray()), oldest.Select(f => f.Original.ToArray()));
        Assert.Equal(flows.Select(f => f.Original.ToArray()), all.Select(f => f.Original.ToArray()));
    }
}
