using System.Buffers;
using Cilium.Flow;
using Cilium.Observer;
using Cilium.Relay;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using NetObs.History.Following;
using NetObs.History.Tests.Storage;

namespace NetObs.History.Tests.Following;

public sealed class RelayResponseReaderTests
{
    [Fact]
    public void The_kept_bytes_of_every_scenario_flow_equal_the_flows_serialisation()
    {
        foreach (var stored in ScenarioFlows.All.Take(500))
        {
            var payload = new GetFlowsResponse { Flow = stored.Flow, NodeName = stored.Node, Time = stored.Flow.Time }.ToByteArray();

            var read = RelayResponseReader.Read(payload);

            Assert.Null(read.Problem);
            Assert.Equal(stored.Flow, read.Response!.Flow);
            Assert.Equal(stored.Original.ToArray(), read.FlowBytes.ToArray());
        }
    }

    [Fact]
    public void The_kept_bytes_are_the_relays_even_where_a_serialisation_would_differ()
    {
        // A field the generated code does not know (number 9999) survives only in the bytes the relay sent.
        var flow = new Flow { NodeName = "node-a", Uuid = "u-1" }.ToByteArray();
        var unknown = new byte[] { 0xF8, 0xF0, 0x04, 0x07 };
        var sent = flow.Concat(unknown).ToArray();
        var payload = Concat(Field(1, sent), Field(1000, "node-a"u8.ToArray()));

        var read = RelayResponseReader.Read(payload);

        Assert.Equal(sent, read.FlowBytes.ToArray());
        Assert.Equal("u-1", read.Response!.Flow.Uuid);
    }

    [Fact]
    public void A_flow_sent_in_two_parts_is_kept_as_its_merged_serialisation()
    {
        // Protobuf merges repeated occurrences of a message field, so neither part alone is the flow.
        var payload = Concat(Field(1, new Flow { Uuid = "u-2" }.ToByteArray()), Field(1, new Flow { NodeName = "node-b" }.ToByteArray()));

        var read = RelayResponseReader.Read(payload);

        var merged = new Flow { Uuid = "u-2", NodeName = "node-b" };
        Assert.Equal(merged, read.Response!.Flow);
        Assert.Equal(merged.ToByteArray(), read.FlowBytes.ToArray());
    }

    [Fact]
    public void Responses_other_than_flows_keep_no_bytes()
    {
        var payload = new GetFlowsResponse { NodeStatus = new NodeStatusEvent { StateChange = NodeState.NodeConnected, NodeNames = { "node-a" } }, Time = new Timestamp { Seconds = 5 } }.ToByteArray();

        var read = RelayResponseReader.Read(payload);

        Assert.Equal(GetFlowsResponse.ResponseTypesOneofCase.NodeStatus, read.Response!.ResponseTypesCase);
        Assert.True(read.FlowBytes.IsEmpty);
    }

    [Fact]
    public void A_node_status_after_a_flow_replaces_it_as_the_oneof_says()
    {
        var payload = Concat(Field(1, new Flow { Uuid = "u-3" }.ToByteArray()),
            Field(2, new NodeStatusEvent { StateChange = NodeState.NodeConnected }.ToByteArray()));

        var read = RelayResponseReader.Read(payload);

        Assert.Equal(GetFlowsResponse.ResponseTypesOneofCase.NodeStatus, read.Response!.ResponseTypesCase);
        Assert.True(read.FlowBytes.IsEmpty);
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0x10, 0x01 })]
    [InlineData(new byte[] { 0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0x0F })]
    public void A_malformed_response_is_a_problem_that_names_its_size_and_first_bytes(byte[] payload)
    {
        var read = RelayResponseReader.Read(payload);

        Assert.Null(read.Response);
        Assert.True(read.FlowBytes.IsEmpty);
        Assert.Contains($"a GetFlows response of {payload.Length} bytes that is not a valid message", read.Problem, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexString(payload.AsSpan(0, Math.Min(8, payload.Length))).ToLowerInvariant(), read.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", read.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_marshaller_reads_the_bytes_a_call_delivers()
    {
        var flow = ScenarioFlows.All[0].Flow;
        var payload = new GetFlowsResponse { Flow = flow, NodeName = flow.NodeName }.ToByteArray();

        var read = RelayResponseReader.Marshaller.ContextualDeserializer(new Delivered(payload));

        Assert.Equal(flow.ToByteArray(), read.FlowBytes.ToArray());
    }

    [Fact]
    public void The_marshaller_keeps_the_flow_when_grpc_reuses_its_buffers_and_the_message_came_in_two_segments()
    {
        var flow = ScenarioFlows.All[1].Flow;
        var payload = new GetFlowsResponse { Flow = flow, NodeName = flow.NodeName }.ToByteArray();
        var delivered = new Delivered(payload, splitAt: payload.Length / 2);

        var read = RelayResponseReader.Marshaller.ContextualDeserializer(delivered);
        delivered.Reuse();

        Assert.Equal(flow.ToByteArray(), read.FlowBytes.ToArray());
        Assert.Equal(flow, read.Response!.Flow);
    }

    [Fact]
    public void Flows_with_the_same_node_share_one_node_name_string()
    {
        var payloads = ScenarioFlows.All.Where(f => f.Node.Length > 0).GroupBy(f => f.Node).First().Take(2)
            .Select(f => new GetFlowsResponse { Flow = f.Flow }.ToByteArray()).ToList();

        var first = RelayResponseReader.Read(payloads[0]).Flow!;
        var second = RelayResponseReader.Read(payloads[1]).Flow!;

        Assert.Equal(first.Node, second.Node);
        Assert.Same(first.Node, second.Node);
    }

    private static byte[] Field(int number, byte[] value)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(number, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(value));
        output.Flush();
        return stream.ToArray();
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>A message as grpc-dotnet hands it to a marshaller: in its receive buffers, which it reuses afterwards.</summary>
    private sealed class Delivered(byte[] payload, int splitAt = 0) : Grpc.Core.DeserializationContext
    {
        private readonly byte[] _head = payload[..splitAt];
        private readonly byte[] _tail = payload[splitAt..];

        public override int PayloadLength => payload.Length;

        public override byte[] PayloadAsNewBuffer() => (byte[])payload.Clone();

        public override ReadOnlySequence<byte> PayloadAsReadOnlySequence()
        {
            if (_head.Length == 0)
            {
                return new ReadOnlySequence<byte>(_tail);
            }

            var first = new Segment(_head, 0);
            var last = first.Append(_tail);
            return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        }

        /// <summary>Overwrites the buffers as the next message would.</summary>
        public void Reuse()
        {
            _head.AsSpan().Fill(0xEE);
            _tail.AsSpan().Fill(0xEE);
        }

        private sealed class Segment : ReadOnlySequenceSegment<byte>
        {
            public Segment(byte[] bytes, long runningIndex)
            {
                Memory = bytes;
                RunningIndex = runningIndex;
            }

            public Segment Append(byte[] bytes)
            {
                var next = new Segment(bytes, RunningIndex + Memory.Length);
                Next = next;
                return next;
            }
        }
    }
}
