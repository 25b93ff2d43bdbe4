using Cilium.Flow;
using Google.Protobuf.WellKnownTypes;
using NetObs.Simulator.Buffer;
using NetObs.Simulator.Observer;

namespace NetObs.Simulator.Tests;

public sealed class NodeFlowReaderTests
{
    [Fact]
    public void Ring_buffer_keeps_only_the_newest_capacity_events()
    {
        var ring = new FlowRingBuffer(7);
        for (var i = 0; i < 20; i++)
        {
            ring.WriteFlow(i, new Flow { Uuid = $"f{i}" });
        }

        Assert.Equal(7, ring.Count);
        Assert.Equal(13, ring.Oldest);
        Assert.Null(ring.Read(12));
        Assert.Equal("f13", ring.Read(13)!.Flow!.Uuid);
        Assert.Equal("f19", ring.Read(19)!.Flow!.Uuid);
        Assert.Null(ring.Read(20));
    }

    [Fact]
    public void A_lapped_follower_gets_a_hubble_ring_buffer_lost_event()
    {
        var node = new SimulatedNodeBuffer(0, "n", "n", "10.224.0.4:4244", 7);
        var reader = new NodeFlowReader(node, new FlowQuery(_ => true, 0, false, true, null, null));
        for (var i = 0; i < 30; i++)
        {
            node.Ring.WriteFlow(i, new Flow { Uuid = $"f{i}", Time = new Timestamp { Nanos = i } });
        }

        var items = new List<ReadItem>();
        reader.ReadAvailable(items, 1_000);

        var lost = Assert.IsType<LostEvent>(items[0].ReaderLost);
        Assert.Equal(LostEventSource.HubbleRingBuffer, lost.Source);
        Assert.Equal(23ul, lost.NumEventsLost);
        Assert.Equal(Enumerable.Range(23, 7).Select(i => $"f{i}"), items.Skip(1).Select(i => i.Event!.Flow!.Uuid));
    }

    [Fact]
    public void Stored_lost_events_bypass_filters_and_do_not_count_towards_number()
    {
        var node = new SimulatedNodeBuffer(0, "n", "n", "10.224.0.4:4244", 63);
        for (var i = 0; i < 10; i++)
        {
            node.Ring.WriteFlow(i, new Flow { Uuid = $"f{i}", Verdict = i % 2 == 0 ? Verdict.Dropped : Verdict.Forwarded });
            if (i == 6)
            {
                node.Ring.WriteLost(i, new LostEvent { Source = LostEventSource.PerfEventRingBuffer, NumEventsLost = 4 });
            }
        }

        var reader = new NodeFlowReader(node, new FlowQuery(f => f.Verdict == Verdict.Dropped, 2, false, false, null, null));
        var items = new List<ReadItem>();
        reader.ReadAvailable(items, 0);

        Assert.Equal(["f6", null, "f8"], items.Select(i => i.Event!.Flow?.Uuid));
        Assert.Equal(LostEventSource.PerfEventRingBuffer, items[1].Event!.Lost!.Source);
        Assert.True(reader.Done);
    }

    [Fact]
    public void Follow_without_number_or_since_starts_at_the_live_edge()
    {
        var node = new SimulatedNodeBuffer(0, "n", "n", "10.224.0.4:4244", 15);
        node.Ring.WriteFlow(1, new Flow { Uuid = "old" });
        var reader = new NodeFlowReader(node, new FlowQuery(_ => true, 0, false, true, null, null));
        node.Ring.WriteFlow(2, new Flow { Uuid = "new" });

        var items = new List<ReadItem>();
        reader.ReadAvailable(items, 0);

        Assert.Equal(["new"], items.Select(i => i.Event!.Flow!.Uuid));
        Assert.False(reader.Done);
    }
}
