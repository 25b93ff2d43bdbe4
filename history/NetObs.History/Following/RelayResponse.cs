using Cilium.Observer;

namespace NetObs.History.Following;

/// <summary>
/// One GetFlows response as the relay sent it: the parsed message and, for a flow, the flow's bytes exactly as they
/// arrived, which the store keeps as the original; or, for a message that could not be read, why (and nothing else).
/// </summary>
/// <param name="Response">The parsed response; null when <paramref name="Problem"/> says why it could not be parsed.</param>
/// <param name="FlowBytes">The flow field's bytes on the wire; empty unless the response is a flow.</param>
/// <param name="Problem">A sentence naming what was wrong with the message, with a short excerpt of its bytes.</param>
public sealed record RelayResponse(GetFlowsResponse? Response, ReadOnlyMemory<byte> FlowBytes, string? Problem = null);
