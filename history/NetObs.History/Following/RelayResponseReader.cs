using System.Buffers;
using Cilium.Observer;
using Google.Protobuf;
using Grpc.Core;
using NetObs.History.Storage.Wire;

namespace NetObs.History.Following;

/// <summary>
/// Reads GetFlows responses off the wire keeping the flow's own bytes, so that the store keeps the original the relay
/// sent, byte for byte, without serialising the parsed flow again (which cost about as much as parsing it).
/// </summary>
/// <remarks>
/// GetFlowsResponse holds the flow as field 1, length-delimited, in its <c>response_types</c> oneof (observer.proto in
/// cilium/cilium api/v1/observer; Protos/observer/observer.proto here). Protobuf merges repeated occurrences of an
/// embedded message field, and a later member of a oneof replaces an earlier one (protobuf.dev "Encoding", "Last One
/// Wins"), so the captured bytes are the flow only when field 1 occurs exactly once and the oneof ends on it; otherwise
/// the parsed flow is serialised as before.
/// </remarks>
public static class RelayResponseReader
{
    private const int FlowField = GetFlowsResponse.FlowFieldNumber;

    // Static because the marshaller is: one gRPC marshaller object serves every follower.
    private static readonly Utf8NameCache NodeNames = new();

    /// <summary>GetFlows responses as <see cref="RelayResponse"/>: a malformed message becomes one with a problem, not a failed call.</summary>
    public static Marshaller<RelayResponse> Marshaller { get; } = new(
        (RelayResponse _, SerializationContext _) => throw new NotSupportedException("The history server only reads GetFlows responses."),
        (DeserializationContext context) => Read(context.PayloadAsReadOnlySequence()));

    /// <summary>
    /// Reads one serialized GetFlowsResponse as it lies in gRPC's receive buffers, which gRPC reuses: the message is
    /// copied into a shared slab (<see cref="MessageSlab"/>) that the flow's bytes then point into. Never throws for
    /// malformed input.
    /// </summary>
    public static RelayResponse Read(in ReadOnlySequence<byte> payload) => Read(MessageSlab.Copy(payload));

    /// <summary>Reads one serialized GetFlowsResponse that the caller will not change; never throws for malformed input.</summary>
    public static RelayResponse Read(byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return Read(new ReadOnlyMemory<byte>(payload));
    }

    private static RelayResponse Read(ReadOnlyMemory<byte> payload)
    {
        if (TryReadFlow(payload) is { } flow)
        {
            return flow;
        }

        GetFlowsResponse response;
        try
        {
            response = GetFlowsResponse.Parser.ParseFrom(payload.Span);
        }
        catch (InvalidProtocolBufferException)
        {
            return new RelayResponse(null, ReadOnlyMemory<byte>.Empty,
                $"a GetFlows response of {payload.Length} bytes that is not a valid message (it starts {Excerpt(payload.Span)})");
        }

        if (response.ResponseTypesCase != GetFlowsResponse.ResponseTypesOneofCase.Flow)
        {
            return new RelayResponse(response, ReadOnlyMemory<byte>.Empty);
        }

        return new RelayResponse(response, FindFlow(payload) ?? response.Flow.ToByteArray());
    }

    /// <summary>
    /// A response that is a flow, read without parsing it: the flow field occurs once, beside at most the response's
    /// <c>node_name</c> and <c>time</c>, and the flow's bytes are a message Google.Protobuf would read (checked field by
    /// field, <see cref="WireSchema"/>). Anything else (another member of the oneof, unknown fields, bytes the check is
    /// unsure of) is null, and the response is parsed as before.
    /// </summary>
    private static RelayResponse? TryReadFlow(ReadOnlyMemory<byte> payload)
    {
        var bytes = payload.Span;
        var reader = new WireReader(bytes, 0);
        var flow = default(Utf8Slice?);
        var responseNode = default(Utf8Slice);
        var responseTime = default(FlowWireReader.TimestampValue);
        var hasResponseTime = false;
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wireType) || wireType != 2)
            {
                return null;
            }

            switch (field)
            {
                case FlowField when flow is null:
                    if (!reader.TryReadLengthDelimited(out var flowBytes, out var offset))
                    {
                        return null;
                    }

                    flow = new Utf8Slice(offset, flowBytes.Length);
                    break;
                case GetFlowsResponse.NodeNameFieldNumber:
                    if (!FlowWireReader.ReadString(ref reader, out responseNode))
                    {
                        return null;
                    }

                    break;
                case GetFlowsResponse.TimeFieldNumber:
                    if (!FlowWireReader.ReadTimestamp(ref reader, 1, ref responseTime))
                    {
                        return null;
                    }

                    hasResponseTime = true;
                    break;
                default:
                    return null;
            }
        }

        if (flow is not { } slice || !FlowWireReader.TryReadHeader(slice.In(bytes), out var flowNode, out var flowTimeNs))
        {
            return null;
        }

        // The node slice of the flow is relative to the flow's bytes, the response's to the payload.
        var node = NodeNames.Get(flowNode.Length > 0 ? flowNode.In(slice.In(bytes)) : responseNode.In(bytes));
        var timeNs = flowTimeNs ?? (hasResponseTime ? responseTime.Nanoseconds : 0);
        return new RelayResponse(payload, payload.Slice(slice.Offset, slice.Length), new RelayFlow(node, timeNs, null));
    }

    /// <summary>The bytes of field 1 when it occurs exactly once at the top level of the message; null otherwise.</summary>
    internal static ReadOnlyMemory<byte>? FindFlow(ReadOnlyMemory<byte> payload)
    {
        ReadOnlyMemory<byte>? flow = null;
        var reader = new WireReader(payload.Span, 0);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return null;
            }

            if (wireType != 2)
            {
                // Groups: no field of GetFlowsResponse is one; leave such a message to the parsed flow.
                if (wireType is 3 or 4 || !reader.TrySkip(field, wireType, 0))
                {
                    return null;
                }

                continue;
            }

            if (!reader.TryReadLengthDelimited(out var bytes, out var offset))
            {
                return null;
            }

            if (field == FlowField)
            {
                if (flow is not null)
                {
                    return null;
                }

                flow = payload.Slice(offset, bytes.Length);
            }
            else if (field is GetFlowsResponse.NodeStatusFieldNumber or GetFlowsResponse.LostEventsFieldNumber)
            {
                // Another member of the oneof after the flow would have replaced it.
                flow = null;
            }
        }

        return flow;
    }

    private static string Excerpt(ReadOnlySpan<byte> payload) =>
        payload.Length == 0 ? "empty" : Convert.ToHexString(payload[..Math.Min(payload.Length, 8)]).ToLowerInvariant() + (payload.Length > 8 ? "…" : string.Empty);
}
