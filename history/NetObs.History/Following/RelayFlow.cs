using Cilium.Flow;

namespace NetObs.History.Following;

/// <summary>
/// Where and when a flow happened as the follower stores it: the flow's <c>node_name</c>, or the response's when the
/// flow names none; the flow's <c>time</c>, or the response's, or 0.
/// </summary>
/// <param name="Parsed">The parsed flow when the response had to be parsed anyway; null when it was read from the wire.</param>
public sealed record RelayFlow(string Node, long TimeNs, Flow? Parsed);
