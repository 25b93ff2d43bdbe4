using Cilium.Flow;

namespace NetObs.History.Storage;

/// <summary>
/// Which stored flows to read: a time range in nanoseconds (inclusive), Hubble's allow and deny lists with
/// <c>FlowFilterEvaluator</c>'s semantics, an optional cluster restriction, a limit (0: all) and an order.
/// </summary>
public sealed record FlowReadRequest
{
    /// <summary>Earliest time, inclusive; 0 for the oldest stored flow.</summary>
    public long SinceNs { get; init; }

    /// <summary>Latest time, inclusive; <see cref="long.MaxValue"/> for the newest stored flow.</summary>
    public long UntilNs { get; init; } = long.MaxValue;

    /// <summary>A flow passes when any of these matches (or the list is empty).</summary>
    public IReadOnlyList<FlowFilter> Allow { get; init; } = [];

    /// <summary>A flow is left out when any of these matches.</summary>
    public IReadOnlyList<FlowFilter> Deny { get; init; } = [];

    /// <summary>Only these clusters; empty for all.</summary>
    public IReadOnlyList<string> Clusters { get; init; } = [];

    /// <summary>At most this many flows; 0 for no limit. With <see cref="FlowReadOrder.NewestFirst"/> these are the newest ones.</summary>
    public int Limit { get; init; }

    /// <summary>
    /// When true, <see cref="Limit"/> counts per (cluster, node) rather than over all flows: Hubble Relay forwards a
    /// GetFlows request's <c>number</c> to every node unchanged and merges what they send, so "the last N" through a
    /// relay is N per node (cilium/cilium pkg/hubble/relay/observer/server.go, GetFlows).
    /// </summary>
    public bool LimitPerNode { get; init; }

    /// <summary>The order flows come back in (by time; ties in storage order).</summary>
    public FlowReadOrder Order { get; init; } = FlowReadOrder.OldestFirst;
}

/// <summary>The order of a read.</summary>
public enum FlowReadOrder
{
    /// <summary>Ascending time, as Hubble's GetFlows streams with <c>first</c> or <c>since</c>.</summary>
    OldestFirst = 0,

    /// <summary>Descending time: the newest <c>Limit</c> flows, as <c>number</c> without <c>first</c> picks them.</summary>
    NewestFirst = 1,
}
