namespace NetObs.Simulator.Observer;

/// <summary>A GetFlowsRequest reduced to what a node's reader needs: the filter, the bounds and the mode.</summary>
public sealed record FlowQuery(
    Func<Cilium.Flow.Flow, bool> Matches,
    ulong Number,
    bool First,
    bool Follow,
    long? SinceUnixNanos,
    long? UntilUnixNanos);
