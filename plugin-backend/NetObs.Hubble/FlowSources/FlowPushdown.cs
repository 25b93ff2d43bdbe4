namespace NetObs.Hubble.FlowSources;

/// <summary>
/// Aggregations a flow source can answer itself instead of streaming every matching flow. A query type asks
/// <see cref="IFlowSource.Pushdown"/> and scans and aggregates in memory for whatever is not listed, which is everything
/// for Hubble Relay: its GetFlows only filters.
/// </summary>
[Flags]
public enum FlowPushdown
{
    /// <summary>Nothing beyond filtering: the query type scans the flows.</summary>
    None = 0,

    /// <summary>Flow counts per aligned time bucket and group (the <c>timeseries</c> query type).</summary>
    BucketCounts = 1,

    /// <summary>Flow counts per group with first and last seen (the <c>topk</c> query type).</summary>
    GroupCounts = 2,

    /// <summary>Service-map nodes and edges (the <c>servicemap</c> query type).</summary>
    ServiceMapEdges = 4,
}
