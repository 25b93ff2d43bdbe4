using Cilium.Observer;

namespace NetObs.Hubble.FlowSources;

/// <summary>
/// Where a query reads flows from: the observer calls a query type needs (a GetFlows stream, the server's status, its
/// nodes and namespaces), as Hubble Relay answers them. The relay client implements it by streaming every matching flow;
/// a NetObs history server at the same address also answers <see cref="HistoryAsync"/>, so query types push their
/// aggregations down to its store. Failures of the source are <see cref="Relay.RelayException"/>s, so that only they are
/// reported as downstream errors.
/// </summary>
public interface IFlowSource
{
    /// <summary>
    /// The aggregation service of the NetObs history server at the source's address, or null for a plain Hubble Relay
    /// (or a source that cannot tell): then a query type scans and aggregates in memory.
    /// </summary>
    ValueTask<IHistoryAggregations?> HistoryAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IHistoryAggregations?>(null);

    /// <summary>Streams the flows (and node status and lost-events messages) that match <paramref name="request"/>.</summary>
    IAsyncEnumerable<GetFlowsResponse> GetFlowsAsync(GetFlowsRequest request, CancellationToken cancellationToken);

    /// <summary>Flow counts, buffer capacity and connected nodes.</summary>
    Task<ServerStatusResponse> ServerStatusAsync(CancellationToken cancellationToken);

    /// <summary>The nodes behind the source; a single Hubble server answers Unimplemented.</summary>
    Task<GetNodesResponse> GetNodesAsync(CancellationToken cancellationToken);

    /// <summary>Namespaces that had flows recently.</summary>
    Task<GetNamespacesResponse> GetNamespacesAsync(CancellationToken cancellationToken);
}
