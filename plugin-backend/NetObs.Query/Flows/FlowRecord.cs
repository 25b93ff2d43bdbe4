using Cilium.Flow;

namespace NetObs.Query.Flows;

/// <summary>One flow of a flows result or a live-tail batch, with its time and node.</summary>
public sealed record FlowRecord(Flow Flow, long TimeNs, string NodeName);
