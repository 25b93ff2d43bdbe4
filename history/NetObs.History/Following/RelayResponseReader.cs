using Cilium.Observer;
using Google.Protobuf;
using Grpc.Core;

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

    /// <summary>GetFlows responses as <see cref="RelayResponse"/>: a malformed message becomes one with a problem, not a failed call.</summary>
    public static Marshaller<RelayResponse> Marshaller { get; } = new(
        (RelayResponse _, SerializationContext _) => throw new NotSupportedException("The history server only reads GetFlows responses."),
        (DeserializationContext context) => Read(context.PayloadAsNewBuffer()));

    /// <summary>Parses one serialized GetFlowsResponse; never throws for malformed input.</summary>
    public static RelayResponse Read(byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        GetFlowsResponse response;
        try
        {
            response = GetFlowsResponse.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException)
        {
            return new RelayResponse(null, ReadOnlyMemory<byte>.Empty,
                $"a GetFlows response of {payload.Length} bytes that is not a valid message (it starts {Excerpt(payload)})");
        }

        if (response.ResponseTypesCase != GetFlowsResponse.ResponseTypesOneofCase.Flow)
        {
            return new RelayResponse(response, ReadOnlyMemory<byte>.Empty);
        }

        return new RelayResponse(response, FindFlow(payload) ?? response.Flow.ToByteArray());
    }

    /// <summary>The bytes of field 1 when it occurs exactly once at the top level of the message; null otherwise.</summary>
    internal static ReadOnlyMemory<byte>? FindFlow(byte[] payload)
    {
        ReadOnlyMemory<byte>? flow = null;
        var at = 0;
        while (at < payload.Length)
        {
            if (!TryReadVarint(payload, ref at, out var tag))
            {
                return null;
            }

            var field = tag >> 3;
            switch ((int)(tag & 7))
            {
                case 0:
                    if (!TryReadVarint(payload, ref at, out _))
                    {
                        return null;
                    }

                    break;
                case 1:
                    at += 8;
                    break;
                case 5:
                    at += 4;
                    break;
                case 2:
                    if (!TryReadVarint(payload, ref at, out var length) || length > (ulong)(payload.Length - at))
                    {
                        return null;
                    }

                    if (field == FlowField)
                    {
                        if (flow is not null)
                        {
                            return null;
                        }

                        flow = new ReadOnlyMemory<byte>(payload, at, (int)length);
                    }
                    else if (field is GetFlowsResponse.NodeStatusFieldNumber or GetFlowsResponse.LostEventsFieldNumber)
                    {
                        // Another member of the oneof after the flow would have replaced it.
                        flow = null;
                    }

                    at += (int)length;
                    break;
                default:
                    // Groups: no field of GetFlowsResponse is one; leave such a message to the parsed flow.
                    return null;
            }
        }

        return at == payload.Length ? flow : null;
    }

    private static bool TryReadVarint(byte[] payload, ref int at, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && at < payload.Length; shift += 7)
        {
            var b = payload[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    private static string Excerpt(byte[] payload) =>
        payload.Length == 0 ? "empty" : Convert.ToHexString(payload.AsSpan(0, Math.Min(payload.Length, 8))).ToLowerInvariant() + (payload.Length > 8 ? "…" : string.Empty);
}
