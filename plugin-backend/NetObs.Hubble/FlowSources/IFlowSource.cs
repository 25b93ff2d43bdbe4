using Cilium.Observer;

namespace NetObs.Hubble.FlowSources;

/// <summary>
/// Where a query reads flows from: the observer calls a query type needs (a GetFlows stream, the server's status, its
/// nodes and namespaces), as Hubble Relay answers them. The relay client implements it by streaming every matching flow;
/// a source that can aggregate itself says so through <see cref="Pushdown"/>. Failures of the source are
/// <see cref="Relay.RelayException"/>s, so that only they are reported as downstream errors.
/// </summary>
public interface IFlowSource
{
    /// <summary>What this source can compute itself, so that a query type need not scan every flow; none unless the source says so.</summary>
    FlowPushdown Pushdown => FlowPushdown.None;

    /// <summary>Streams the flows (and node status and lost-events messages) that match <paramref name="request"/>.</summary>
    IAsyncEnumerable<GetFlowsResponse> GetFlowsAsync(GetFlowsRequest request, CancellationToken cancellationToken);

    /// <summary>Flow counts, buffer capacity and connected nodes.</summary>
    Task<ServerStatusResponse> ServerStatusAsync(CancellationToken cancellationToken);

    /// <summary>The nodes behind the source; a single Hubble server answers Unimplemented.</summary>
    Task<GetNodesResponse> GetNodesAsync(CancellationToken cancellationToken);

    /// <summary>Namespaces that had flows recently.</summary>
    Task<GetNamespacesResponse> GetNamespacesAsync(CancellationToken cancellationToken);
}
