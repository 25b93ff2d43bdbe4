using Cilium.Observer;

namespace NetObs.History.Following;

/// <summary>
/// One GetFlows response as the relay sent it: for a flow, its bytes exactly as they arrived, which the store keeps as
/// the original, and the node and time it is stored under; otherwise the parsed message; or, for a message that could
/// not be read, why (and nothing else).
/// </summary>
/// <remarks>
/// A flow read on the wire (<see cref="RelayResponseReader"/>) is not parsed: <see cref="Response"/> parses the message
/// only when asked for, which the follower never does for a flow.
/// </remarks>
public sealed class RelayResponse
{
    private readonly ReadOnlyMemory<byte>? _payload;
    private GetFlowsResponse? _response;

    /// <summary>A parsed response (or a problem); a flow's <see cref="Flow"/> is taken from the parsed message.</summary>
    public RelayResponse(GetFlowsResponse? response, ReadOnlyMemory<byte> flowBytes, string? problem = null)
    {
        _response = response;
        FlowBytes = flowBytes;
        Problem = problem;
        if (response?.ResponseTypesCase == GetFlowsResponse.ResponseTypesOneofCase.Flow)
        {
            var flow = response.Flow;
            var node = flow.NodeName.Length > 0 ? flow.NodeName : response.NodeName;
            var timeNs = flow.Time is { } time ? ToNanos(time) : response.Time is { } responseTime ? ToNanos(responseTime) : 0;
            Flow = new RelayFlow(node, timeNs, flow);
        }
    }

    /// <summary>A flow read from the wire: the whole payload (parsed if ever asked for), the flow's bytes in it, its node and time.</summary>
    internal RelayResponse(ReadOnlyMemory<byte> payload, ReadOnlyMemory<byte> flowBytes, RelayFlow flow)
    {
        _payload = payload;
        FlowBytes = flowBytes;
        Flow = flow;
    }

    /// <summary>The parsed response; null when <see cref="Problem"/> says why it could not be parsed.</summary>
    public GetFlowsResponse? Response => _response ??= _payload is { } payload ? GetFlowsResponse.Parser.ParseFrom(payload.Span) : null;

    /// <summary>The flow field's bytes on the wire; empty unless the response is a flow.</summary>
    public ReadOnlyMemory<byte> FlowBytes { get; }

    /// <summary>A sentence naming what was wrong with the message, with a short excerpt of its bytes.</summary>
    public string? Problem { get; }

    /// <summary>For a flow, the node and time it is stored under; null for other responses.</summary>
    public RelayFlow? Flow { get; }

    private static long ToNanos(Google.Protobuf.WellKnownTypes.Timestamp time) => (time.Seconds * 1_000_000_000) + time.Nanos;
}
