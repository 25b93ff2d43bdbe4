using Cilium.Flow;
using NetObs.History.Following;
using NetObs.History.Storage;

namespace NetObs.History.Tests.Following;

public sealed class IngestQueueTests
{
    [Fact]
    public async Task A_full_queue_drops_the_oldest_flows_into_a_gap_with_their_range_and_count()
    {
        var queue = new IngestQueue(capacity: 10_000);

        for (var i = 0; i < 12_000; i++)
        {
            queue.Add(Flow("node-a", 1_000 + i));
        }

        Assert.Equal(8192, queue.Dropped);
        Assert.True(queue.Queued <= 10_000);
        var (gaps, flows) = (await queue.TakeAsync(CancellationToken.None))!.Value;
        var gap = Assert.Single(gaps);
        Assert.Equal(FlowGapReason.DroppedWrites, gap.Reason);
        Assert.Equal(("prod", "node-a", 1_000L, 1_000L + 8191, 8192L), (gap.Cluster, gap.Node, gap.FromNs, gap.UntilNs, gap.Count));

        // What is handed to the writer starts right after the dropped range: nothing else is lost.
        Assert.Equal(1_000 + 8192, flows[0].TimeNs);
    }

    [Fact]
    public async Task Large_flows_are_bounded_by_their_bytes_before_their_count()
    {
        // 20,000 flows of 10 KB: far below the flow bound, but 200 MB against a bound of 100 MB.
        var queue = new IngestQueue(capacity: 1_000_000, maxBytes: 100_000_000);
        for (var i = 0; i < 20_000; i++)
        {
            queue.Add(new StoredFlow("prod", "node-a", i, new byte[10_000]));
        }

        Assert.True(queue.QueuedBytes <= 100_000_000, $"{queue.QueuedBytes} bytes queued");
        Assert.Equal(20_000 - queue.Queued, queue.Dropped);
        Assert.True(queue.Dropped >= 10_000, $"{queue.Dropped} dropped");
        var (gaps, flows) = (await queue.TakeAsync(CancellationToken.None))!.Value;
        Assert.Equal(queue.Dropped, gaps.Sum(g => g.Count));
        Assert.Equal(queue.Dropped, flows[0].TimeNs);
    }

    [Fact]
    public async Task A_backlog_is_taken_as_one_batch_of_whole_chunks_up_to_the_bound()
    {
        var queue = new IngestQueue(capacity: 100_000, maxBatch: 3 * 8192);
        for (var i = 0; i < 5 * 8192; i++)
        {
            queue.Add(Flow("node-a", i));
        }

        var first = (await queue.TakeAsync(CancellationToken.None))!.Value.Flows;
        var second = (await queue.TakeAsync(CancellationToken.None))!.Value.Flows;

        Assert.Equal(3 * 8192, first.Count);
        Assert.Equal(2 * 8192, second.Count);
        Assert.Equal(Enumerable.Range(0, 5 * 8192).Select(i => (long)i), first.Concat(second).Select(f => f.TimeNs));
        Assert.Equal(0, queue.Queued);
    }

    [Fact]
    public async Task A_completed_queue_hands_out_what_is_left_then_ends()
    {
        var queue = new IngestQueue(capacity: 1_000);
        queue.Add(Flow("n", 1));
        queue.Complete();

        var first = await queue.TakeAsync(CancellationToken.None);
        var end = await queue.TakeAsync(CancellationToken.None);

        Assert.Single(first!.Value.Flows);
        Assert.Null(end);
    }

    [Fact]
    public async Task A_waiting_writer_is_woken_by_the_next_flow()
    {
        var queue = new IngestQueue(capacity: 1_000);
        var take = queue.TakeAsync(CancellationToken.None);
        Assert.False(take.IsCompleted);

        queue.Add(Flow("n", 5));

        var taken = await take.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(5, Assert.Single(taken!.Value.Flows).TimeNs);
    }

    internal static StoredFlow Flow(string node, long timeNs, string cluster = "prod")
    {
        var flow = new Flow { NodeName = node, Uuid = $"{node}-{timeNs}", Time = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddTicks(timeNs / 100)) };
        return new StoredFlow(cluster, node, timeNs, flow, Google.Protobuf.MessageExtensions.ToByteArray(flow));
    }
}
