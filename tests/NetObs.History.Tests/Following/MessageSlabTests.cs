using System.Buffers;
using System.Runtime.InteropServices;
using Cilium.Flow;
using Cilium.Observer;
using Google.Protobuf;
using NetObs.History.Following;
using NetObs.History.Tests.Storage;

namespace NetObs.History.Tests.Following;

public sealed class MessageSlabTests
{
    [Fact]
    public void Flows_read_into_a_slab_stay_byte_for_byte_intact_after_more_messages_are_read()
    {
        var sent = ScenarioFlows.All.Take(2_000).Select(f => new GetFlowsResponse { Flow = f.Flow, NodeName = f.Node }.ToByteArray()).ToList();
        Assert.True(sent.Sum(p => p.Length) > 2 * MessageSlab.SlabBytes, "the flows must fill more than two slabs");

        var read = sent.Select(p => RelayResponseReader.Read(new ReadOnlySequence<byte>(p))).ToList();

        for (var i = 0; i < sent.Count; i++)
        {
            Assert.Equal(RelayResponseReader.FindFlow(sent[i])!.Value.ToArray(), read[i].FlowBytes.ToArray());
        }

        var arrays = read.Select(r => ArrayOf(r.FlowBytes)).ToList();
        Assert.All(arrays, a => Assert.Equal(MessageSlab.SlabBytes, a.Length));
        var slabs = arrays.Distinct().Count();
        Assert.InRange(slabs, 3, sent.Count / 10);
    }

    [Fact]
    public void A_message_larger_than_a_slab_gets_an_array_of_its_own_and_the_next_goes_to_a_slab()
    {
        var large = new GetFlowsResponse { Flow = new Flow { NodeName = "node-a", Uuid = new string('u', MessageSlab.SlabBytes + 10) } }.ToByteArray();
        var small = new GetFlowsResponse { Flow = ScenarioFlows.All[0].Flow }.ToByteArray();

        var readLarge = RelayResponseReader.Read(new ReadOnlySequence<byte>(large));
        var readSmall = RelayResponseReader.Read(new ReadOnlySequence<byte>(small));

        Assert.Equal(large.Length, ArrayOf(readLarge.FlowBytes).Length);
        Assert.Equal(RelayResponseReader.FindFlow(large)!.Value.ToArray(), readLarge.FlowBytes.ToArray());
        Assert.Equal("node-a", readLarge.Flow!.Node);
        Assert.Equal(MessageSlab.SlabBytes, ArrayOf(readSmall.FlowBytes).Length);
        Assert.Equal(ScenarioFlows.All[0].Flow, readSmall.Response!.Flow);
    }

    [Fact]
    public void Readers_on_several_threads_do_not_share_slab_bytes()
    {
        var sent = ScenarioFlows.All.Take(400).Select(f => new GetFlowsResponse { Flow = f.Flow }.ToByteArray()).ToList();

        var read = sent.AsParallel().WithDegreeOfParallelism(4).Select(p => (Sent: p, Read: RelayResponseReader.Read(new ReadOnlySequence<byte>(p)))).ToList();

        Assert.All(read, r => Assert.Equal(RelayResponseReader.FindFlow(r.Sent)!.Value.ToArray(), r.Read.FlowBytes.ToArray()));
    }

    private static byte[] ArrayOf(ReadOnlyMemory<byte> bytes)
    {
        Assert.True(MemoryMarshal.TryGetArray(bytes, out var segment));
        return segment.Array!;
    }
}
